import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import apn from '@parse/node-apn';
import { Resend } from 'resend';
import { loadConfig } from '@herald/runtime';
import { ProviderSandboxEnv } from '../src/config';
import { startProviderSandbox } from '../src/provider-sandbox';
import { newEmail, sandboxApiKey, temporaryStateDir } from './provider-sandbox.fixture';
import { newDeviceToken } from './push-sandbox.fixture';

const startSandbox = () =>
  startProviderSandbox(
    loadConfig(ProviderSandboxEnv, { LOG_LEVEL: 'warn', SANDBOX_STATE_DIR: temporaryStateDir() }),
    {
      port: 0,
      apnsPort: 0,
    },
  );

async function queueScript(url: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 201);
}

describe('shutting the sandbox down', () => {
  it('answers a held request at once instead of waiting out its hold', async () => {
    const sandbox = await startSandbox();
    await queueScript(sandbox.url, '/sandbox/resend/script', { responses: [{ hold_ms: 60_000 }] });
    const held = new Resend(sandboxApiKey, { baseUrl: sandbox.url }).emails.send(newEmail());
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = performance.now();
    await sandbox.close();
    assert.ok(performance.now() - started < 3_000, 'close waited for the hold');
    const { data, error } = await held;
    assert.equal(error, null);
    assert.match(data?.id ?? '', /^[0-9a-f-]{36}$/);
  });

  it('answers a held APNs push and closes an open HTTP/2 connection without waiting for its client', async () => {
    const sandbox = await startSandbox();
    const { credentials, port } = sandbox.apns;
    const provider = new apn.Provider({
      token: {
        key: readFileSync(credentials.files.authKey),
        keyId: credentials.keyInfo.key_id,
        teamId: credentials.keyInfo.team_id,
      },
      production: false,
      address: '127.0.0.1',
      port,
      ca: [readFileSync(credentials.files.caCertificate)],
    });
    try {
      await queueScript(sandbox.url, '/sandbox/apns/script', { responses: [{ hold_ms: 60_000 }] });
      const notification = new apn.Notification({ alert: 'held' });
      notification.topic = credentials.keyInfo.topic;
      const held = provider.send(notification, newDeviceToken());
      await new Promise((resolve) => setTimeout(resolve, 200));

      const started = performance.now();
      await sandbox.close();
      assert.ok(performance.now() - started < 3_000, 'close waited for the hold or the connection');
      assert.equal((await held).sent.length, 1);
    } finally {
      await provider.shutdown();
    }
  });
});
