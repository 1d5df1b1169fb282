import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createTemplate,
  createUser,
  emailRequest,
  publishRequest,
  useEmailWorker,
  waitForStatus,
} from './email-worker.fixture';

describe('untrusted text in an email', () => {
  const fx = useEmailWorker();

  it('arrives escaped in the html when a variable holds a script', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    const request = emailRequest(user.user_id, template.code, {
      variables: { name: '<script>alert(1)</script>', link: 'https://example.com/start' },
    });
    await publishRequest(fx, request);
    await waitForStatus(fx, request.notification_id, 'delivered');

    const [email] = await fx.sandbox.emails(user.email);
    assert.ok(email?.html?.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), email?.html ?? '');
    assert.ok(!email?.html?.includes('<script>'));
  });

  it('adds no recipient when the user’s name carries CR/LF and a Bcc header', async () => {
    const user = await createUser(fx, { name: 'Ada\r\nBcc: x@example.com' });
    const template = await createTemplate(fx, {
      subject: 'Hi {{name}}',
      body: 'Hello {{name}}',
      html: '<p>{{name}}</p>',
    });
    // No `name` variable: the worker falls back to the profile's name, so it reaches the subject.
    const request = emailRequest(user.user_id, template.code, { variables: {} });
    await publishRequest(fx, request);
    await waitForStatus(fx, request.notification_id, 'delivered');

    const [email] = await fx.sandbox.emails(user.email);
    assert.deepEqual(email?.to, [user.email]);
    assert.deepEqual(email?.cc, []);
    assert.deepEqual(email?.bcc, []);
    assert.ok(!/[\r\n]/.test(email?.subject ?? ''), JSON.stringify(email?.subject));
    assert.match(email?.subject ?? '', /^Hi Ada/);
    for (const value of Object.values(email?.headers ?? {})) assert.ok(!/[\r\n]/.test(value));
    assert.deepEqual(await fx.sandbox.emails('x@example.com'), []);
  });
});
