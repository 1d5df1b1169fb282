import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { newEmail, postRaw, sandboxApiKey, useProviderSandbox } from './provider-sandbox.fixture';

const day = 24 * 60 * 60 * 1000;
let clockOffsetMs = 0;

describe('Resend idempotency keys', () => {
  const fx = useProviderSandbox({ now: () => new Date(Date.now() + clockOffsetMs) });

  it('answers the same id for the same key and payload, and stores one email', async () => {
    const key = `welcome/${randomUUID()}`;
    const email = newEmail();
    const first = await fx.resend.emails.send(email, { idempotencyKey: key });
    const second = await fx.resend.emails.send({ ...email }, { idempotencyKey: key });
    assert.equal(first.error, null);
    assert.equal(second.error, null);
    assert.equal(second.data?.id, first.data?.id);
    const stored = await fx.emails({ idempotency_key: key });
    assert.deepEqual(
      stored.map((e) => e.id),
      [first.data?.id],
    );
    const requests = await fx.requests({ idempotency_key: key });
    assert.deepEqual(
      requests.map((r) => [r.status, r.replayed]),
      [
        [200, false],
        [200, true],
      ],
    );
  });

  it('takes the same payload with its fields in another order as the same request', async () => {
    const key = randomUUID();
    const headers = { authorization: `Bearer ${sandboxApiKey}`, 'idempotency-key': key };
    const email = { ...newEmail(), tags: [{ name: 'kind', value: 'welcome' }] };
    const reordered = Object.fromEntries(Object.entries(email).reverse());
    reordered.tags = [{ value: 'welcome', name: 'kind' }];
    const first = await postRaw(fx, '/emails', email, headers);
    const second = await postRaw(fx, '/emails', reordered, headers);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, first.body);
    const changed = await postRaw(
      fx,
      '/emails',
      { ...reordered, tags: [{ value: 'other', name: 'kind' }] },
      headers,
    );
    assert.equal(changed.status, 409);
    assert.equal(changed.body.name, 'invalid_idempotent_request');
  });

  it('answers 409 invalid_idempotent_request for the same key with another payload', async () => {
    const key = randomUUID();
    await fx.resend.emails.send(newEmail(), { idempotencyKey: key });
    const { data, error } = await fx.resend.emails.send(newEmail(), { idempotencyKey: key });
    assert.equal(data, null);
    assert.equal(error?.statusCode, 409);
    assert.equal(error?.name, 'invalid_idempotent_request');
    assert.equal((await fx.emails()).length, 1);
  });

  it('answers 409 concurrent_idempotent_requests while the first request with the key is in flight', async () => {
    const key = randomUUID();
    const email = newEmail();
    await fx.script({ match: { idempotency_key: key }, responses: [{ hold_ms: 1_000 }] });
    const first = fx.resend.emails.send(email, { idempotencyKey: key });
    await waitFor(async () => (await fx.requests({ idempotency_key: key })).length === 1);

    const concurrent = await fx.resend.emails.send(email, { idempotencyKey: key });
    assert.equal(concurrent.error?.statusCode, 409);
    assert.equal(concurrent.error?.name, 'concurrent_idempotent_requests');

    const held = await first;
    assert.equal(held.error, null);
    const after = await fx.resend.emails.send(email, { idempotencyKey: key });
    assert.equal(after.data?.id, held.data?.id);
    assert.equal((await fx.emails()).length, 1);
  });

  it('answers 400 invalid_idempotency_key for a key longer than 256 characters', async () => {
    const { error } = await fx.resend.emails.send(newEmail(), { idempotencyKey: 'k'.repeat(257) });
    assert.equal(error?.statusCode, 400);
    assert.equal(error?.name, 'invalid_idempotency_key');
    const accepted = await fx.resend.emails.send(newEmail(), { idempotencyKey: 'k'.repeat(256) });
    assert.equal(accepted.error, null);
  });

  it('forgets a key after 24 hours', async () => {
    const key = randomUUID();
    const first = await fx.resend.emails.send(newEmail(), { idempotencyKey: key });
    clockOffsetMs += day - 1_000;
    const withinDay = await fx.resend.emails.send(newEmail(), { idempotencyKey: key });
    assert.equal(withinDay.error?.name, 'invalid_idempotent_request');
    clockOffsetMs += 2_000;
    const nextDay = await fx.resend.emails.send(newEmail(), { idempotencyKey: key });
    assert.equal(nextDay.error, null);
    assert.notEqual(nextDay.data?.id, first.data?.id);
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
