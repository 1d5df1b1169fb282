import {
  X509Certificate,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { generate } from 'selfsigned';
import {
  apnsStateFilesIn,
  ensureStateDir,
  readOrCreateFile,
  replaceFile,
  type ApnsStateFiles,
} from './apns-state.files';

/** What `apns-key.json` holds: the identity the push worker signs its provider tokens with. */
export const ApnsKeyInfo = Type.Object({
  key_id: Type.String({ minLength: 1, maxLength: 64 }),
  team_id: Type.String({ minLength: 1, maxLength: 64 }),
  topic: Type.String({ minLength: 1, maxLength: 255 }),
});
export type ApnsKeyInfo = Static<typeof ApnsKeyInfo>;

const defaultKeyInfo: ApnsKeyInfo = {
  key_id: 'SANDBOXKEY',
  team_id: 'SANDBOXTEAM',
  topic: 'com.example.herald',
};
const checkKeyInfo = TypeCompiler.Compile(ApnsKeyInfo);

/** The names the server certificate is valid for: a laptop, and the sandbox's docker compose service. */
export const apnsServerNames = ['localhost', 'provider-sandbox'] as const;
const apnsServerAddresses = ['127.0.0.1', '::1'] as const;

const dayMs = 86_400_000;

export interface ApnsCredentials {
  readonly files: ApnsStateFiles;
  readonly keyInfo: ApnsKeyInfo;
  /** The public half of the token-signing key, which provider tokens are verified with. */
  readonly tokenPublicKey: KeyObject;
  /** The CA certificate (PEM) that signed `server`. */
  readonly caCertificate: string;
  /** The TLS key and certificate the APNs stand-in serves with. */
  readonly server: { readonly key: string; readonly cert: string };
}

async function createCa(): Promise<string> {
  const now = Date.now();
  const ca = await generate(
    [
      { name: 'commonName', value: 'Herald provider sandbox CA' },
      { name: 'organizationName', value: 'Herald' },
    ],
    {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(now - dayMs),
      notAfterDate: new Date(now + 10 * 365 * dayMs),
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    },
  );
  return `${ca.private}${ca.cert}`;
}

function pemBlock(text: string, label: string, file: string): string {
  const block = new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`).exec(text)?.[0];
  if (!block) throw new Error(`${file} has no ${label}; delete it to have a new one made`);
  return `${block}\n`;
}

async function createServerCertificate(ca: {
  key: string;
  cert: string;
}): Promise<{ key: string; cert: string }> {
  const now = Date.now();
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - dayMs),
    notAfterDate: new Date(now + 365 * dayMs),
    ca,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...apnsServerNames.map((value) => ({ type: 2 as const, value })),
          ...apnsServerAddresses.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { key: server.private, cert: server.cert };
}

function createTokenKey(): Promise<string> {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return Promise.resolve(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

function parseKeyInfo(text: string, file: string): ApnsKeyInfo {
  const value: unknown = JSON.parse(text);
  if (!checkKeyInfo.Check(value)) throw new Error(`${file} must hold { key_id, team_id, topic } strings`);
  return value;
}

/**
 * The APNs stand-in's CA, token key and key identity from the state directory, made there at first start and
 * kept across restarts; the server certificate is signed by that CA anew at every start.
 */
export async function loadApnsCredentials(stateDir: string): Promise<ApnsCredentials> {
  const files = apnsStateFilesIn(stateDir);
  await ensureStateDir(stateDir);
  const caBundle = await readOrCreateFile(files.caKey, createCa, 0o600);
  const ca = {
    key: pemBlock(caBundle, 'PRIVATE KEY', files.caKey),
    cert: pemBlock(caBundle, 'CERTIFICATE', files.caKey),
  };
  if (!new X509Certificate(ca.cert).checkPrivateKey(createPrivateKey(ca.key))) {
    throw new Error(`${files.caKey} holds a key and a certificate that do not belong together; delete it`);
  }
  await replaceFile(files.caCertificate, ca.cert, 0o644);

  const tokenKey = await readOrCreateFile(files.authKey, createTokenKey, 0o600);
  const tokenPublicKey = createPublicKey(tokenKey);
  if (tokenPublicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error(`${files.authKey} must be a P-256 (ES256) key`);
  }
  const keyInfoText = await readOrCreateFile(
    files.keyInfo,
    () => Promise.resolve(`${JSON.stringify(defaultKeyInfo, null, 2)}\n`),
    0o644,
  );
  return {
    files,
    keyInfo: parseKeyInfo(keyInfoText, files.keyInfo),
    tokenPublicKey,
    caCertificate: ca.cert,
    server: await createServerCertificate(ca),
  };
}
