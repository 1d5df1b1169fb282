import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { newUser, useGateway } from './gateway.fixture';

describe('a gateway started while RabbitMQ is down', () => {
  const fx = useGateway({ brokerThroughProxy: true, brokerDownAtStart: true });

  it('accepts at once, is not ready, and relays everything once RabbitMQ answers', async () => {
    assert.equal((await fetch(`${fx.gateway.url}/ready`)).status, 503);
    const userId = (await fx.admin.POST('/api/v1/users', { body: newUser() })).data!.data.user_id;
    const accepted = await fx.admin.POST('/api/v1/notifications', {
      body: { notification_type: 'email', user_id: userId, template_code: 'welcome', variables: {}, request_id: randomUUID() },
    });
    assert.equal(accepted.response.status, 202);
    const id = accepted.data!.data.notification_id;

    fx.brokerProxy!.restore();
    let queued = false;
    for (let i = 0; i < 100 && !queued; i++) {
      const { data } = await fx.admin.GET('/api/v1/notifications/{id}', { params: { path: { id } } });
      queued = data?.data.timeline.some((entry) => entry.status === 'queued') ?? false;
      if (!queued) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(queued, 'the accepted notification was never published');
    assert.equal((await fetch(`${fx.gateway.url}/ready`)).status, 200);
  });
});
