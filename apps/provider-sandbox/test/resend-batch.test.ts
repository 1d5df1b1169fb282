import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { newEmail, postRaw, useProviderSandbox } from './provider-sandbox.fixture';

describe('POST /emails/batch', () => {
  const fx = useProviderSandbox();

  it('accepts every email and answers their ids in order', async () => {
    const emails = [newEmail(), newEmail()];
    const { data, error } = await fx.resend.batch.send(emails);
    assert.equal(error, null);
    assert.equal(data?.data.length, 2);
    const stored = await fx.emails();
    assert.deepEqual(
      stored.map((email) => email.id),
      data?.data.map(({ id }) => id),
    );
    assert.deepEqual(
      stored.map((email) => email.to[0]),
      emails.map((email) => email.to),
    );
  });

  it('replays the same ids for the same idempotency key and stores nothing more', async () => {
    const key = randomUUID();
    const emails = [newEmail(), newEmail()];
    const first = await fx.resend.batch.send(emails, { idempotencyKey: key });
    const second = await fx.resend.batch.send(emails, { idempotencyKey: key });
    assert.deepEqual(second.data, first.data);
    assert.equal((await fx.emails()).length, 2);
    const other = await fx.resend.batch.send([newEmail()], { idempotencyKey: key });
    assert.equal(other.error?.name, 'invalid_idempotent_request');
  });

  it('refuses the whole batch in strict mode when one email is invalid', async () => {
    const { error } = await fx.resend.batch.send([newEmail(), newEmail({ subject: 'a\r\nb' })]);
    assert.equal(error?.statusCode, 422);
    assert.equal(error?.name, 'validation_error');
    assert.match(error?.message ?? '', /index 1/);
    assert.deepEqual(await fx.emails(), []);
  });

  it('accepts the valid emails in permissive mode and reports the others by index', async () => {
    const { data, error } = await fx.resend.batch.send([newEmail({ to: 'nope' }), newEmail()], {
      batchValidation: 'permissive',
    });
    assert.equal(error, null);
    assert.equal(data?.data.length, 1);
    assert.equal(data?.errors.length, 1);
    assert.equal(data?.errors[0]?.index, 0);
    assert.equal((await fx.emails()).length, 1);
  });

  it('refuses more than 100 emails and an empty batch', async () => {
    const tooMany = await postRaw(
      fx,
      '/emails/batch',
      Array.from({ length: 101 }, () => newEmail()),
    );
    assert.equal(tooMany.status, 422);
    const empty = await postRaw(fx, '/emails/batch', []);
    assert.equal(empty.status, 422);
    assert.deepEqual(await fx.emails(), []);
  });
});
