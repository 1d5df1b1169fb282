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

describe('a push when APNs is briefly unavailable', () => {
  // Five calls at 60% failures open APNs' circuit: a short reset keeps the parking brief.
  const fx = usePushWorker({ APNS_CIRCUIT_RESET_MS: '300' });

  it('is delivered on the third attempt after two 503s, one push on the device', async () => {
    const user = await createUser(fx);
    const token = newDeviceToken();
    await addIosDevice(fx, user.user_id, token);
    await fx.sandbox.apnsScript(token, [{ status: 503 }, { status: 503 }]);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const delivered = await waitForStatus(fx, request.notification_id, 'delivered');
    assert.equal(delivered.content.attempt, 3);
    assert.deepEqual(statusesOf(fx, request.notification_id), [
      'attempt_failed',
      'attempt_failed',
      'delivered',
    ]);
    const retried = await waitForStatus(fx, request.notification_id, 'attempt_failed');
    assert.match(String(retried.content.detail), /will retry: apns 503 ServiceUnavailable/);
    assert.deepEqual(
      (await fx.sandbox.apnsRequests(token)).map((r) => r.status),
      [503, 503, 200],
    );
    assert.equal((await fx.sandbox.apnsPushes(token)).length, 1);
  });

  it('retries only the device that failed; the one that took the push is not sent it again', async () => {
    const user = await createUser(fx);
    const [steady, flaky] = [newDeviceToken(), newDeviceToken()];
    await addIosDevice(fx, user.user_id, steady);
    await addIosDevice(fx, user.user_id, flaky);
    await fx.sandbox.apnsScript(flaky, [{ status: 500 }]);
    const template = await createPushTemplate(fx);
    const request = pushRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const delivered = await waitForStatus(fx, request.notification_id, 'delivered');
    assert.equal(delivered.content.attempt, 2);
    assert.match(String(delivered.content.detail), /^delivered to 2 of 2 devices/);
    assert.match(String(delivered.content.detail), /delivered earlier/);
    assert.equal((await fx.sandbox.apnsRequests(steady)).length, 1);
    assert.deepEqual(
      (await fx.sandbox.apnsRequests(flaky)).map((r) => r.status),
      [500, 200],
    );
  });
});
