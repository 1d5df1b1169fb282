import { LRUCache } from 'lru-cache';
import type { Template } from '@herald/contracts';
import type { Logger, Redis } from '@herald/runtime';

export interface TemplateCache {
  /**
   * The code's cache generation, part of every key cached for it; undefined when Redis cannot answer,
   * which skips the cache for this request.
   */
  generationOf(code: string): Promise<string | undefined>;
  /** Moves the code to a new generation, so nothing cached for it before is read again. */
  invalidate(code: string): Promise<void>;
  /** The version a key names (see templateKey), if this process has it. */
  get(key: string): Template | undefined;
  set(key: string, template: Template): void;
}

const generationKey = (code: string) => `generation:${code}`;

/**
 * The key of the version a lookup resolves to: the latest (no `version`) or a numbered one, in the best
 * language for the requested one ('' for the default). Which version that is changes only when the code
 * gets a new version, and so a new generation.
 */
export function templateKey(
  code: string,
  generation: string,
  request: { language?: string | undefined; version?: number | undefined },
): string {
  return `${code}:${generation}:${request.language ?? ''}:${request.version ?? 'latest'}`;
}

/**
 * Resolved versions in this process's memory, under keys that carry the code's generation, which lives in
 * Redis and is bumped on every new version: each lookup still reads the generation (one round trip), so a
 * version created through any copy of the service is used by the next render on every copy. Redis being
 * down is a cache miss, never an error. Renders are not cached: their variables differ per email, so a
 * render cache would cost a hash and two round trips per render and almost never hit.
 */
export function createTemplateCache(options: {
  redis: Redis;
  log: Logger;
  ttlSeconds: number;
  maxEntries: number;
}): TemplateCache {
  const { redis, log, ttlSeconds } = options;
  // The TTL bounds how long an entry outlives a generation bump that was lost (Redis down during a
  // create, a generation key evicted or flushed back to '0').
  const entries = new LRUCache<string, Template>({ max: options.maxEntries, ttl: ttlSeconds * 1000 });
  return {
    async generationOf(code) {
      try {
        return (await redis.get(generationKey(code))) ?? '0';
      } catch (error) {
        log.warn({ err: error, code }, 'template cache generation unreadable: skipping the cache');
        return undefined;
      }
    },
    async invalidate(code) {
      try {
        // A counter that was lost (evicted, flushed) restarts from the clock, never from a value it
        // had before, so entries cached under an old generation are never read again.
        await redis.multi().set(generationKey(code), Date.now(), 'NX').incr(generationKey(code)).exec();
      } catch (error) {
        log.warn(
          { err: error, code },
          `template cache not invalidated: entries may be stale for up to ${ttlSeconds}s`,
        );
      }
    },
    get: (key) => entries.get(key),
    set(key, template) {
      entries.set(key, template);
    },
  };
}
