import { createHash } from 'node:crypto';
import type { RenderedTemplate, Template } from '@herald/contracts';
import { createJsonCache, type JsonCache, type Logger, type Redis } from '@herald/runtime';

export interface TemplateCache {
  /**
   * The code's cache generation, part of every key cached for it; undefined when Redis cannot answer,
   * which skips the cache for this request.
   */
  generationOf(code: string): Promise<string | undefined>;
  /** Moves the code to a new generation, so nothing cached for it before is read again. */
  invalidate(code: string): Promise<void>;
  latest: JsonCache<Template>;
  rendered: JsonCache<RenderedTemplate>;
}

const generationKey = (code: string) => `generation:${code}`;

/** The key of the latest version of a code in a requested language ('' for the default). */
export function latestKey(code: string, generation: string, language: string | undefined): string {
  return `${code}:${generation}:${language ?? ''}`;
}

/** The key of a render; the same variables in another key order only make a cache miss. */
export function renderKey(
  code: string,
  generation: string,
  request: {
    language?: string | undefined;
    version?: number | undefined;
    variables: Record<string, unknown>;
  },
): string {
  const variablesHash = createHash('sha256').update(JSON.stringify(request.variables)).digest('base64url');
  return `${code}:${generation}:${request.language ?? ''}:${request.version ?? 'latest'}:${variablesHash}`;
}

/**
 * Latest versions and renders in Redis, dropped per code by bumping its generation rather than by
 * finding every key. Redis being down is a cache miss, never an error.
 */
export function createTemplateCache(options: {
  redis: Redis;
  log: Logger;
  ttlSeconds: number;
}): TemplateCache {
  const { redis, log, ttlSeconds } = options;
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
    latest: createJsonCache<Template>({ redis, log, namespace: 'latest', ttlSeconds }),
    rendered: createJsonCache<RenderedTemplate>({ redis, log, namespace: 'rendered', ttlSeconds }),
  };
}
