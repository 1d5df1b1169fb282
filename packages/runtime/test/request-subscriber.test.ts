import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MessageHeaders, Subscriptions, type NotificationEmailRequestedV1 } from '@herald/contracts';
import {
  createLogger,
  currentCorrelationId,
  PermanentDeliveryError,
  retryPolicyFor,
  subscribeToRequests,
  TransientDeliveryError,
  type DeliveryReport,
  type RequestSubscription,
} from '../src/index';
import { emailRequest, publishRequest, testTiersMs, useBroker } from './broker.fixture';

type Behaviour = (request: NotificationEmailRequestedV1) => Promise<DeliveryReport>;

describe('subscribeToRequests', () => {
  const fx = useBroker();
  const behaviours = new Map<string, Behaviour>();
  const seen: NotificationEmailRequestedV1[] = [];
  const correlations = new Map<string, string | undefined>();
  let subscription: RequestSubscription | undefined;

  async function start(): Promise<void> {
    subscription ??= await subscribeToRequests<NotificationEmailRequestedV1>({
      broker: fx.broker,
      log: createLogger({ service: 'runtime-test', level: 'silent' }),
      subscriptions: [Subscriptions.emailRequests, Subscriptions.emailCriticalRequests],
      messageType: 'notification.email.requested.v1',
      retryPolicy: { ...retryPolicyFor(testTiersMs), maxAttempts: 3 },
      handle: async (request) => {
        seen.push(request);
        correlations.set(request.message_id, currentCorrelationId());
        const behaviour = behaviours.get(request.notification_id);
        return behaviour ? behaviour(request) : { status: 'delivered', provider_message_id: 'p-1' };
      },
    });
  }
  after(() => subscription?.drain());

  const attemptsOf = (id: string) => seen.filter((r) => r.notification_id === id).map((r) => r.attempt);

  it('publishes a delivered status event for a handled request, under its correlation id', async () => {
    await start();
    const request = emailRequest();
    await publishRequest(fx.broker, request);
    const status = await fx.statuses.waitFor((s) => s.content.notification_id === request.notification_id);
    assert.equal(status.content.status, 'delivered');
    assert.equal(status.content.channel, 'email');
    assert.equal(status.content.provider_message_id, 'p-1');
    assert.equal(status.content.correlation_id, request.correlation_id);
    assert.equal(correlations.get(request.message_id), request.correlation_id);
  });

  it('retries a transient failure with the next attempt and a new message id', async () => {
    await start();
    const request = emailRequest();
    let calls = 0;
    behaviours.set(request.notification_id, async () => {
      calls += 1;
      if (calls === 1) throw new TransientDeliveryError('provider answered 503');
      return { status: 'delivered' };
    });
    await publishRequest(fx.broker, request);
    await fx.statuses.waitFor(
      (s) => s.content.notification_id === request.notification_id && s.content.status === 'delivered',
    );
    const failed = fx.statuses.items.find(
      (s) => s.content.notification_id === request.notification_id && s.content.status === 'attempt_failed',
    );
    assert.equal(failed?.content.detail, 'provider answered 503');
    assert.deepEqual(attemptsOf(request.notification_id), [1, 2]);
    const ids = seen.filter((r) => r.notification_id === request.notification_id).map((r) => r.message_id);
    assert.notEqual(ids[0], ids[1]);
  });

  it('keeps a critical request on the critical lane when it retries', async () => {
    await start();
    const request = emailRequest({ priority: 10 });
    let calls = 0;
    behaviours.set(request.notification_id, async () => {
      calls += 1;
      if (calls === 1) throw new TransientDeliveryError('timeout');
      return { status: 'delivered' };
    });
    await publishRequest(fx.broker, request);
    await fx.statuses.waitFor(
      (s) => s.content.notification_id === request.notification_id && s.content.status === 'delivered',
    );
    assert.deepEqual(attemptsOf(request.notification_id), [1, 2]);
  });

  it('sends a permanent failure to failed.queue with its reason, without retrying', async () => {
    await start();
    const request = emailRequest();
    behaviours.set(request.notification_id, async () => {
      throw new PermanentDeliveryError('template_not_found: welcome');
    });
    await publishRequest(fx.broker, request);
    const dead = await fx.failed.waitFor((f) => f.content.notification_id === request.notification_id);
    assert.equal(dead.headers[MessageHeaders.failureReason], 'template_not_found: welcome');
    const status = await fx.statuses.waitFor((s) => s.content.notification_id === request.notification_id);
    assert.equal(status.content.status, 'failed');
    assert.equal(status.content.detail, 'template_not_found: welcome');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(attemptsOf(request.notification_id), [1]);
  });

  it('fails a request whose attempts are used up, with the last reason', async () => {
    await start();
    const request = emailRequest();
    behaviours.set(request.notification_id, async () => {
      throw new TransientDeliveryError('connection refused');
    });
    await publishRequest(fx.broker, request);
    const dead = await fx.failed.waitFor((f) => f.content.notification_id === request.notification_id);
    assert.match(
      String(dead.headers[MessageHeaders.failureReason]),
      /gave up after 3 attempts: connection refused/,
    );
    assert.deepEqual(attemptsOf(request.notification_id), [1, 2, 3]);
    const statuses = fx.statuses.items
      .filter((s) => s.content.notification_id === request.notification_id)
      .map((s) => s.content.status);
    assert.deepEqual(statuses, ['attempt_failed', 'attempt_failed', 'failed']);
  });

  it('treats an unexpected error as transient', async () => {
    await start();
    const request = emailRequest();
    let calls = 0;
    behaviours.set(request.notification_id, async () => {
      calls += 1;
      if (calls === 1) throw new Error('database connection lost');
      return { status: 'skipped', detail: 'email preference is off' };
    });
    await publishRequest(fx.broker, request);
    const status = await fx.statuses.waitFor(
      (s) => s.content.notification_id === request.notification_id && s.content.status === 'skipped',
    );
    assert.equal(status.content.detail, 'email preference is off');
    assert.deepEqual(attemptsOf(request.notification_id), [1, 2]);
  });

  it('waits out a retry-after longer than the longest delay tier', async () => {
    await start();
    const request = emailRequest();
    const at: number[] = [];
    behaviours.set(request.notification_id, async () => {
      at.push(Date.now());
      if (at.length === 1) throw new TransientDeliveryError('429 rate limited', { retryAfterMs: 1_000 });
      return { status: 'delivered' };
    });
    await publishRequest(fx.broker, request);
    await fx.statuses.waitFor(
      (s) => s.content.notification_id === request.notification_id && s.content.status === 'delivered',
    );
    const [first = 0, second = 0] = at;
    assert.ok(second - first >= 1_000, `retried after ${second - first} ms`);
    assert.deepEqual(attemptsOf(request.notification_id), [1, 2]);
  });
});
