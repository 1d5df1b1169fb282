import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface JsonCache<T> {
  get(id: string): Promise<T | undefined>;
  set(id: string, value: T): Promise<void>;
  drop(id: string): Promise<void>;
}

/**
 * A read-through cache of JSON values under `namespace:<id>`. Redis being down makes it a miss, never an
 * error: the cache speeds answers up, it never decides them.
 */
export function createJsonCache<T>(options: {
  redis: Redis;
  log: Logger;
  namespace: string;
  ttlSeconds: number;
}): JsonCache<T> {
  const { redis, log, namespace, ttlSeconds } = options;
  const keyOf = (id: string) => `${namespace}:${id}`;
  return {
    async get(id) {
      try {
        const text = await redis.get(keyOf(id));
        return text === null ? undefined : (JSON.parse(text) as T);
      } catch (error) {
        log.warn({ err: error, namespace }, 'cache read failed');
        return undefined;
      }
    },
    async set(id, value) {
      try {
        await redis.set(keyOf(id), JSON.stringify(value), 'EX', ttlSeconds);
      } catch (error) {
        log.warn({ err: error, namespace }, 'cache write failed');
      }
    },
    async drop(id) {
      // Unlike a read, a failed drop would leave stale data behind, so the caller must know.
      await redis.del(keyOf(id));
    },
  };
}
