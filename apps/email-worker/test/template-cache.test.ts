import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createTemplate,
  createUser,
  emailRequest,
  pause,
  publishRequest,
  useEmailWorker,
  waitForStatus,
  type EmailWorkerFixture,
} from './email-worker.fixture';

/** How many times the template service answered a read of `code`'s latest version, from its /metrics. */
async function templateReads(fx: EmailWorkerFixture): Promise<number> {
  const text = await (await fetch(`${fx.templateServiceUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('http_requests_total{') && l.includes('method="GET"') && l.includes('route="/api/v1/templates/:code"'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

describe('the templates an email worker renders', () => {
  const fx = useEmailWorker({ TEMPLATE_CACHE_TTL_SECONDS: '1' });

  it('are read once for many sends, rendered in the worker, and a new version is sent once the cache time passed', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx, { subject: 'Version one, {{name}}' });
    const before = await templateReads(fx);
    const first = Array.from({ length: 20 }, () => emailRequest(user.user_id, template.code));
    await Promise.all(first.map((request) => publishRequest(fx, request)));
    await Promise.all(first.map((request) => waitForStatus(fx, request.notification_id, 'delivered')));
    assert.equal((await templateReads(fx)) - before, 1);

    await createTemplate(fx, { code: template.code, subject: 'Version two, {{name}}' });
    await pause(1_100);
    const second = emailRequest(user.user_id, template.code);
    await publishRequest(fx, second);
    await waitForStatus(fx, second.notification_id, 'delivered');
    const subjects = (await fx.sandbox.emails(user.email)).map((email) => email.subject);
    assert.deepEqual(subjects.filter((subject) => subject === 'Version one, Ada').length, 20);
    assert.ok(subjects.includes('Version two, Ada'), subjects.join());
  });
});
