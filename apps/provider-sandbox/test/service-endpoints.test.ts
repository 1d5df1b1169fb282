import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useProviderSandbox } from './provider-sandbox.fixture';

describe('the endpoints every Herald service has', () => {
  const fx = useProviderSandbox();

  it('answers /health and /ready in the Herald envelope', async () => {
    for (const path of ['/health', '/ready']) {
      const response = await fetch(`${fx.sandbox.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(((await response.json()) as { success: boolean }).success, true, path);
    }
  });

  it('counts Resend requests in /metrics', async () => {
    await fetch(`${fx.sandbox.url}/emails`, { method: 'POST' });
    const metrics = await (await fetch(`${fx.sandbox.url}/metrics`)).text();
    assert.match(metrics, /http_requests_total\{[^}]*status="401"[^}]*\} 1/);
  });

  it('answers an unknown Resend path in Resend’s error shape', async () => {
    const response = await fetch(`${fx.sandbox.url}/emails/a/b/c`, {
      headers: { authorization: 'Bearer re_sandbox_local_key' },
    });
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      statusCode: 404,
      name: 'not_found',
      message: 'The requested endpoint does not exist.',
    });
  });

  it('tells the push worker where the APNs stand-in and its files are', async () => {
    const settings = await fx.control<Record<string, unknown>>('/sandbox/apns/settings');
    assert.deepEqual(settings, {
      host: '127.0.0.1',
      port: fx.sandbox.apns.port,
      production: false,
      ca_file: fx.sandbox.apns.credentials.files.caCertificate,
      key_file: fx.sandbox.apns.credentials.files.authKey,
      key_id: 'SANDBOXKEY',
      team_id: 'SANDBOXTEAM',
      topic: 'com.example.herald',
    });
  });
});
