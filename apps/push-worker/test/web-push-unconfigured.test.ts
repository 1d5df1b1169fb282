import { newDeviceToken } from '@herald/testing';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addIosDevice,
  addWebDevice,
  createPushTemplate,
  createUser,
  publishRequest,
  pushRequest,
  usePushWorker,
  waitForStatus,
} from './push-worker.fixture';

describe('a push worker without VAPID keys', () => {
  const fx = usePushWorker({
    VAPID_PUBLIC_KEY: undefined,
    VAPID_PRIVATE_KEY: undefined,
    VAPID_SUBJECT: undefined,
  });

  it('fails web pushes for good with a clear reason, and still delivers to iOS', async () => {
    const webOnly = await createUser(fx);
    await addWebDevice(fx, webOnly.user_id, await fx.sandbox.subscribe());
    const template = await createPushTemplate(fx);
    const toWeb = pushRequest(webOnly.user_id, template.code);
    await publishRequest(fx, toWeb);
    const failed = await waitForStatus(fx, toWeb.notification_id, 'failed');
    assert.match(String(failed.content.detail), /web push is not configured: VAPID_PUBLIC_KEY/);

    const both = await createUser(fx);
    const token = newDeviceToken();
    await addIosDevice(fx, both.user_id, token);
    await addWebDevice(fx, both.user_id, await fx.sandbox.subscribe());
    const toBoth = pushRequest(both.user_id, template.code);
    await publishRequest(fx, toBoth);
    const delivered = await waitForStatus(fx, toBoth.notification_id, 'delivered');
    assert.match(String(delivered.content.detail), /^delivered to 1 of 2 devices/);
    assert.equal((await fx.sandbox.apnsPushes(token)).length, 1);
  });
});
