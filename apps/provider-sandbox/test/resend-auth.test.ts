import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Resend } from 'resend';
import { newEmail, postRaw, useProviderSandbox } from './provider-sandbox.fixture';

describe('Resend API keys', () => {
  const fx = useProviderSandbox({ env: { RESEND_API_KEY: 're_sandbox_local_key, re_second_key' } });

  it('answers 403 invalid_api_key for a key it does not know, and stores nothing', async () => {
    const resend = new Resend('re_wrong_key', { baseUrl: fx.sandbox.url });
    const { data, error } = await resend.emails.send(newEmail());
    assert.equal(data, null);
    assert.deepEqual(error, { statusCode: 403, name: 'invalid_api_key', message: 'API key is invalid.' });
    assert.deepEqual(await fx.emails(), []);
  });

  it('answers 401 missing_api_key without an Authorization header', async () => {
    const { status, body } = await postRaw(fx, '/emails', newEmail(), {});
    assert.equal(status, 401);
    assert.equal(body.name, 'missing_api_key');
  });

  it('accepts every key listed in RESEND_API_KEY', async () => {
    const resend = new Resend('re_second_key', { baseUrl: fx.sandbox.url });
    const { error } = await resend.emails.send(newEmail());
    assert.equal(error, null);
  });

  it('records refused requests with their status', async () => {
    await new Resend('re_wrong_key', { baseUrl: fx.sandbox.url }).emails.send(newEmail());
    const [request] = await fx.requests();
    assert.equal(request?.status, 403);
    assert.equal(request?.error_name, 'invalid_api_key');
    assert.equal(request?.path, '/emails');
  });
});
