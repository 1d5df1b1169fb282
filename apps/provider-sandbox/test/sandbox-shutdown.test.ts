import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Resend } from 'resend';
import { loadConfig } from '@herald/runtime';
import { ProviderSandboxEnv } from '../src/config';
import { startProviderSandbox } from '../src/provider-sandbox';
import { newEmail, sandboxApiKey } from './provider-sandbox.fixture';

describe('shutting the sandbox down', () => {
  it('answers a held request at once instead of waiting out its hold', async () => {
    const sandbox = await startProviderSandbox(loadConfig(ProviderSandboxEnv, { LOG_LEVEL: 'warn' }), {
      port: 0,
    });
    const script = await fetch(`${sandbox.url}/sandbox/resend/script`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ responses: [{ hold_ms: 60_000 }] }),
    });
    assert.equal(script.status, 201);
    const held = new Resend(sandboxApiKey, { baseUrl: sandbox.url }).emails.send(newEmail());
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = performance.now();
    await sandbox.close();
    assert.ok(performance.now() - started < 3_000, 'close waited for the hold');
    const { data, error } = await held;
    assert.equal(error, null);
    assert.match(data?.id ?? '', /^[0-9a-f-]{36}$/);
  });
});
