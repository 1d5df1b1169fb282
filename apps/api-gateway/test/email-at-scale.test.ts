import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, before } from 'node:test';
import { newUser, useGateway } from './gateway.fixture';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Sends `count` notifications, at most `concurrency` at a time; every one must be accepted. */
async function sendMany(send: () => Promise<{ response: Response; data?: { data: { notification_id: string } } }>, count: number, concurrency = 25) {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const { response, data } = await send();
        assert.equal(response.status, 202);
        ids.push(data!.data.notification_id);
      }
    }),
  );
  return ids;
}

describe('email at scale', () => {
  const fx = useGateway({ email: { workers: 2 }, brokerThroughProxy: true, env: { RATE_LIMIT_PER_SECOND: '100000' } });

  before(async () => {
    await fx.admin.POST('/api/v1/templates', {
      body: { code: 'digest', channel: 'email', subject: 'Digest for {{name}}', body: 'Hello {{name}}' },
    });
  });

  async function userAndEmail() {
    const body = newUser();
    const created = await fx.admin.POST('/api/v1/users', { body });
    return { userId: created.data!.data.user_id, email: body.email };
  }

  const sender = (userId: string) => () =>
    fx.admin.POST('/api/v1/notifications', {
      body: { notification_type: 'email', user_id: userId, template_code: 'digest', variables: { name: 'Ada' }, request_id: randomUUID() },
    });

  async function deliveredCount(worker: { url: string }): Promise<number> {
    const text = await (await fetch(`${worker.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('herald_deliveries_total') && l.includes('outcome="delivered"'));
    return line ? Number(line.split(' ').pop()) : 0;
  }

  it('delivers 1,000 notifications shared by two worker copies, each exactly once', async () => {
    const { userId, email } = await userAndEmail();
    const ids = await sendMany(sender(userId), 1_000);
    const emails = await eventually(() => fx.sandbox.emails(email), (list) => list.length >= 1_000, 180_000);
    assert.equal(emails.length, 1_000);
    assert.deepEqual(new Set(emails.map((sent) => sent.idempotency_key)), new Set(ids));
    const perWorker = await Promise.all(fx.emailWorkers.map(deliveredCount));
    assert.ok(perWorker.every((count) => count > 0), `work was not shared: ${perWorker.join(', ')}`);
  });

  it('delivers every one of 500 accepts exactly once when the broker connections are cut during the burst', async () => {
    const { userId, email } = await userAndEmail();
    const burst = sendMany(sender(userId), 500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    fx.brokerProxy!.cut();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    fx.brokerProxy!.restore();
    const ids = await burst;
    assert.equal(ids.length, 500);
    const emails = await eventually(() => fx.sandbox.emails(email), (list) => list.length >= 500, 180_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const final = await fx.sandbox.emails(email);
    assert.equal(final.length, 500, `${emails.length} emails for 500 accepts`);
    assert.deepEqual(new Set(final.map((sent) => sent.idempotency_key)), new Set(ids));
  });
});
