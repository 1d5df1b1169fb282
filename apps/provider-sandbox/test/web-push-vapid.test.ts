import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SignJWT } from 'jose';
import webpush from 'web-push';
import type { WebPushSubscription } from '../src/web-push/web-push.subscriptions';
import { useProviderSandbox } from './provider-sandbox.fixture';
import { newVapidDetails, sendWebPush, subscribe } from './push-sandbox.fixture';

type VapidDetails = ReturnType<typeof newVapidDetails>;

/** A VAPID Authorization header with the claims a test wants, which web-push itself would refuse to make. */
async function vapidAuthorization(
  signer: VapidDetails,
  claims: { aud: string; exp?: number; sub?: string },
  advertised: VapidDetails = signer,
): Promise<string> {
  const point = Buffer.from(signer.publicKey, 'base64url');
  const key = createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33).toString('base64url'),
      d: signer.privateKey,
    },
    format: 'jwk',
  });
  const token = await new SignJWT({ aud: claims.aud, sub: claims.sub ?? signer.subject })
    .setProtectedHeader({ typ: 'JWT', alg: 'ES256' })
    .setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 3_600)
    .sign(key);
  return `vapid t=${token}, k=${advertised.publicKey}`;
}

describe('VAPID at the Web Push stand-in', () => {
  const fx = useProviderSandbox();
  const vapidDetails = newVapidDetails();
  const originOf = (subscription: WebPushSubscription) => new URL(subscription.endpoint).origin;

  async function pushWith(
    subscription: WebPushSubscription,
    authorization: string | undefined,
  ): Promise<Response> {
    const details = webpush.generateRequestDetails(subscription, 'hello', { vapidDetails });
    const headers = { ...(details.headers as Record<string, string>) };
    delete headers.Authorization;
    if (authorization !== undefined) headers.Authorization = authorization;
    return fetch(details.endpoint, { method: 'POST', headers, body: details.body });
  }

  it('answers 401 with WWW-Authenticate to a push without VAPID', async () => {
    const response = await pushWith(await subscribe(fx), undefined);
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('www-authenticate'), 'vapid');
  });

  it('answers 403 to a token not signed by the key in k', async () => {
    const subscription = await subscribe(fx);
    const impostor = newVapidDetails();
    const response = await pushWith(
      subscription,
      await vapidAuthorization(impostor, { aud: originOf(subscription) }, vapidDetails),
    );
    assert.equal(response.status, 403);
    assert.match(((await response.json()) as { message: string }).message, /signature/);
  });

  it('answers 403 to a token for another audience, expired, more than 24 h ahead, or with a bad subject', async () => {
    const subscription = await subscribe(fx);
    const nowS = Math.floor(Date.now() / 1000);
    const cases: [string, { aud: string; exp?: number; sub?: string }, RegExp][] = [
      ['another audience', { aud: 'https://fcm.googleapis.com' }, /aud/],
      ['expired', { aud: originOf(subscription), exp: nowS - 600 }, /"exp"/],
      ['too far ahead', { aud: originOf(subscription), exp: nowS + 25 * 3_600 }, /24 hours/],
      ['an http: subject', { aud: originOf(subscription), sub: 'http://example.com' }, /sub/],
    ];
    for (const [name, claims, reason] of cases) {
      const response = await pushWith(subscription, await vapidAuthorization(vapidDetails, claims));
      assert.equal(response.status, 403, name);
      assert.match(((await response.json()) as { message: string }).message, reason, name);
    }
    assert.deepEqual(await fx.control('/sandbox/webpush/pushes'), []);
  });

  it('accepts a hand-made token that follows RFC 8292', async () => {
    const subscription = await subscribe(fx);
    const response = await pushWith(
      subscription,
      await vapidAuthorization(vapidDetails, { aud: originOf(subscription) }),
    );
    assert.equal(response.status, 201);
  });

  it('holds a subscription restricted to an application server key to that key', async () => {
    const subscription = await subscribe(fx, { application_server_key: vapidDetails.publicKey });
    assert.equal((await sendWebPush(subscription, 'mine', { vapidDetails })).status, 201);
    const other = await sendWebPush(subscription, 'theirs', { vapidDetails: newVapidDetails() });
    assert.equal(other.status, 403);
    assert.match(
      ((await other.json()) as { message: string }).message,
      /not the one the subscription was created with/,
    );
  });

  it('accepts a push signed with the VAPID keys npm start generates for local runs', async () => {
    const script = pathToFileURL(fileURLToPath(new URL('../../../scripts/start.mjs', import.meta.url))).href;
    const { localSecretGenerators } = (await import(script)) as {
      localSecretGenerators: { names: string[]; generate: () => Record<string, string> }[];
    };
    const generator = localSecretGenerators.find(({ names }) => names.includes('VAPID_PRIVATE_KEY'));
    const env = generator?.generate() ?? {};
    const local = {
      subject: env.VAPID_SUBJECT ?? '',
      publicKey: env.VAPID_PUBLIC_KEY ?? '',
      privateKey: env.VAPID_PRIVATE_KEY ?? '',
    };
    assert.equal(local.subject, 'mailto:dev@example.com');
    const subscription = await subscribe(fx, { application_server_key: local.publicKey });
    assert.equal((await sendWebPush(subscription, 'from npm start', { vapidDetails: local })).status, 201);
  });
});
