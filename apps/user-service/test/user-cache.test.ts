import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { newUser, useUserService } from './user-service.fixture';

describe('the user cache', () => {
  const fx = useUserService();

  it('is filled by a read and dropped by a change, so the next read is fresh', async () => {
    const redis = new Redis(fx.ns.redisUrl, { keyPrefix: `${fx.ns.redisKeyPrefix}users:` });
    try {
      const created = await fx.client.POST('/api/v1/users', { body: newUser() });
      const id = created.data!.data.user_id;
      await fx.client.GET('/api/v1/users/{id}', { params: { path: { id } } });
      const cached = await redis.get(`user:${id}`);
      assert.equal(JSON.parse(cached!).user_id, id);

      await fx.client.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { name: 'Changed' } });
      assert.equal(await redis.get(`user:${id}`), null);

      const { data } = await fx.client.GET('/api/v1/users/{id}', { params: { path: { id } } });
      assert.equal(data?.data.name, 'Changed');
    } finally {
      redis.disconnect();
    }
  });

  it('is dropped when preferences change', async () => {
    const redis = new Redis(fx.ns.redisUrl, { keyPrefix: `${fx.ns.redisKeyPrefix}users:` });
    try {
      const created = await fx.client.POST('/api/v1/users', { body: newUser() });
      const id = created.data!.data.user_id;
      await fx.client.GET('/api/v1/users/{id}', { params: { path: { id } } });
      await fx.client.PUT('/api/v1/users/{id}/preferences', { params: { path: { id } }, body: { email: false, push: true } });
      assert.equal(await redis.get(`user:${id}`), null);
      const { data } = await fx.client.GET('/api/v1/users/{id}', { params: { path: { id } } });
      assert.deepEqual(data?.data.preferences, { email: false, push: true });
    } finally {
      redis.disconnect();
    }
  });
});
