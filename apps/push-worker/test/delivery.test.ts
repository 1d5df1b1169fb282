import { newDeviceToken } from '@herald/testing';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addIosDevice,
  createPushTemplate,
  createUser,
  publishRequest,
  pushRequest,
  statusesOf,
  usePushWorker,
  waitForStatus,
} from './push-worker.fixture';

describe('a push request to iOS devices', () => {
  const fx = usePushWorker();

  it('is delivered with the rendered title and body, the app topic and the notification id as collapse id', async () => {
    const user = await createUser(fx);
    const token = newDeviceToken();
    const device = await addIosDevice(fx, user.user_id, token);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code, {
      variables: {
        name: 'Ada',
        order: 'A-42',
        link: 'https://example.com/orders/A-42',
        image: 'https://example.com/a.png',
      },
    });
    const before = Math.floor(Date.now() / 1000);
    await publishRequest(fx, request);

    const delivered = await waitForStatus(fx, request.notification_id, 'delivered');
    const pushes = await fx.sandbox.apnsPushes(token);
    assert.equal(pushes.length, 1);
    const [push] = pushes;
    const settings = await fx.sandbox.apnsSettings();
    assert.equal(push?.topic, settings.topic);
    assert.equal(push?.push_type, 'alert');
    assert.equal(push?.collapse_id, request.notification_id);
    assert.equal(push?.priority, 10);
    assert.ok((push?.expiration ?? 0) >= before + 24 * 3600 - 5, `expiration ${push?.expiration}`);
    assert.deepEqual(push?.payload, {
      aps: { alert: { title: 'Hi Ada', body: 'Your order A-42 has shipped' }, 'mutable-content': 1 },
      notification_id: request.notification_id,
      link: 'https://example.com/orders/A-42',
      image: 'https://example.com/a.png',
    });
    assert.equal(delivered.content.device_id, device.device_id);
    assert.equal(delivered.content.provider_message_id, push?.apns_id);
    assert.match(String(delivered.content.detail), new RegExp(`ios device ${device.device_id}: delivered`));
  });

  it('reaches every device of a user with two, in one delivered status naming both', async () => {
    const user = await createUser(fx);
    const tokens = [newDeviceToken(), newDeviceToken()];
    const devices = [
      await addIosDevice(fx, user.user_id, tokens[0]!),
      await addIosDevice(fx, user.user_id, tokens[1]!),
    ];
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const delivered = await waitForStatus(fx, request.notification_id, 'delivered');
    for (const token of tokens) {
      const pushes = await fx.sandbox.apnsPushes(token);
      assert.equal(pushes.length, 1);
      assert.equal(pushes[0]?.collapse_id, request.notification_id);
    }
    assert.match(String(delivered.content.detail), /^delivered to 2 of 2 devices/);
    for (const device of devices)
      assert.match(String(delivered.content.detail), new RegExp(device.device_id));
    assert.deepEqual(statusesOf(fx, request.notification_id), ['delivered']);
  });

  it('is skipped with the reason, and sends nothing, when the user turned push off', async () => {
    const user = await createUser(fx, { preferences: { email: true, push: false } });
    const token = newDeviceToken();
    await addIosDevice(fx, user.user_id, token);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const skipped = await waitForStatus(fx, request.notification_id, 'skipped');
    assert.equal(skipped.content.detail, 'push preference is off');
    assert.deepEqual(await fx.sandbox.apnsRequests(token), []);
  });

  it('is skipped with the reason when the user has no active device', async () => {
    const user = await createUser(fx);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const skipped = await waitForStatus(fx, request.notification_id, 'skipped');
    assert.equal(skipped.content.detail, 'the user has no active push device');
  });

  it('sends nothing again when the same notification arrives again', async () => {
    const user = await createUser(fx);
    const token = newDeviceToken();
    await addIosDevice(fx, user.user_id, token);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);
    const first = await waitForStatus(fx, request.notification_id, 'delivered');

    await publishRequest(fx, { ...request, message_id: crypto.randomUUID() });
    await fx.statuses.waitFor(
      (s) =>
        s.content.notification_id === request.notification_id &&
        s.content.status === 'delivered' &&
        s !== first,
    );
    assert.equal((await fx.sandbox.apnsRequests(token)).length, 1);
  });
});
