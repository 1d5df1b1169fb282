import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { newUser, useGateway } from './gateway.fixture';

describe('the per-key rate limit', () => {
  const fx = useGateway({ env: { RATE_LIMIT_PER_SECOND: '5' } });

  it('answers 429 rate_limited with Retry-After past the limit', async () => {
    const userId = (await fx.admin.POST('/api/v1/users', { body: newUser() })).data!.data.user_id;
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        fx.admin.POST('/api/v1/notifications', {
          body: { notification_type: 'email', user_id: userId, template_code: 'welcome', variables: {}, request_id: randomUUID() },
        }),
      ),
    );
    const limited = answers.filter((answer) => answer.response.status === 429);
    assert.ok(limited.length >= 5, `only ${limited.length} of 12 were limited`);
    assert.equal(limited[0]?.error?.error, 'rate_limited');
    assert.ok(Number(limited[0]?.response.headers.get('retry-after')) >= 1);
    assert.ok(answers.filter((answer) => answer.response.status === 202).length <= 5);
  });
});
