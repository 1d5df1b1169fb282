import { LRUCache } from 'lru-cache';
import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import { correlationHeader, currentCorrelationId, type JsonCache } from '@herald/runtime';

/** What the gateway knows of a user at accept time; `unknown` when the user service cannot say. */
export type UserExistence = 'exists' | 'missing' | 'unknown';

export interface UserDirectory {
  check(userId: string): Promise<UserExistence>;
}

/**
 * Asks the user service whether a user exists, through a Redis cache and a circuit breaker. When the user
 * service is down the answer is `unknown` and the accept goes ahead: the worker resolves the user later.
 */
export function createUserDirectory(deps: {
  baseUrl: string;
  timeoutMs: number;
  cache: JsonCache<true>;
  log: Logger;
}): UserDirectory {
  const { baseUrl, timeoutMs, cache, log } = deps;
  // Users are never deleted, so a user seen once exists for good: the hot path skips even the Redis round trip.
  const known = new LRUCache<string, true>({ max: 100_000 });

  async function lookUp(userId: string): Promise<'exists' | 'missing'> {
    const response = await fetch(new URL(`/api/v1/users/${encodeURIComponent(userId)}`, baseUrl), {
      headers: { accept: 'application/json', [correlationHeader]: currentCorrelationId() ?? '' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return 'exists';
    if (response.status === 404) return 'missing';
    throw new Error(`user service answered ${response.status}`);
  }

  const breaker = new CircuitBreaker(lookUp, {
    timeout: false,
    errorThresholdPercentage: 50,
    volumeThreshold: 5,
    resetTimeout: 10_000,
  });
  breaker.on('open', () => log.warn('user service breaker open: accepting without user checks'));
  breaker.on('close', () => log.info('user service breaker closed'));

  return {
    async check(userId) {
      if (known.has(userId)) return 'exists';
      if (await cache.get(userId)) {
        known.set(userId, true);
        return 'exists';
      }
      try {
        const existence = await breaker.fire(userId);
        if (existence === 'exists') {
          known.set(userId, true);
          await cache.set(userId, true);
        }
        return existence;
      } catch (error) {
        log.warn({ err: error, user_id: userId }, 'user check skipped: user service unavailable');
        return 'unknown';
      }
    },
  };
}
