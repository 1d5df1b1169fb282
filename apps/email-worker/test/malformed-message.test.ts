import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageHeaders, Publications } from '@herald/contracts';
import {
  createTemplate,
  createUser,
  emailRequest,
  publishRequest,
  useEmailWorker,
  waitForStatus,
} from './email-worker.fixture';

describe('a malformed message on email.queue', () => {
  const fx = useEmailWorker();

  it('goes to failed.queue with the reason, and the worker keeps delivering', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    const broken = { ...emailRequest(user.user_id, template.code), attempt: 0, user_id: 'nobody' };
    const published = await fx.broker.rascal.publish(Publications.emailRequested, broken);
    await new Promise((resolve) => published.on('success', resolve));
    const garbage = await fx.broker.rascal.publish(
      Publications.emailRequested,
      Buffer.from('{"type": "notification.email'),
      {
        options: { contentType: 'application/json' },
      },
    );
    await new Promise((resolve) => garbage.on('success', resolve));

    const dead = await fx.failed.waitFor((f) => f.content.notification_id === broken.notification_id);
    assert.match(String(dead.headers[MessageHeaders.failureReason]), /^invalid message: /);
    const unreadable = await fx.failed.waitFor((f) => typeof f.content.raw === 'string');
    assert.match(String(unreadable.headers[MessageHeaders.failureReason]), /^invalid content/);

    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);
    await waitForStatus(fx, request.notification_id, 'delivered');
    assert.equal((await fx.sandbox.emails(user.email)).length, 1);
  });
});
