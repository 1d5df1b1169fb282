import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { newEmail, useProviderSandbox } from './provider-sandbox.fixture';

describe('scripted Resend failures', () => {
  const fx = useProviderSandbox();

  it('answers a scripted 500, leaves the key unused, then accepts the retry', async () => {
    const key = randomUUID();
    const email = newEmail();
    assert.equal((await fx.script({ responses: [{ status: 500 }] })).status, 201);

    const failed = await fx.resend.emails.send(email, { idempotencyKey: key });
    assert.equal(failed.error?.statusCode, 500);
    assert.equal(failed.error?.name, 'internal_server_error');
    const retried = await fx.resend.emails.send(email, { idempotencyKey: key });
    assert.equal(retried.error, null);

    assert.equal((await fx.emails({ idempotency_key: key })).length, 1);
    const requests = await fx.requests({ idempotency_key: key });
    assert.deepEqual(
      requests.map((r) => [r.status, r.scripted, r.replayed]),
      [
        [500, true, false],
        [200, false, false],
      ],
    );
  });

  it('sets retry-after on a scripted 429', async () => {
    await fx.script({ responses: [{ status: 429, retry_after_s: 2 }] });
    const { error, headers } = await fx.resend.emails.send(newEmail());
    assert.equal(error?.statusCode, 429);
    assert.equal(error?.name, 'rate_limit_exceeded');
    assert.equal(headers?.['retry-after'], '2');
    assert.deepEqual(await fx.emails(), []);
  });

  it('answers a scripted error with the given name and message, in order, then normally', async () => {
    await fx.script({
      responses: [
        { status: 422, name: 'validation_error', message: 'scripted refusal' },
        { status: 503 },
        { status: 200 },
      ],
    });
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const { error } = await fx.resend.emails.send(newEmail());
      statuses.push(error ? `${error.statusCode} ${error.name} ${error.message}` : 'ok');
    }
    assert.deepEqual(statuses, [
      '422 validation_error scripted refusal',
      '503 internal_server_error An unexpected error occurred.',
      'ok',
      'ok',
    ]);
  });

  it('applies a script only to the requests it matches', async () => {
    await fx.script({ match: { to: 'flaky@example.com' }, responses: [{ status: 500 }] });
    const other = await fx.resend.emails.send(newEmail());
    assert.equal(other.error, null);
    const flaky = await fx.resend.emails.send(newEmail({ to: 'Flaky <FLAKY@example.com>' }));
    assert.equal(flaky.error?.statusCode, 500);
  });

  it('accepts the email but drops the connection on disconnect, so a retry with the key gets the same id', async () => {
    const key = randomUUID();
    const email = newEmail();
    await fx.script({ responses: [{ disconnect: true }] });
    const lost = await fx.resend.emails.send(email, { idempotencyKey: key });
    assert.equal(lost.error?.statusCode, null);
    const [stored] = await fx.emails({ idempotency_key: key });
    const retried = await fx.resend.emails.send(email, { idempotencyKey: key });
    assert.equal(retried.data?.id, stored?.id);
    assert.equal((await fx.emails()).length, 1);
  });

  it('refuses a malformed script with the Herald envelope', async () => {
    const response = await fx.script({ responses: [{ status: 302 }] });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { success: boolean; error: string };
    assert.equal(body.success, false);
    assert.equal(body.error, 'validation_failed');
  });

  it('lists pending scripts and forgets them on reset', async () => {
    await fx.script({ responses: [{ status: 500 }, { status: 502 }] });
    await fx.resend.emails.send(newEmail());
    const pending = (await (await fetch(`${fx.sandbox.url}/sandbox/resend/script`)).json()) as {
      data: { pending: unknown[] }[];
    };
    assert.deepEqual(
      pending.data.map((script) => script.pending),
      [[{ status: 502 }]],
    );
    await fetch(`${fx.sandbox.url}/sandbox/reset`, { method: 'POST' });
    assert.equal((await fx.resend.emails.send(newEmail())).error, null);
  });
});
