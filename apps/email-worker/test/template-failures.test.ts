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
  type EmailWorkerFixture,
} from './email-worker.fixture';

/** How many template reads the template service answered with `status`, from its /metrics. */
async function templateReads(fx: EmailWorkerFixture, status: number): Promise<number> {
  const text = await (await fetch(`${fx.templateServiceUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('http_requests_total{') &&
        l.includes('method="GET"') &&
        l.includes('route="/api/v1/templates/:code"') &&
        l.includes(`status="${status}"`),
    );
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('an email request whose template cannot be rendered', () => {
  const fx = useEmailWorker();

  it('fails at once with template_not_found when the template does not exist: one template read, no send', async () => {
    const user = await createUser(fx);
    const before = await templateReads(fx, 404);
    const request = emailRequest(user.user_id, 'no.such.template');
    await publishRequest(fx, request);

    const failed = await waitForStatus(fx, request.notification_id, 'failed');
    assert.equal(failed.content.detail, 'template_not_found: no.such.template');
    const dead = await fx.failed.waitFor((f) => f.content.notification_id === request.notification_id);
    assert.equal(dead.headers[MessageHeaders.failureReason], 'template_not_found: no.such.template');
    await pause(1_000);
    assert.deepEqual(statusesOf(fx, request.notification_id), ['failed']);
    assert.equal((await templateReads(fx, 404)) - before, 1);
    assert.deepEqual(await fx.sandbox.requests(user.email), []);
  });

  it('fails at once, naming the variable, when a variable is missing', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx, { body: 'Your code is {{code}}', html: '<p>{{code}}</p>' });
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const failed = await waitForStatus(fx, request.notification_id, 'failed');
    assert.match(String(failed.content.detail), /code/);
    await pause(1_000);
    assert.deepEqual(statusesOf(fx, request.notification_id), ['failed']);
    assert.deepEqual(await fx.sandbox.requests(user.email), []);
  });

  it('fails at once with user_not_found when the user does not exist', async () => {
    const template = await createTemplate(fx);
    const request = emailRequest(crypto.randomUUID(), template.code);
    await publishRequest(fx, request);

    const failed = await waitForStatus(fx, request.notification_id, 'failed');
    assert.equal(failed.content.detail, `user_not_found: ${request.user_id}`);
    await pause(1_000);
    assert.deepEqual(statusesOf(fx, request.notification_id), ['failed']);
  });
});
