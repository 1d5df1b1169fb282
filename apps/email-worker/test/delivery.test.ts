import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createTemplate,
  createUser,
  emailRequest,
  publishRequest,
  statusesOf,
  useEmailWorker,
  waitForStatus,
} from './email-worker.fixture';

describe('an email request', () => {
  const fx = useEmailWorker();

  it('is delivered once, with the rendered subject and body, under the notification id as idempotency key', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const delivered = await waitForStatus(fx, request.notification_id, 'delivered');
    const emails = await fx.sandbox.emails(user.email);
    assert.equal(emails.length, 1);
    const [email] = emails;
    assert.deepEqual(email?.to, [user.email]);
    assert.equal(email?.subject, 'Welcome, Ada');
    assert.equal(email?.text, 'Hello Ada, open https://example.com/start');
    assert.equal(email?.html, '<p>Hello Ada, <a href="https://example.com/start">open</a></p>');
    assert.equal(email?.idempotency_key, request.notification_id);
    assert.equal(email?.headers['X-Herald-Notification-Id'], request.notification_id);
    assert.equal(delivered.content.provider_message_id, email?.id);
    assert.equal(delivered.content.attempt, 1);
    const requests = await fx.sandbox.requests(user.email);
    assert.deepEqual(
      requests.map((r) => r.idempotency_key),
      [request.notification_id],
    );
  });

  it('is skipped with the reason, and sends nothing, when the user turned email off', async () => {
    const user = await createUser(fx, { preferences: { email: false, push: true } });
    const template = await createTemplate(fx);
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);

    const skipped = await waitForStatus(fx, request.notification_id, 'skipped');
    assert.equal(skipped.content.detail, 'email preference is off');
    assert.deepEqual(await fx.sandbox.requests(user.email), []);
  });

  it('renders in the language the request names, else the user’s', async () => {
    const user = await createUser(fx, { language: 'pt-BR' });
    const template = await createTemplate(fx);
    await createTemplate(fx, { code: template.code, language: 'pt', subject: 'Bem-vindo, {{name}}' });
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);
    await waitForStatus(fx, request.notification_id, 'delivered');
    const english = emailRequest(user.user_id, template.code, { language: 'en' });
    await publishRequest(fx, english);
    await waitForStatus(fx, english.notification_id, 'delivered');

    const subjects = (await fx.sandbox.emails(user.email)).map((email) => email.subject);
    assert.deepEqual(subjects, ['Bem-vindo, Ada', 'Welcome, Ada']);
  });

  it('sends no second email when the same notification arrives again', async () => {
    const user = await createUser(fx);
    const template = await createTemplate(fx);
    const request = emailRequest(user.user_id, template.code);
    await publishRequest(fx, request);
    const first = await waitForStatus(fx, request.notification_id, 'delivered');

    await publishRequest(fx, { ...request, message_id: crypto.randomUUID() });
    await fx.statuses.waitFor(
      (s) =>
        s.content.notification_id === request.notification_id &&
        s.content.status === 'delivered' &&
        s !== first,
    );
    assert.deepEqual(statusesOf(fx, request.notification_id), ['delivered', 'delivered']);
    assert.equal((await fx.sandbox.requests(user.email)).length, 1);
    assert.equal((await fx.sandbox.emails(user.email)).length, 1);
  });
});
