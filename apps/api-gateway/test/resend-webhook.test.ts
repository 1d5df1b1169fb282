import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Webhook } from 'svix';
import { newUser, useGateway } from './gateway.fixture';

const secret = `whsec_${Buffer.from('a test signing secret, 32 bytes!').toString('base64')}`;

describe('the Resend webhook', () => {
  const fx = useGateway({ env: { RESEND_WEBHOOK_SECRET: secret } });

  async function post(event: object, sign = true) {
    const body = JSON.stringify(event);
    const id = `msg_${randomUUID()}`;
    const timestamp = new Date();
    const signature = sign ? new Webhook(secret).sign(id, timestamp, body) : 'v1,bm9wZQ==';
    return fetch(`${fx.gateway.url}/api/v1/webhooks/resend`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'svix-id': id,
        'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'svix-signature': signature,
      },
      body,
    });
  }

  async function accepted(): Promise<string> {
    const userId = (await fx.admin.POST('/api/v1/users', { body: newUser() })).data!.data.user_id;
    const { data } = await fx.admin.POST('/api/v1/notifications', {
      body: { notification_type: 'email', user_id: userId, template_code: 'welcome', variables: {}, request_id: randomUUID() },
    });
    return data!.data.notification_id;
  }

  const event = (type: string, notificationId: string, extra: object = {}) => ({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: randomUUID(), to: ['a@example.com'], tags: { notification_id: notificationId }, ...extra },
  });

  it('marks a notification bounced (failed, with the reason) on a signed email.bounced', async () => {
    const id = await accepted();
    const response = await post(event('email.bounced', id, { bounce: { message: 'mailbox does not exist' } }));
    assert.equal(response.status, 200);
    const { data } = await fx.admin.GET('/api/v1/notifications/{id}', { params: { path: { id } } });
    assert.equal(data?.data.status, 'failed');
    assert.match(data?.data.error ?? '', /bounced: mailbox does not exist/);
    assert.ok(data?.data.timeline.some((entry) => entry.status === 'bounced'));
  });

  it('marks a notification delivered on email.delivered', async () => {
    const id = await accepted();
    await post(event('email.delivered', id));
    const { data } = await fx.admin.GET('/api/v1/notifications/{id}', { params: { path: { id } } });
    assert.equal(data?.data.status, 'delivered');
  });

  it('matches an event without our tag by the email id an earlier step recorded', async () => {
    const id = await accepted();
    const delivered = event('email.delivered', id);
    await post(delivered);
    const untagged = { ...event('email.bounced', id), data: { email_id: delivered.data.email_id, to: ['a@example.com'] } };
    const answer = (await (await post(untagged)).json()) as { data: { notification_id: string | null; handled: boolean } };
    assert.deepEqual([answer.data.notification_id, answer.data.handled], [id, true]);
    const { data } = await fx.admin.GET('/api/v1/notifications/{id}', { params: { path: { id } } });
    assert.equal(data?.data.status, 'failed');
  });

  it('refuses a webhook whose signature is wrong with 401', async () => {
    const id = await accepted();
    const response = await post(event('email.delivered', id), false);
    assert.equal(response.status, 401);
    const { data } = await fx.admin.GET('/api/v1/notifications/{id}', { params: { path: { id } } });
    assert.equal(data?.data.status, 'pending');
  });
});
