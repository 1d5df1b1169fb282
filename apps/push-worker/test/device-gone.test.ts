import { newDeviceToken } from '@herald/testing';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageHeaders } from '@herald/contracts';
import {
  addIosDevice,
  createPushTemplate,
  createUser,
  devicesOf,
  pause,
  publishRequest,
  pushRequest,
  statusesOf,
  usePushWorker,
  waitForStatus,
} from './push-worker.fixture';

describe('a push to a device APNs says is gone', () => {
  const fx = usePushWorker();

  it('deactivates the device after exactly one request, and fails with the reason', async () => {
    const user = await createUser(fx);
    const token = newDeviceToken();
    const device = await addIosDevice(fx, user.user_id, token);
    await fx.sandbox.apnsScript(token, [{ status: 410, reason: 'Unregistered' }]);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const failed = await waitForStatus(fx, request.notification_id, 'failed');
    assert.match(String(failed.content.detail), /apns 410 Unregistered \(device deactivated\)/);
    assert.match(String(failed.content.detail), new RegExp(device.device_id));
    const dead = await fx.failed.waitFor((f) => f.content.notification_id === request.notification_id);
    assert.match(String(dead.headers[MessageHeaders.failureReason]), /Unregistered/);
    const [after] = await devicesOf(fx, user.user_id);
    assert.equal(after?.active, false);
    assert.match(String(after?.deactivated_reason), /apns 410 Unregistered/);
    await pause(1_000);
    assert.equal((await fx.sandbox.apnsRequests(token)).length, 1);
    assert.deepEqual(statusesOf(fx, request.notification_id), ['failed']);
  });

  it('treats BadDeviceToken and DeviceTokenNotForTopic as gone too, and still delivers to the good device', async () => {
    const user = await createUser(fx);
    const [good, bad, foreign] = [newDeviceToken(), newDeviceToken(), newDeviceToken()];
    await addIosDevice(fx, user.user_id, good);
    await addIosDevice(fx, user.user_id, bad);
    await addIosDevice(fx, user.user_id, foreign);
    await fx.sandbox.apnsScript(bad, [{ reason: 'BadDeviceToken' }]);
    await fx.sandbox.apnsScript(foreign, [{ reason: 'DeviceTokenNotForTopic' }]);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const delivered = await waitForStatus(fx, request.notification_id, 'delivered');
    assert.match(String(delivered.content.detail), /^delivered to 1 of 3 devices/);
    assert.match(String(delivered.content.detail), /apns 400 BadDeviceToken \(device deactivated\)/);
    assert.match(String(delivered.content.detail), /apns 400 DeviceTokenNotForTopic \(device deactivated\)/);
    const devices = await devicesOf(fx, user.user_id);
    assert.deepEqual(
      devices.map((device) => [device.token, device.active]),
      [
        [good, true],
        [bad, false],
        [foreign, false],
      ],
    );
  });
});
