import { newDeviceToken } from '@herald/testing';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addIosDevice,
  addWebDevice,
  createPushTemplate,
  createUser,
  devicesOf,
  publishRequest,
  pushRequest,
  usePushWorker,
  waitForStatus,
} from './push-worker.fixture';

describe('a push to a Web Push subscription', () => {
  const fx = usePushWorker();

  it('arrives encrypted, and the browser decrypts the rendered title and body', async () => {
    const user = await createUser(fx);
    const subscription = await fx.sandbox.subscribe();
    const device = await addWebDevice(fx, user.user_id, subscription);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code, { priority: 9 });
    await publishRequest(fx, request);

    const delivered = await waitForStatus(fx, request.notification_id, 'delivered');
    assert.equal(delivered.content.device_id, device.device_id);
    const [message, ...more] = await fx.sandbox.webPushes(subscription.id);
    assert.equal(more.length, 0);
    assert.equal(message?.decryption_error, null);
    assert.deepEqual(JSON.parse(message?.text ?? 'null'), {
      title: 'Hi Ada',
      body: 'Your order A-42 has shipped',
      link: 'https://example.com/orders/A-42',
      image: null,
      notification_id: request.notification_id,
    });
    assert.equal(message?.urgency, 'high');
    assert.equal(message?.ttl, 24 * 3600);
    assert.equal(message?.topic, request.notification_id.replaceAll('-', ''));
  });

  it('deactivates a subscription the push service says is gone, without retrying it', async () => {
    const user = await createUser(fx);
    const subscription = await fx.sandbox.subscribe();
    await addWebDevice(fx, user.user_id, subscription);
    await fx.sandbox.unsubscribe(subscription.id);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const failed = await waitForStatus(fx, request.notification_id, 'failed');
    assert.match(String(failed.content.detail), /web push 410: .*\(device deactivated\)/);
    const [device] = await devicesOf(fx, user.user_id);
    assert.equal(device?.active, false);
    assert.equal((await fx.sandbox.webPushRequests(subscription.id)).length, 1);
  });

  it('reaches the iOS and the web device of the same user', async () => {
    const user = await createUser(fx);
    const token = newDeviceToken();
    await addIosDevice(fx, user.user_id, token);
    const subscription = await fx.sandbox.subscribe();
    await addWebDevice(fx, user.user_id, subscription);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const delivered = await waitForStatus(fx, request.notification_id, 'delivered');
    assert.match(String(delivered.content.detail), /^delivered to 2 of 2 devices/);
    assert.equal((await fx.sandbox.apnsPushes(token)).length, 1);
    assert.equal((await fx.sandbox.webPushes(subscription.id)).length, 1);
  });
});
