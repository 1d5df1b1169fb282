import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebPushMessage, WebPushRequestRecord } from '../src/web-push/web-push.store';
import { useProviderSandbox } from './provider-sandbox.fixture';
import { newVapidDetails, sendWebPush, subscribe } from './push-sandbox.fixture';

describe('scripted Web Push failures', () => {
  const fx = useProviderSandbox();
  const vapidDetails = newVapidDetails();

  it('answers scripted failures in order for the subscription they match, then normally', async () => {
    const flaky = await subscribe(fx);
    const steady = await subscribe(fx);
    const script = await fx.controlSend('/sandbox/webpush/script', {
      match: { subscription_id: flaky.id },
      responses: [{ status: 429, retry_after_s: 7 }, { status: 503 }, { status: 410 }],
    });
    assert.equal(script.status, 201);
    assert.equal((await sendWebPush(steady, 'fine', { vapidDetails })).status, 201);

    const throttled = await sendWebPush(flaky, 'one', { vapidDetails });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '7');
    assert.equal((await sendWebPush(flaky, 'two', { vapidDetails })).status, 503);
    assert.equal((await sendWebPush(flaky, 'three', { vapidDetails })).status, 410);
    assert.equal((await sendWebPush(flaky, 'four', { vapidDetails })).status, 201);

    const texts = (await fx.control<WebPushMessage[]>('/sandbox/webpush/pushes')).map(
      (message) => message.text,
    );
    assert.deepEqual(texts, ['fine', 'four']);
    const requests = await fx.control<WebPushRequestRecord[]>('/sandbox/webpush/requests', {
      subscription_id: flaky.id,
    });
    assert.deepEqual(
      requests.map((request) => [request.status, request.scripted]),
      [
        [429, true],
        [503, true],
        [410, true],
        [201, false],
      ],
    );
  });

  it('forgets subscriptions, pushes and scripts on reset', async () => {
    const subscription = await subscribe(fx);
    await fx.controlSend('/sandbox/webpush/script', { responses: [{ status: 500 }] });
    await fx.controlSend('/sandbox/reset');
    assert.equal((await sendWebPush(subscription, 'hi', { vapidDetails })).status, 404);
    assert.deepEqual(await fx.control('/sandbox/webpush/subscriptions'), []);
    assert.deepEqual(await fx.control('/sandbox/webpush/script'), []);
  });
});
