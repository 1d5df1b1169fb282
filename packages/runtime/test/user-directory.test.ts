import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { User } from '@herald/contracts';
import {
  CommonEnv,
  createLogger,
  createRedis,
  createUpstreamPool,
  createUserCache,
  createUserDirectory,
  loadConfig,
  type Redis,
} from '../src/index';

describe('the user directory', () => {
  const log = createLogger({ service: 'user-directory-test', level: 'silent' });
  const keyPrefix = `t:${randomUUID().slice(0, 12)}:`;
  const calls = new Map<string, number>();
  let redis: Redis;
  let server: Server;
  let baseUrl: string;

  before(async () => {
    redis = await createRedis({ url: loadConfig(CommonEnv).REDIS_URL, keyPrefix, log });
    // A user service that answers every id, slowly enough for lookups to overlap.
    server = createServer((req, res) => {
      const id = req.url?.split('/').pop() ?? '';
      calls.set(id, (calls.get(id) ?? 0) + 1);
      const now = new Date().toISOString();
      const user: User = {
        user_id: id,
        name: 'Ada',
        email: 'ada@example.com',
        preferences: { email: true, push: true },
        language: 'en',
        timezone: 'UTC',
        created_at: now,
        updated_at: now,
      };
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: user }));
      }, 50);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    const keys = await redis.keys('*');
    if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(keyPrefix.length)));
    await redis.quit();
  });

  it('asks the user service once for many concurrent lookups of one user, and not again while cached', async () => {
    const pool = createUpstreamPool(baseUrl, { connectTimeoutMs: 1_000 });
    const users = createUserDirectory({
      baseUrl,
      timeoutMs: 1_000,
      cache: createUserCache({ redis, log, ttlSeconds: 60 }),
      dispatcher: pool,
    });
    const id = randomUUID();
    const signal = new AbortController().signal;
    const found = await Promise.all(Array.from({ length: 20 }, () => users.getUser(id, signal)));
    assert.ok(found.every((user) => user.user_id === id));
    await users.getUser(id, signal);
    assert.equal(calls.get(id), 1);
    await pool.close();
  });
});
