import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { newUser, sendEmailTo, useGateway } from './gateway.fixture';

describe('accepting while PostgreSQL is unreachable', () => {
  const fx = useGateway({ databaseThroughProxy: true });
  let userId = '';

  before(async () => {
    userId = (await fx.admin.POST('/api/v1/users', { body: newUser() })).data!.data.user_id;
  });

  const send = () => sendEmailTo(fx, userId);

  it('answers 503 service_unavailable with Retry-After, stays up, and accepts again once it is back', async () => {
    assert.equal((await send()).response.status, 202);
    fx.databaseProxy!.cut();
    const refused = await Promise.all(Array.from({ length: 5 }, () => send()));
    for (const { response, error } of refused) {
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '1');
      assert.equal((error as { error?: string } | undefined)?.error, 'service_unavailable');
    }
    fx.databaseProxy!.restore();
    let status = 0;
    for (let i = 0; i < 50 && status !== 202; i++) {
      status = (await send()).response.status;
      if (status !== 202) await sleep(100);
    }
    assert.equal(status, 202);
  });
});
