import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@herald/runtime';
import { ProviderSandboxEnv, defaultApnsPort } from '../src/config';
import { startProviderSandbox } from '../src/provider-sandbox';
import { temporaryStateDir } from './provider-sandbox.fixture';

const configWith = (env: Record<string, string> = {}) =>
  loadConfig(ProviderSandboxEnv, { LOG_LEVEL: 'silent', SANDBOX_STATE_DIR: temporaryStateDir(), ...env });

describe('the APNs stand-in’s port', () => {
  let blocker: Server | undefined;
  before(async () => {
    // Holds 8443 like a developer's own sandbox would; if something else already does, so much the better.
    const server = createServer();
    server.listen(defaultApnsPort, '0.0.0.0');
    try {
      await once(server, 'listening');
      blocker = server;
    } catch {
      server.close();
    }
  });
  after(() => blocker?.close());

  it('is another free port when 8443 is taken and SANDBOX_APNS_PORT is not set', async () => {
    const sandbox = await startProviderSandbox(configWith(), { port: 0 });
    try {
      assert.notEqual(sandbox.apns.port, defaultApnsPort);
      assert.ok(sandbox.apns.port > 0);
    } finally {
      await sandbox.close();
    }
  });

  it('fails the start when the port SANDBOX_APNS_PORT names is taken', async () => {
    await assert.rejects(
      startProviderSandbox(configWith({ SANDBOX_APNS_PORT: String(defaultApnsPort) }), { port: 0 }),
      /EADDRINUSE/,
    );
  });
});
