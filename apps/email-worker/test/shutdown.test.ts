import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createTemplate,
  createUser,
  emailRequest,
  pause,
  publishRequest,
  startWorkerProcess,
  statusesOf,
  useEmailWorker,
  waitForStatus,
} from './email-worker.fixture';

describe('SIGTERM to a worker in the middle of a send', () => {
  const fx = useEmailWorker({}, { worker: 'none' });

  it('finishes the send, reports it and exits within 10 s, and the request is not delivered again', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    await fx.sandbox.script(user.email, [{ status: 200, hold_ms: 2_000 }]);
    const worker = await startWorkerProcess(fx);
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);
    for (let i = 0; i < 200 && (await fx.sandbox.requests(user.email)).length === 0; i += 1) await pause(25);

    const signalledAt = Date.now();
    const exit = await worker.stop('SIGTERM');
    const tookMs = Date.now() - signalledAt;
    assert.equal(exit, 0, worker.output());
    assert.ok(tookMs < 10_000, `exited after ${tookMs} ms`);
    await waitForStatus(fx, request.notification_id, 'delivered', 1_000);
    assert.equal((await fx.sandbox.emails(user.email)).length, 1);

    // A fresh copy finds nothing left to redeliver.
    const next = await startWorkerProcess(fx);
    try {
      await pause(1_500);
      assert.deepEqual(statusesOf(fx, request.notification_id), ['delivered']);
      assert.equal((await fx.sandbox.requests(user.email)).length, 1);
    } finally {
      await next.stop();
    }
  });
});
