import { newDeviceToken } from '@herald/testing';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addIosDevice,
  createPushTemplate,
  createUser,
  pause,
  publishRequest,
  pushRequest,
  startWorkerProcess,
  statusesOf,
  usePushWorker,
  waitForStatus,
} from './push-worker.fixture';

describe('SIGTERM to a push worker in the middle of a burst', () => {
  const fx = usePushWorker({}, { worker: 'none' });

  it('finishes the sends in flight and exits within 10 s; the next worker delivers the rest, each once', async () => {
    const user = await createUser(fx);
    const token = newDeviceToken();
    await addIosDevice(fx, user.user_id, token);
    // Every send is held a while, so SIGTERM finds some in flight.
    await fx.sandbox.apnsScript(
      token,
      Array.from({ length: 150 }, () => ({ hold_ms: 400 })),
    );
    const template = await createPushTemplate(fx);
    const worker = await startWorkerProcess(fx);
    const requests = Array.from({ length: 150 }, () => pushRequest(user.user_id, template.code));
    await Promise.all(requests.map((request) => publishRequest(fx, request)));
    for (let i = 0; i < 400 && (await fx.sandbox.apnsRequests(token)).length < 10; i += 1) await pause(25);

    const signalledAt = Date.now();
    const exit = await worker.stop('SIGTERM');
    const tookMs = Date.now() - signalledAt;
    assert.equal(exit, 0, worker.output());
    assert.ok(tookMs < 10_000, `exited after ${tookMs} ms`);
    const sentBefore = (await fx.sandbox.apnsRequests(token)).length;
    assert.ok(sentBefore < requests.length, 'the burst was over before SIGTERM');
    // Every send that reached APNs was answered and reported before the exit.
    const answered = (await fx.sandbox.apnsRequests(token)).filter((r) => r.status === 200).length;
    assert.equal(answered, sentBefore);

    const next = await startWorkerProcess(fx);
    try {
      for (const request of requests) await waitForStatus(fx, request.notification_id, 'delivered', 60_000);
      await pause(500);
      const pushes = await fx.sandbox.apnsPushes(token);
      assert.equal(pushes.length, requests.length);
      assert.equal(new Set(pushes.map((push) => push.collapse_id)).size, requests.length);
      for (const request of requests)
        assert.deepEqual(statusesOf(fx, request.notification_id), ['delivered']);
    } finally {
      await next.stop();
    }
  });
});
