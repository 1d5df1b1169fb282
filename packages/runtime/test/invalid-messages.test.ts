import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MessageHeaders, MessageTypes, Publications, Subscriptions } from '@herald/contracts';
import { createLogger, subscribeToRequests, type RequestSubscription } from '../src/index';
import { emailRequest, publishRequest, useBroker } from './broker.fixture';

describe('an unreadable message on a request queue', () => {
  const fx = useBroker();
  const handled: string[] = [];
  let subscription: RequestSubscription | undefined;
  after(() => subscription?.drain());

  async function start(): Promise<void> {
    subscription ??= await subscribeToRequests({
      broker: fx.broker,
      log: createLogger({ service: 'runtime-test', level: 'silent' }),
      subscriptions: [Subscriptions.emailRequests],
      messageType: MessageTypes.emailRequested,
      handle: async (request) => {
        handled.push(request.notification_id);
        return { status: 'delivered' };
      },
    });
  }

  it('goes to failed.queue with the reason when it is not JSON, and the next request is still delivered', async () => {
    await start();
    const session = await fx.broker.rascal.publish(Publications.emailRequested, Buffer.from('{not json'), {
      options: { contentType: 'application/json', messageId: 'garbage-1' },
    });
    await new Promise((resolve) => session.on('success', resolve));
    const dead = await fx.failed.waitFor((f) => String(f.content.raw ?? '').startsWith('{not json'));
    assert.match(String(dead.headers[MessageHeaders.failureReason]), /^invalid content/);

    const request = emailRequest();
    await publishRequest(fx.broker, request);
    await fx.statuses.waitFor((s) => s.content.notification_id === request.notification_id);
    assert.ok(handled.includes(request.notification_id));
  });

  it('goes to failed.queue with the schema error when it does not match its schema', async () => {
    await start();
    const bad = { ...emailRequest(), user_id: 'not-a-uuid' };
    const session = await fx.broker.rascal.publish(Publications.emailRequested, bad);
    await new Promise((resolve) => session.on('success', resolve));
    const dead = await fx.failed.waitFor((f) => f.content.notification_id === bad.notification_id);
    assert.match(String(dead.headers[MessageHeaders.failureReason]), /^invalid message: .*user_id/);
    assert.ok(!handled.includes(bad.notification_id));
  });

  it('goes to failed.queue when it is another message type', async () => {
    await start();
    const wrong = { ...emailRequest(), type: MessageTypes.pushRequested };
    const session = await fx.broker.rascal.publish(Publications.emailRequested, wrong);
    await new Promise((resolve) => session.on('success', resolve));
    const dead = await fx.failed.waitFor((f) => f.content.notification_id === wrong.notification_id);
    assert.match(
      String(dead.headers[MessageHeaders.failureReason]),
      /expected notification\.email\.requested\.v1/,
    );
  });
});
