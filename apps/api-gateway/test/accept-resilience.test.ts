import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, before } from 'node:test';
import pg from 'pg';
import { newUser, sendEmailTo, useGateway } from './gateway.fixture';

describe('accepting while a dependency is down', () => {
  const fx = useGateway({ brokerThroughProxy: true });
  let userId = '';

  before(async () => {
    userId = (await fx.admin.POST('/api/v1/users', { body: newUser() })).data!.data.user_id;
  });

  const send = (overrides: Record<string, unknown> = {}) => sendEmailTo(fx, userId, overrides);

  async function unpublished(): Promise<number> {
    const client = new pg.Client({ connectionString: fx.ns.databaseUrl.replace(/\/[^/]*$/, `/${fx.ns.database('gateway')}`) });
    await client.connect();
    try {
      const result = await client.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
      return Number(result.rows[0]?.n);
    } finally {
      await client.end();
    }
  }

  it('accepts every request while RabbitMQ is unreachable, and publishes them all once it is back', async () => {
    const first = await send();
    assert.equal(first.response.status, 202);
    fx.brokerProxy!.cut();
    const answers = await Promise.all(Array.from({ length: 50 }, () => send()));
    assert.deepEqual([...new Set(answers.map((answer) => answer.response.status))], [202]);
    assert.ok((await unpublished()) > 0, 'nothing was waiting in the outbox while the broker was away');
    fx.brokerProxy!.restore();
    let left = await unpublished();
    for (let i = 0; i < 150 && left > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      left = await unpublished();
    }
    assert.equal(left, 0);
  });

  it('accepts when the user service is down, noting that the user was not checked', async () => {
    await fx.userService.stop();
    const { data, response } = await send({ user_id: randomUUID() });
    assert.equal(response.status, 202);
    const read = await fx.admin.GET('/api/v1/notifications/{id}', { params: { path: { id: data!.data.notification_id } } });
    assert.match(read.data?.data.timeline[0]?.detail ?? '', /user service was unavailable/);
  });
});
