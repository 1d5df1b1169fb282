import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const fixture = fileURLToPath(new URL('./fixtures/logging-process.ts', import.meta.url));

describe('a service whose log reader went away', () => {
  it('still exits on SIGTERM, promptly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = once(child, 'exit');
    // Read until it logs, then close our end of its stdout: its next writes fail with EPIPE.
    await once(child.stdout, 'data');
    child.stdout.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGTERM');
    const timeout = setTimeout(() => child.kill('SIGKILL'), 8_000);
    const [code, signal] = await exited;
    clearTimeout(timeout);
    assert.equal(signal, null, 'it had to be killed: SIGTERM did not end it');
    assert.equal(code, 0);
  });
});
