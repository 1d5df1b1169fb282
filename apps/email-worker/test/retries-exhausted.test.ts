import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageHeaders, RetryPolicy } from '@herald/contracts';
import {
  createTemplate,
  createUser,
  emailRequest,
  publishRequest,
  statusesOf,
  useEmailWorker,
  waitForStatus,
} from './email-worker.fixture';

describe('an email request that keeps failing', () => {
  // A short circuit reset, so the attempts the open circuit parks come round again quickly.
  const fx = useEmailWorker({ RESEND_CIRCUIT_RESET_MS: '300' });

  it('ends in failed.queue with the reason and a failed status once its attempts are used up', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    const attempts = RetryPolicy.maxAttempts;
    await fx.sandbox.script(
      user.email,
      Array.from({ length: attempts + 2 }, () => ({ status: 503 })),
    );
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const dead = await fx.failed.waitFor(
      (f) => f.content.notification_id === request.notification_id,
      30_000,
    );
    assert.match(
      String(dead.headers[MessageHeaders.failureReason]),
      new RegExp(`^gave up after ${attempts} attempts: resend 503`),
    );
    assert.equal(dead.content.attempt, attempts);
    const failed = await waitForStatus(fx, request.notification_id, 'failed');
    assert.match(String(failed.content.detail), /gave up after/);
    assert.deepEqual(statusesOf(fx, request.notification_id), [
      ...Array.from({ length: attempts - 1 }, () => 'attempt_failed'),
      'failed',
    ]);
    assert.equal((await fx.sandbox.requests(user.email)).length, attempts);
    assert.deepEqual(await fx.sandbox.emails(user.email), []);
  });
});
