import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadApnsCredentials } from '../src/apns/apns.credentials';
import { defaultApnsStateFiles } from '../src/apns/apns-state.files';
import { defaultSandboxStateDir } from '../src/config';
import { temporaryStateDir } from './provider-sandbox.fixture';

describe('the APNs stand-in’s state files', () => {
  it('writes the CA, a PKCS#8 ES256 key and the key identity into the state directory', async () => {
    const dir = temporaryStateDir();
    const { files, server } = await loadApnsCredentials(dir);
    assert.deepEqual(
      Object.values(files)
        .map((file) => path.basename(file))
        .sort(),
      ['apns-auth-key.p8', 'apns-ca.key', 'apns-ca.pem', 'apns-key.json'],
    );
    assert.deepEqual(JSON.parse(readFileSync(path.join(dir, 'apns-key.json'), 'utf8')), {
      key_id: 'SANDBOXKEY',
      team_id: 'SANDBOXTEAM',
      topic: 'com.example.herald',
    });
    const p8 = readFileSync(path.join(dir, 'apns-auth-key.p8'), 'utf8');
    assert.match(p8, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(createPrivateKey(p8).asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(statSync(path.join(dir, 'apns-auth-key.p8')).mode & 0o077, 0);
    assert.equal(statSync(path.join(dir, 'apns-ca.key')).mode & 0o077, 0);

    const ca = new X509Certificate(readFileSync(path.join(dir, 'apns-ca.pem')));
    assert.equal(ca.ca, true);
    const leaf = new X509Certificate(server.cert);
    assert.ok(leaf.verify(ca.publicKey), 'the server certificate is signed by the CA');
    assert.equal(leaf.checkHost('localhost'), 'localhost');
    assert.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1');
  });

  it('keeps the CA and the key across restarts, and signs a new server certificate with them', async () => {
    const dir = temporaryStateDir();
    const first = await loadApnsCredentials(dir);
    const second = await loadApnsCredentials(dir);
    assert.equal(second.caCertificate, first.caCertificate);
    assert.equal(readFileSync(second.files.authKey, 'utf8'), readFileSync(first.files.authKey, 'utf8'));
    assert.ok(
      new X509Certificate(second.server.cert).verify(new X509Certificate(first.caCertificate).publicKey),
    );
  });

  it('agrees on one CA when two sandboxes start at once', async () => {
    const dir = temporaryStateDir();
    const [one, two] = await Promise.all([loadApnsCredentials(dir), loadApnsCredentials(dir)]);
    assert.equal(one.caCertificate, two.caCertificate);
    assert.equal(readFileSync(one.files.caCertificate, 'utf8'), one.caCertificate);
  });

  it('defaults to <workspace root>/.herald/sandbox', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    assert.equal(defaultSandboxStateDir, path.join(root, '.herald', 'sandbox'));
    assert.equal(defaultApnsStateFiles.caCertificate, path.join(root, '.herald', 'sandbox', 'apns-ca.pem'));
    assert.equal(defaultApnsStateFiles.authKey, path.join(root, '.herald', 'sandbox', 'apns-auth-key.p8'));
    assert.equal(defaultApnsStateFiles.keyInfo, path.join(root, '.herald', 'sandbox', 'apns-key.json'));
  });
});
