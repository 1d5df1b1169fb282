import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, before, after } from 'node:test';
import pg from 'pg';
import { MessageTypes, Publications, type DeliveryStatus } from '@herald/contracts';
import { createBroker, createLogger, type Broker } from '@herald/runtime';
import { newUser, useGateway } from './gateway.fixture';

describe('notification status', () => {
  const fx = useGateway();
  let userId = '';
  let broker: Broker;

  before(async () => {
    userId = (await fx.admin.POST('/api/v1/users', { body: newUser() })).data!.data.user_id;
    broker = await createBroker({
      url: fx.ns.amqpUrl,
      namespace: fx.ns.brokerNamespace,
      log: createLogger({ service: 'test', level: 'silent' }),
    });
  });
  after(() => broker?.close());

  async function accepted(): Promise<string> {
    const { data } = await fx.admin.POST('/api/v1/notifications', {
      body: { notification_type: 'email', user_id: userId, template_code: 'welcome', variables: {}, request_id: randomUUID() },
    });
    const id = data!.data.notification_id;
    // A worker can only report on a request the relay has published.
    await eventually(() => read(id), (answer) => answer.data?.data.timeline.some((entry) => entry.status === 'queued') ?? false);
    return id;
  }

  async function report(
    notificationId: string,
    status: DeliveryStatus,
    attempt: number,
    detail: string | null = null,
    messageId: string = randomUUID(),
    occurredAt: Date = new Date(),
  ) {
    await broker.publish(Publications.statusReported, {
      type: MessageTypes.statusReported,
      message_id: messageId,
      notification_id: notificationId,
      request_id: 'r',
      correlation_id: 'c',
      attempt,
      occurred_at: occurredAt.toISOString(),
      status,
      channel: 'email',
      detail,
    });
    return messageId;
  }

  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return read();
  }

  const read = (id: string) => fx.admin.GET('/api/v1/notifications/{id}', { params: { path: { id } } });

  it('becomes delivered with every step in its timeline', async () => {
    const id = await accepted();
    await report(id, 'attempt_failed', 1, 'resend answered 500');
    await report(id, 'delivered', 2);
    const { data } = await eventually(() => read(id), (answer) => answer.data?.data.timeline.length === 4);
    assert.equal(data?.data.status, 'delivered');
    assert.equal(data?.data.attempts, 2);
    assert.equal(data?.data.error, null);
    const steps = data!.data.timeline.map((entry) => `${entry.status}${entry.detail ? `: ${entry.detail}` : ''}`);
    assert.deepEqual(steps, ['accepted', 'queued', 'attempt_failed: attempt 1 failed: resend answered 500', 'delivered']);
  });

  it('records a burst of status messages, several per notification and some twice, each once and in order', async () => {
    const ids = await Promise.all(Array.from({ length: 30 }, () => accepted()));
    // Published without waiting in between, so they reach the consumer together, in any order, and are recorded in
    // batches: the timeline follows when each step happened, and the settled state wins over a late failed attempt.
    await Promise.all(
      ids.map(async (id) => {
        const delivered = randomUUID();
        const deliveredAt = new Date(Date.now() + 10);
        await Promise.all([
          report(id, 'attempt_failed', 1, 'resend answered 503'),
          report(id, 'delivered', 2, null, delivered, deliveredAt),
          report(id, 'delivered', 2, null, delivered, deliveredAt),
        ]);
      }),
    );
    for (const id of ids) {
      const { data } = await eventually(() => read(id), (answer) => answer.data?.data.status === 'delivered');
      await new Promise((resolve) => setTimeout(resolve, 20));
      const final = (await read(id)).data?.data;
      assert.equal(data?.data.status, 'delivered', id);
      assert.equal(final?.attempts, 2, id);
      assert.equal(final?.error, null, id);
      assert.deepEqual(
        final?.timeline.map((entry) => entry.status),
        ['accepted', 'queued', 'attempt_failed', 'delivered'],
        id,
      );
    }
  });

  it('records nothing for a status about a notification it never accepted', async () => {
    const unknown = randomUUID();
    await report(unknown, 'delivered', 1);
    // Status messages are recorded in the order they come; once a later one shows, the first was handled.
    const known = await accepted();
    await report(known, 'delivered', 1);
    await eventually(() => read(known), (answer) => answer.data?.data.status === 'delivered');
    assert.equal((await read(unknown)).response.status, 404);
    const client = new pg.Client({
      connectionString: fx.ns.databaseUrl.replace(/\/[^/]*$/, `/${fx.ns.database('gateway')}`),
    });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM notification_events WHERE notification_id = $1', [
        unknown,
      ]);
      assert.deepEqual(rows, [{ n: 0 }]);
    } finally {
      await client.end();
    }
  });

  it('records a redelivered status message once', async () => {
    const id = await accepted();
    const messageId = randomUUID();
    for (let i = 0; i < 2; i++) {
      await broker.publish(Publications.statusReported, {
        type: MessageTypes.statusReported,
        message_id: messageId,
        notification_id: id,
        request_id: 'r',
        correlation_id: 'c',
        attempt: 1,
        occurred_at: new Date().toISOString(),
        status: 'skipped',
        channel: 'email',
        detail: 'email preference is off',
      });
    }
    await report(id, 'queued', 1);
    const { data } = await eventually(() => read(id), (answer) => (answer.data?.data.timeline.length ?? 0) >= 4);
    assert.equal(data?.data.status, 'skipped');
    assert.equal(data?.data.error, 'email preference is off');
    assert.equal(data?.data.timeline.filter((entry) => entry.status === 'skipped').length, 1);
  });

  it('retries a failed notification with a new attempt, and refuses to retry a delivered one', async () => {
    const id = await accepted();
    await report(id, 'failed', 1, 'resend answered 422: invalid from');
    await eventually(() => read(id), (answer) => answer.data?.data.status === 'failed');
    const retried = await fx.admin.POST('/api/v1/notifications/{id}/retry', { params: { path: { id } } });
    assert.equal(retried.response.status, 202);
    assert.equal(retried.data?.data.status, 'pending');
    assert.ok(retried.data?.data.timeline.some((entry) => entry.status === 'retry_requested'));

    await report(id, 'delivered', 1);
    await eventually(() => read(id), (answer) => answer.data?.data.status === 'delivered');
    const again = await fx.admin.POST('/api/v1/notifications/{id}/retry', { params: { path: { id } } });
    assert.equal(again.response.status, 409);
  });

  it('records a status reported through POST /api/v1/email/status', async () => {
    const id = await accepted();
    const { data, response } = await fx.admin.POST('/api/v1/email/status', {
      body: { notification_id: id, status: 'failed', error: 'mailbox full' },
    });
    assert.equal(response.status, 200);
    assert.equal(data?.data.status, 'failed');
    assert.equal(data?.data.error, 'mailbox full');
    const wrongChannel = await fx.admin.POST('/api/v1/push/status', { body: { notification_id: id, status: 'delivered' } });
    assert.equal(wrongChannel.response.status, 404);
  });

  it('filters the list by status', async () => {
    const { data } = await fx.admin.GET('/api/v1/notifications', { params: { query: { status: 'failed' } } });
    assert.ok((data?.data.length ?? 0) >= 1);
    assert.ok(data?.data.every((notification) => notification.status === 'failed'));
  });
});
