import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AppError } from '@herald/runtime';
import type { Principal } from '../auth/principal';
import { createLeasedBudget } from './leased-budget';

/**
 * Limits accepts per API key per second, counted in Redis so every gateway copy shares one budget. Redis
 * being down lets requests through: a rate limit protects the platform, it must not take it down.
 */
export function createRateLimit(deps: { redis: Redis; perSecond: number; log: Logger }): RequestHandler {
  const budget = createLeasedBudget({ redis: deps.redis, perSecond: deps.perSecond });
  const limit = String(deps.perSecond);
  return async (_req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    const key =
      principal?.kind === 'api_key' ? principal.apiKeyId : `user:${principal?.userId ?? 'anonymous'}`;
    let admission;
    try {
      admission = await budget.admit(key);
    } catch (error) {
      deps.log.warn({ err: error }, 'rate limiter unavailable: letting the request through');
      next();
      return;
    }
    if (!admission.allowed) {
      throw new AppError(
        'rate_limited',
        `More than ${deps.perSecond} requests a second for this key`,
        undefined,
        {
          'retry-after': String(Math.max(1, Math.ceil(admission.msBeforeNext / 1000))),
          'x-ratelimit-limit': limit,
          'x-ratelimit-remaining': '0',
        },
      );
    }
    res.setHeader('x-ratelimit-limit', limit);
    res.setHeader('x-ratelimit-remaining', String(admission.remaining));
    next();
  };
}
