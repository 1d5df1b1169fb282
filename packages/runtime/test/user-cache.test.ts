import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { User } from '@herald/contracts';
import { createLogger, createRedis, createUserCache, loadConfig, CommonEnv, type Redis } from '../src/index';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function user(): User {
  const now = new Date().toISOString();
  return {
    user_id: randomUUID(),
    name: 'Ada',
    email: `ada.${randomUUID().slice(0, 8)}@example.com`,
    preferences: { email: true, push: true },
    language: 'en',
    timezone: 'UTC',
    created_at: now,
    updated_at: now,
  };
}

describe('the user cache', () => {
  const log = createLogger({ service: 'user-cache-test', level: 'silent' });
  const keyPrefix = `t:${randomUUID().slice(0, 12)}:`;
  let redis: Redis;

  before(async () => {
    redis = await createRedis({ url: loadConfig(CommonEnv).REDIS_URL, keyPrefix, log });
  });
  after(async () => {
    // The client prefixes KEYS' pattern and DEL's keys, but not KEYS' answer.
    const keys = await redis.keys('*');
    if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(keyPrefix.length)));
    await redis.quit();
  });

  it('answers a user another process cached, until the TTL since the user service answered it ends', async () => {
    const writer = createUserCache({ redis, log, ttlSeconds: 1 });
    const reader = createUserCache({ redis, log, ttlSeconds: 1 });
    const ada = user();
    await writer.set(ada.user_id, ada);

    await pause(600);
    assert.deepEqual(await reader.get(ada.user_id), ada);
    // Now in the reader's memory too; there it must end when Redis's copy ends, not a whole TTL later.
    await pause(600);
    assert.equal(await reader.get(ada.user_id), undefined);
    assert.equal(await writer.get(ada.user_id), undefined);
  });

  it('answers a remembered user without Redis', async () => {
    const cache = createUserCache({ redis, log, ttlSeconds: 60 });
    const ada = user();
    await cache.set(ada.user_id, ada);
    await redis.del(`cached-user:${ada.user_id}`);
    assert.deepEqual(await cache.get(ada.user_id), ada);
    assert.equal(await createUserCache({ redis, log, ttlSeconds: 60 }).get(ada.user_id), undefined);
  });
});
