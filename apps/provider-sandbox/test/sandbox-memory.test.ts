import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newEmail, useProviderSandbox } from './provider-sandbox.fixture';

describe('the sandbox memory', () => {
  const fx = useProviderSandbox({ env: { SANDBOX_MAX_EMAILS: '3' } });

  it('keeps only the newest SANDBOX_MAX_EMAILS emails and requests', async () => {
    const subjects = ['one', 'two', 'three', 'four', 'five'];
    for (const subject of subjects) await fx.resend.emails.send(newEmail({ subject }));
    assert.deepEqual(
      (await fx.emails()).map((email) => email.subject),
      ['three', 'four', 'five'],
    );
    assert.equal((await fx.requests()).length, 3);
  });

  it('forgets everything on POST /sandbox/reset', async () => {
    await fx.resend.emails.send(newEmail());
    const response = await fetch(`${fx.sandbox.url}/sandbox/reset`, { method: 'POST' });
    assert.equal(response.status, 200);
    assert.deepEqual(await fx.emails(), []);
    assert.deepEqual(await fx.requests(), []);
  });
});
