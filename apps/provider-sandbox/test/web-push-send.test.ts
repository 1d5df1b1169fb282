import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import webpush from 'web-push';
import type { WebPushMessage } from '../src/web-push/web-push.store';
import { useProviderSandbox } from './provider-sandbox.fixture';
import { newVapidDetails, sendWebPush, subscribe } from './push-sandbox.fixture';

describe('the Web Push stand-in', () => {
  const fx = useProviderSandbox();
  const vapidDetails = newVapidDetails();

  it('issues a subscription the way a browser gets one, on its own endpoint', async () => {
    const subscription = await subscribe(fx);
    assert.equal(subscription.endpoint, `${fx.sandbox.url}/webpush/${subscription.id}`);
    assert.equal(Buffer.from(subscription.keys.p256dh, 'base64url').length, 65);
    assert.equal(Buffer.from(subscription.keys.auth, 'base64url').length, 16);
    assert.equal(subscription.expirationTime, null);
  });

  it('decrypts a push sent with the web-push library to the original text', async () => {
    const subscription = await subscribe(fx);
    const text = JSON.stringify({
      title: 'Olá, Zoë ✓',
      body: 'Your order shipped',
      link: 'https://example.com/o/42',
    });
    const response = await sendWebPush(subscription, text, {
      vapidDetails,
      TTL: 3_600,
      urgency: 'high',
      topic: 'order-42',
    });
    assert.equal(response.status, 201);
    assert.match(response.headers.get('location') ?? '', /\/webpush\/messages\/[0-9a-f-]{36}$/);
    assert.equal(response.headers.get('ttl'), '3600');

    const [message, ...others] = await fx.control<WebPushMessage[]>('/sandbox/webpush/pushes', {
      subscription_id: subscription.id,
    });
    assert.equal(others.length, 0);
    assert.equal(message?.text, text);
    assert.equal(message?.decryption_error, null);
    assert.equal(message?.content_encoding, 'aes128gcm');
    assert.equal(message?.ttl, 3_600);
    assert.equal(message?.urgency, 'high');
    assert.equal(message?.topic, 'order-42');
    assert.equal(message?.vapid.subject, 'mailto:dev@example.com');
    assert.equal(message?.vapid.public_key, vapidDetails.publicKey);
  });

  it('decrypts the largest payload the library fits in 4096 bytes', async () => {
    const subscription = await subscribe(fx);
    const text = 'x'.repeat(3_993);
    assert.equal((await sendWebPush(subscription, text, { vapidDetails })).status, 201);
    const [message] = await fx.control<WebPushMessage[]>('/sandbox/webpush/pushes');
    assert.equal(message?.decryption_error, null);
    assert.ok(message?.text === text, 'the payload decrypts to the original text');
  });

  it('accepts a push without a payload', async () => {
    const subscription = await subscribe(fx);
    assert.equal((await sendWebPush(subscription, null, { vapidDetails })).status, 201);
    const [message] = await fx.control<WebPushMessage[]>('/sandbox/webpush/pushes');
    assert.equal(message?.text, null);
    assert.equal(message?.size, 0);
  });

  it('takes a payload encrypted for other keys, as a push service would, and records why it did not decrypt', async () => {
    const subscription = await subscribe(fx);
    const other = await subscribe(fx);
    const response = await sendWebPush({ ...subscription, keys: other.keys }, 'secret', { vapidDetails });
    assert.equal(response.status, 201);
    const [message] = await fx.control<WebPushMessage[]>('/sandbox/webpush/pushes');
    assert.equal(message?.text, null);
    assert.match(message?.decryption_error ?? '', /does not decrypt/);
  });

  it('answers 404 to an unknown subscription and 410 to one unsubscribed through the control API', async () => {
    const subscription = await subscribe(fx);
    const unknown = await sendWebPush({ ...subscription, endpoint: `${fx.sandbox.url}/webpush/nope` }, 'hi', {
      vapidDetails,
    });
    assert.equal(unknown.status, 404);
    const gone = await fx.controlSend(
      `/sandbox/webpush/subscriptions/${subscription.id}`,
      undefined,
      'DELETE',
    );
    assert.equal(gone.status, 200);
    const response = await sendWebPush(subscription, 'hi', { vapidDetails });
    assert.equal(response.status, 410);
    assert.equal(((await response.json()) as { code: number }).code, 410);
    assert.deepEqual(await fx.control('/sandbox/webpush/pushes'), []);
  });

  it('refuses a push without TTL, with a bad Urgency or Topic, or in another content coding with a 4xx', async () => {
    const details = webpush.generateRequestDetails(await subscribe(fx), 'hi', { vapidDetails });
    const headers = details.headers as Record<string, string>;
    const post = (changes: Record<string, string | undefined>) =>
      fetch(details.endpoint, {
        method: 'POST',
        headers: Object.fromEntries(
          Object.entries({ ...headers, ...changes }).filter(
            (entry): entry is [string, string] => entry[1] !== undefined,
          ),
        ),
        body: details.body,
      });
    assert.equal((await post({ TTL: undefined })).status, 400);
    assert.equal((await post({ Urgency: 'urgent' })).status, 400);
    assert.equal((await post({ Topic: 'not/a valid topic' })).status, 400);
    assert.equal((await post({ 'Content-Encoding': 'aesgcm' })).status, 415);
    assert.deepEqual(await fx.control('/sandbox/webpush/pushes'), []);
  });

  it('refuses a body over 4096 bytes with 413', async () => {
    const details = webpush.generateRequestDetails(await subscribe(fx), 'hi', { vapidDetails });
    const headers = { ...(details.headers as Record<string, string>) };
    delete headers['Content-Length'];
    const response = await fetch(details.endpoint, { method: 'POST', headers, body: Buffer.alloc(4_097) });
    assert.equal(response.status, 413);
    assert.deepEqual(await fx.control('/sandbox/webpush/pushes'), []);
  });
});
