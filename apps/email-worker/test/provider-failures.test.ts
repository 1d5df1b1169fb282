import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageHeaders } from '@herald/contracts';
import {
  createTemplate,
  createUser,
  emailRequest,
  pause,
  publishRequest,
  statusesOf,
  useEmailWorker,
  waitForStatus,
} from './email-worker.fixture';

describe('an email request when Resend refuses it', () => {
  const fx = useEmailWorker({ RESEND_TIMEOUT_MS: '1000' });

  it('is delivered on the third attempt after two 500s: one email, every request under the same key', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    await fx.sandbox.script(user.email, [{ status: 500 }, { status: 500 }]);
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const delivered = await waitForStatus(fx, request.notification_id, 'delivered');
    assert.equal(delivered.content.attempt, 3);
    assert.deepEqual(statusesOf(fx, request.notification_id), [
      'attempt_failed',
      'attempt_failed',
      'delivered',
    ]);
    const requests = await fx.sandbox.requests(user.email);
    assert.deepEqual(
      requests.map((r) => r.status),
      [500, 500, 200],
    );
    assert.ok(requests.every((r) => r.idempotency_key === request.notification_id));
    assert.equal((await fx.sandbox.emails(user.email)).length, 1);
  });

  it('fails after one request on a 422, with Resend’s words', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    await fx.sandbox.script(user.email, [
      { status: 422, name: 'validation_error', message: 'Invalid `to` field.' },
    ]);
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const failed = await waitForStatus(fx, request.notification_id, 'failed');
    assert.match(String(failed.content.detail), /422 validation_error: Invalid `to` field\./);
    const dead = await fx.failed.waitFor((f) => f.content.notification_id === request.notification_id);
    assert.match(String(dead.headers[MessageHeaders.failureReason]), /422 validation_error/);
    await pause(1_000);
    assert.equal((await fx.sandbox.requests(user.email)).length, 1);
    assert.deepEqual(statusesOf(fx, request.notification_id), ['failed']);
  });

  it('waits at least the retry-after of a 429 before the next attempt', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    await fx.sandbox.script(user.email, [{ status: 429, retry_after_s: 2 }]);
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    await waitForStatus(fx, request.notification_id, 'delivered', 15_000);
    const [limited, sent] = await fx.sandbox.requests(user.email);
    assert.equal(limited?.status, 429);
    assert.equal(sent?.status, 200);
    const waitedMs = Date.parse(sent?.received_at ?? '') - Date.parse(limited?.received_at ?? '');
    assert.ok(waitedMs >= 2_000, `the next attempt came after ${waitedMs} ms`);
    assert.deepEqual(statusesOf(fx, request.notification_id), ['attempt_failed', 'delivered']);
  });

  it('retries a send that timed out under the same key, and the user still gets one email', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    await fx.sandbox.script(user.email, [{ status: 200, hold_ms: 1_500 }]);
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    await waitForStatus(fx, request.notification_id, 'delivered', 15_000);
    const timedOut = await waitForStatus(fx, request.notification_id, 'attempt_failed');
    assert.match(String(timedOut.content.detail), /^resend unreachable/);
    const requests = await fx.sandbox.requests(user.email);
    assert.ok(requests.length >= 2);
    assert.ok(requests.every((r) => r.idempotency_key === request.notification_id));
    assert.equal((await fx.sandbox.emails(user.email)).length, 1);
  });
});
