import { newDeviceToken } from '@herald/testing';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addIosDevice,
  createPushTemplate,
  createUser,
  publishRequest,
  pushRequest,
  usePushWorker,
  waitForStatus,
} from './push-worker.fixture';

describe('the push worker’s connection to APNs', () => {
  const fx = usePushWorker();

  it('is one HTTP/2 connection for 200 sends', async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => createUser(fx)));
    const tokens = users.map(() => newDeviceToken());
    await Promise.all(users.map((user, index) => addIosDevice(fx, user.user_id, tokens[index]!)));
    const template = await createPushTemplate(fx);
    const requests = Array.from({ length: 200 }, (_, index) =>
      pushRequest(users[index % users.length]!.user_id, template.code),
    );
    await Promise.all(requests.map((request) => publishRequest(fx, request)));

    for (const request of requests) await waitForStatus(fx, request.notification_id, 'delivered', 60_000);
    const pushes = (await Promise.all(tokens.map((token) => fx.sandbox.apnsPushes(token)))).flat();
    assert.equal(pushes.length, 200);
    const connections = await fx.sandbox.apnsConnections();
    assert.equal(connections.opened_total, 1);
    assert.equal(connections.open_now, 1);
    assert.equal(new Set(pushes.map((push) => push.connection_id)).size, 1);
  });
});
