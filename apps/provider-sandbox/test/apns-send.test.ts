import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { ApnsPush } from '../src/apns/apns.store';
import { useProviderSandbox } from './provider-sandbox.fixture';
import {
  apnsRequest,
  newDeviceToken,
  newNotification,
  providerToken,
  useApnsProviders,
} from './push-sandbox.fixture';

describe('the APNs stand-in', () => {
  const fx = useProviderSandbox();
  const newProvider = useApnsProviders(fx);

  it('accepts a push from node-apn and lists it with its topic, collapse id, priority and payload', async () => {
    const token = newDeviceToken();
    const notification = newNotification(fx, { collapseId: 'order-42', priority: 10, expiry: 2_000_000_000 });
    notification.id = randomUUID();
    notification.payload = { order_id: 42 };

    const result = await newProvider().send(notification, token);
    assert.deepEqual(result.failed, []);
    assert.equal(result.sent[0]?.device, token);

    const [push, ...others] = await fx.control<ApnsPush[]>('/sandbox/apns/pushes', { token });
    assert.equal(others.length, 0);
    assert.equal(push?.topic, 'com.example.herald');
    assert.equal(push?.collapse_id, 'order-42');
    assert.equal(push?.priority, 10);
    assert.equal(push?.expiration, 2_000_000_000);
    assert.equal(push?.push_type, 'alert');
    assert.equal(push?.apns_id, notification.id);
    assert.deepEqual(push?.payload, {
      aps: { alert: { title: 'Hello', body: 'From Herald' } },
      order_id: 42,
    });
    assert.ok(push && push.received_at <= push.answered_at);
  });

  it('refuses a token that is not hex of 64 or more characters with 400 BadDeviceToken', async () => {
    const result = await newProvider().send(newNotification(fx), 'abc123');
    assert.equal(result.failed[0]?.status, 400);
    assert.deepEqual(result.failed[0]?.response, { reason: 'BadDeviceToken' });
    assert.deepEqual(await fx.control('/sandbox/apns/pushes'), []);
  });

  it('answers DeviceTokenNotForTopic to another app’s topic, and BadTopic to a malformed one', async () => {
    const provider = newProvider();
    const other = await provider.send(newNotification(fx, { topic: 'com.example.other' }), newDeviceToken());
    assert.deepEqual(other.failed[0]?.response, { reason: 'DeviceTokenNotForTopic' });
    const malformed = await provider.send(
      newNotification(fx, { topic: 'not a bundle id' }),
      newDeviceToken(),
    );
    assert.deepEqual(malformed.failed[0]?.response, { reason: 'BadTopic' });
  });

  it('accepts the app’s VoIP topic', async () => {
    const notification = newNotification(fx, { topic: 'com.example.herald.voip' });
    notification.pushType = 'voip';
    const result = await newProvider().send(notification, newDeviceToken());
    assert.deepEqual(result.failed, []);
  });

  it('refuses a collapse id over 64 bytes, a bad priority and an oversized payload as APNs does', async () => {
    const provider = newProvider();
    const token = newDeviceToken();
    const collapse = await provider.send(newNotification(fx, { collapseId: 'x'.repeat(65) }), token);
    assert.deepEqual(collapse.failed[0]?.response, { reason: 'BadCollapseId' });
    const priority = await provider.send(newNotification(fx, { priority: 7 }), token);
    assert.deepEqual(priority.failed[0]?.response, { reason: 'BadPriority' });
    const large = newNotification(fx);
    large.payload = { blob: 'x'.repeat(4_100) };
    const tooLarge = await provider.send(large, token);
    assert.equal(tooLarge.failed[0]?.status, 413);
    assert.deepEqual(tooLarge.failed[0]?.response, { reason: 'PayloadTooLarge' });
  });

  it('answers 405 to another method, 404 BadPath to another path, and refuses empty or non-APNs payloads', async () => {
    const authorization = `bearer ${await providerToken(fx)}`;
    const headers = { authorization, 'apns-topic': 'com.example.herald' };
    const token = newDeviceToken();
    const get = await apnsRequest(fx, { method: 'GET', path: `/3/device/${token}`, headers });
    assert.deepEqual([get.status, get.body], [405, { reason: 'MethodNotAllowed' }]);
    const elsewhere = await apnsRequest(fx, { path: `/2/device/${token}`, headers, body: '{"aps":{}}' });
    assert.deepEqual([elsewhere.status, elsewhere.body], [404, { reason: 'BadPath' }]);
    const empty = await apnsRequest(fx, { path: `/3/device/${token}`, headers });
    assert.deepEqual([empty.status, empty.body], [400, { reason: 'PayloadEmpty' }]);
    const notJson = await apnsRequest(fx, { path: `/3/device/${token}`, headers, body: 'hello' });
    assert.deepEqual([notJson.status, notJson.body], [400, { reason: 'BadPayload' }]);
    const withoutAps = await apnsRequest(fx, { path: `/3/device/${token}`, headers, body: '{"alert":"hi"}' });
    assert.deepEqual([withoutAps.status, withoutAps.body], [400, { reason: 'BadPayload' }]);
    const accepted = await apnsRequest(fx, {
      path: `/3/device/${token}`,
      headers,
      body: '{"aps":{"content-available":1}}',
    });
    assert.equal(accepted.status, 200);
    assert.match(String(accepted.headers['apns-id']), /^[0-9a-f-]{36}$/);
    assert.match(String(accepted.headers['apns-unique-id']), /^[0-9a-f-]{36}$/);
  });
});
