import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it, before } from 'node:test';
import { newUser, useGateway } from './gateway.fixture';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('an email, end to end through the gateway', () => {
  const fx = useGateway({ email: { workers: 1 } });

  before(async () => {
    const template = await fx.admin.POST('/api/v1/templates', {
      body: {
        code: 'welcome',
        channel: 'email',
        subject: 'Welcome, {{name}}',
        body: 'Hi {{name}}, start at {{link}}',
        html: '<p>Hi {{name}}, <a href="{{link}}">start</a></p>',
      },
    });
    assert.equal(template.response.status, 201);
  });

  async function userAndEmail() {
    const body = newUser();
    const created = await fx.admin.POST('/api/v1/users', { body });
    return { userId: created.data!.data.user_id, email: body.email };
  }

  const send = (userId: string, requestId = randomUUID(), name = 'Ada') =>
    fx.admin.POST('/api/v1/notifications', {
      body: {
        notification_type: 'email',
        user_id: userId,
        template_code: 'welcome',
        variables: { name, link: 'https://example.com/start' },
        request_id: requestId,
      },
    });

  const read = (id: string) => fx.admin.GET('/api/v1/notifications/{id}', { params: { path: { id } } });

  it('delivers the rendered email and reports delivered with its timeline', async () => {
    const { userId, email } = await userAndEmail();
    const accepted = await send(userId);
    assert.equal(accepted.response.status, 202);
    const id = accepted.data!.data.notification_id;
    const { data } = await eventually(() => read(id), (answer) => answer.data?.data.status === 'delivered');
    assert.equal(data?.data.status, 'delivered');
    assert.deepEqual(
      data?.data.timeline.map((entry) => entry.status),
      ['accepted', 'queued', 'delivered'],
    );
    const emails = await fx.sandbox.emails(email);
    assert.equal(emails.length, 1);
    assert.equal(emails[0]?.subject, 'Welcome, Ada');
    assert.equal(emails[0]?.text, 'Hi Ada, start at https://example.com/start');
    assert.equal(emails[0]?.idempotency_key, id);
  });

  it('counts on /metrics what it accepted, relayed and recorded, and not a replay', async () => {
    const counters = async () => {
      const text = await (await fetch(`${fx.gateway.url}/metrics`)).text();
      const value = (series: string) => Number(new RegExp(`^${series} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
      return [
        value('herald_notifications_accepted_total\\{channel="email",service="api-gateway"\\}'),
        value('herald_outbox_written_total\\{service="api-gateway"\\}'),
        value('herald_outbox_published_total\\{service="api-gateway"\\}'),
        value('herald_status_steps_recorded_total\\{status="delivered",service="api-gateway"\\}'),
      ];
    };
    const before = await counters();
    const { userId } = await userAndEmail();
    const requestId = randomUUID();
    const id = (await send(userId, requestId)).data!.data.notification_id;
    assert.equal((await send(userId, requestId)).response.status, 200);
    await eventually(() => read(id), (answer) => answer.data?.data.status === 'delivered');
    const after = await eventually(counters, (now) => now[3] === before[3]! + 1);
    assert.deepEqual(
      after.map((value, i) => value - before[i]!),
      [1, 1, 1, 1],
    );
  });

  it('sends one email for 20 concurrent identical requests', async () => {
    const { userId, email } = await userAndEmail();
    const requestId = randomUUID();
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(userId, requestId)));
    const id = answers[0]!.data!.data.notification_id;
    await eventually(() => read(id), (answer) => answer.data?.data.status === 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal((await fx.sandbox.emails(email)).length, 1);
  });

  it('escapes a <script> variable in the HTML body', async () => {
    const { userId, email } = await userAndEmail();
    const id = (await send(userId, randomUUID(), '<script>alert(1)</script>')).data!.data.notification_id;
    await eventually(() => read(id), (answer) => answer.data?.data.status === 'delivered');
    const [sent] = await fx.sandbox.emails(email);
    assert.ok(sent?.html?.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), sent?.html ?? '');
    assert.equal(sent?.html?.includes('<script>'), false);
  });

  it('marks a notification failed, with the reason, when its template does not exist', async () => {
    const { userId, email } = await userAndEmail();
    const { data } = await fx.admin.POST('/api/v1/notifications', {
      body: { notification_type: 'email', user_id: userId, template_code: 'no-such-template', variables: {}, request_id: randomUUID() },
    });
    const id = data!.data.notification_id;
    const answer = await eventually(() => read(id), (a) => a.data?.data.status === 'failed');
    assert.equal(answer.data?.data.status, 'failed');
    assert.match(answer.data?.data.error ?? '', /template_not_found/);
    assert.equal((await fx.sandbox.requests(email)).length, 0);
  });

  it('skips a user who turned email off, with the reason, and sends nothing', async () => {
    const { userId, email } = await userAndEmail();
    await fx.admin.PUT('/api/v1/users/{id}/preferences', { params: { path: { id: userId } }, body: { email: false, push: true } });
    const id = (await send(userId)).data!.data.notification_id;
    const answer = await eventually(() => read(id), (a) => a.data?.data.status === 'skipped');
    assert.equal(answer.data?.data.status, 'skipped');
    assert.ok(answer.data?.data.error);
    assert.equal((await fx.sandbox.requests(email)).length, 0);
  });

  it('delivers once when the worker is killed (SIGKILL) while Resend holds the request', async () => {
    const { userId, email } = await userAndEmail();
    await fx.sandbox.script(email, [{ hold_ms: 3_000 }]);
    const id = (await send(userId)).data!.data.notification_id;
    await eventually(() => fx.sandbox.requests(email), (requests) => requests.length > 0, 15_000);
    const worker = fx.emailWorkers[0]!;
    assert.equal(await worker.stop('SIGKILL'), 'SIGKILL');
    await fx.startEmailWorker();
    const answer = await eventually(() => read(id), (a) => a.data?.data.status === 'delivered', 60_000);
    assert.equal(answer.data?.data.status, 'delivered');
    const emails = await fx.sandbox.emails(email);
    assert.equal(emails.length, 1);
    const keys = new Set((await fx.sandbox.requests(email)).map((request) => request.idempotency_key));
    assert.deepEqual([...keys], [id]);
  });
});
