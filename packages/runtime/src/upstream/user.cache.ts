import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { LRUCache } from 'lru-cache';
import { User } from '@herald/contracts';
import type { Logger } from 'pino';
import { createJsonCache } from '../redis/json-cache';
import type { Redis } from '../redis/redis';

/** A user as the user service answered it, and when (ms since the epoch), so every copy expires on time. */
const CachedUser = Type.Object({ user: User, fetched_at: Type.Number() });
type CachedUser = Static<typeof CachedUser>;

const checkCachedUser = TypeCompiler.Compile(CachedUser);

export interface UserCache {
  /** The user, if the user service answered it less than the cache's TTL ago. */
  get(userId: string): Promise<User | undefined>;
  /** Keeps a user the user service has just answered. */
  set(userId: string, user: User): Promise<void>;
}

/**
 * Users in this process's memory, in front of Redis (shared by every copy of the worker). An entry in either
 * is dropped `ttlSeconds` after the user service answered it, so a user is never staler than that, however
 * it came to this process.
 */
export function createUserCache(options: {
  redis: Redis;
  log: Logger;
  ttlSeconds: number;
  /** The most users kept in memory; the least recently used go first. */
  maxUsersInMemory?: number;
}): UserCache {
  const ttlMs = options.ttlSeconds * 1_000;
  const memory = new LRUCache<string, User>({ max: options.maxUsersInMemory ?? 10_000, ttl: ttlMs });
  const shared = createJsonCache<CachedUser>({
    redis: options.redis,
    log: options.log,
    // Not `user`: those entries carry no answer time.
    namespace: 'cached-user',
    ttlSeconds: options.ttlSeconds,
  });
  return {
    async get(userId) {
      const remembered = memory.get(userId);
      if (remembered) return remembered;
      const cached = await shared.get(userId);
      if (!cached || !checkCachedUser.Check(cached)) return undefined;
      // Clocks of two hosts may disagree: never keep an entry longer than a whole TTL.
      const leftMs = Math.min(ttlMs, cached.fetched_at + ttlMs - Date.now());
      if (leftMs <= 0) return undefined;
      memory.set(userId, cached.user, { ttl: leftMs });
      return cached.user;
    },
    async set(userId, user) {
      memory.set(userId, user);
      await shared.set(userId, { user, fetched_at: Date.now() });
    },
  };
}
