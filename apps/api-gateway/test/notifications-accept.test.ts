import assert from 'node:assert/strict';
import { describe, it, before } from 'node:test';
import amqp from 'amqplib';
import { newUser, useGateway } from './gateway.fixture';

describe('accepting a notification', () => {
  const fx = useGateway();
  let userId = '';

  before(async () => {
    const created = await fx.admin.POST('/api/v1/users', { body: newUser() });
    userId = created.data!.data.user_id;
  });

  const send = (overrides: Record<string, unknown> = {}) =>
    fx.admin.POST('/api/v1/notifications', {
      body: {
        notification_type: 'email',
        user_id: userId,
        template_code: 'welcome',
        variables: { name: 'Ada', link: 'https://example.com/start' },
        request_id: `req-${Math.random()}`,
        ...overrides,
      } as never,
    });

  it('answers 202 pending and publishes the request on the email queue', async () => {
    const { data, response } = await send({ request_id: 'publish-me' });
    assert.equal(response.status, 202);
    assert.equal(data?.data.status, 'pending');
    const id = data!.data.notification_id;

    const connection = await amqp.connect(fx.ns.amqpUrl);
    try {
      const channel = await connection.createChannel();
      let found: Record<string, unknown> | undefined;
      for (let i = 0; i < 50 && !found; i++) {
        const message = await channel.get(`${fx.ns.brokerNamespace}:email.queue`, { noAck: true });
        if (message) {
          const body = JSON.parse(message.content.toString()) as Record<string, unknown>;
          if (body.notification_id === id) {
            found = body;
            assert.equal(message.properties.type, 'notification.email.requested.v1');
            assert.equal(message.properties.deliveryMode, 2);
          }
        } else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(found, 'the request was not published');
      assert.equal(found.attempt, 1);
      assert.equal(found.priority, 5);
      assert.equal(found.request_id, 'publish-me');
    } finally {
      await connection.close();
    }
    // The relay records `queued` once the broker has confirmed the publish, which can be just after a consumer
    // already holds the message.
    let timeline: string[] | undefined;
    for (let i = 0; i < 50 && timeline?.length !== 2; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      const read = await fx.admin.GET('/api/v1/notifications/{id}', { params: { path: { id } } });
      timeline = read.data?.data.timeline.map((entry) => entry.status);
    }
    assert.deepEqual(timeline, ['accepted', 'queued']);
  });

  it('routes priority 9 and above to the critical lane', async () => {
    const { data } = await send({ request_id: 'critical-one', priority: 10 });
    const connection = await amqp.connect(fx.ns.amqpUrl);
    try {
      const channel = await connection.createChannel();
      let found = false;
      for (let i = 0; i < 50 && !found; i++) {
        const message = await channel.get(`${fx.ns.brokerNamespace}:email.critical.queue`, { noAck: true });
        if (message) found = JSON.parse(message.content.toString()).notification_id === data?.data.notification_id;
        else await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(found, 'the critical request did not reach the critical lane');
    } finally {
      await connection.close();
    }
  });

  it('replays the same request_id and body with 200, the same id and Idempotent-Replayed', async () => {
    const first = await send({ request_id: 'same-twice' });
    const second = await send({ request_id: 'same-twice' });
    assert.equal(first.response.status, 202);
    assert.equal(second.response.status, 200);
    assert.equal(second.response.headers.get('idempotent-replayed'), 'true');
    assert.equal(second.data?.data.notification_id, first.data?.data.notification_id);
  });

  it('answers 422 idempotency_key_reused for the same request_id with another body', async () => {
    await send({ request_id: 'reused' });
    const { error, response } = await send({ request_id: 'reused', template_code: 'other' });
    assert.equal(response.status, 422);
    assert.equal(error?.error, 'idempotency_key_reused');
  });

  it('makes one notification of 20 concurrent identical requests, and never a 500', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => send({ request_id: 'burst' })));
    const statuses = answers.map((answer) => answer.response.status).sort();
    assert.deepEqual([...new Set(statuses)], [200, 202]);
    assert.equal(statuses.filter((status) => status === 202).length, 1);
    assert.equal(new Set(answers.map((answer) => answer.data?.data.notification_id)).size, 1);
  });

  it('answers 404 user_not_found for a user that does not exist', async () => {
    const { error, response } = await send({ user_id: '00000000-0000-4000-8000-00000000beef' });
    assert.equal(response.status, 404);
    assert.equal(error?.error, 'user_not_found');
  });

  it('answers 400 validation_failed naming each bad field', async () => {
    const { error, response } = await send({ notification_type: 'sms', priority: 11, request_id: '' });
    assert.equal(response.status, 400);
    const paths = error?.details?.map((detail) => detail.path) ?? [];
    for (const path of ['/notification_type', '/priority', '/request_id']) assert.ok(paths.includes(path), paths.join());
  });

  it('refuses a NUL character with 400 and still accepts the requests sent with it', async () => {
    const answers = await Promise.all([
      send({ variables: { name: 'A\u0000da' } }),
      ...Array.from({ length: 9 }, () => send()),
    ]);
    const [bad, ...good] = answers;
    assert.equal(bad?.response.status, 400);
    assert.equal(bad?.error?.error, 'validation_failed');
    assert.deepEqual(bad?.error?.details?.map((detail) => detail.path), ['/variables/name']);
    assert.deepEqual(good.map((answer) => answer.response.status), Array(9).fill(202));
  });

  it('lists notifications by user with pagination meta', async () => {
    const { data } = await fx.admin.GET('/api/v1/notifications', {
      params: { query: { user_id: userId, limit: 2, page: 1 } },
    });
    assert.equal(data?.meta.limit, 2);
    assert.ok((data?.meta.total ?? 0) >= 5);
    assert.equal(data?.meta.has_next, true);
    assert.ok(data?.data.every((notification) => notification.user_id === userId));
  });
});
