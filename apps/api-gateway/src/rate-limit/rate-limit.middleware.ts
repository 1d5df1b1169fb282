import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@herald/runtime';
import type { Principal } from '../auth/principal';

/**
 * Limits accepts per API key per second, counted in Redis so every gateway copy shares one budget. Redis
 * being down lets requests through: a rate limit protects the platform, it must not take it down.
 */
export function createRateLimit(deps: { redis: Redis; perSecond: number; log: Logger }): RequestHandler {
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: 'rate',
    points: deps.perSecond,
    duration: 1,
  });
  return async (_req, res, next) => {
    const principal = res.locals.principal as Principal | undefined;
    const key = principal?.kind === 'api_key' ? principal.apiKeyId : `user:${principal?.userId ?? 'anonymous'}`;
    try {
      const result = await limiter.consume(key);
      res.setHeader('x-ratelimit-limit', String(deps.perSecond));
      res.setHeader('x-ratelimit-remaining', String(result.remainingPoints));
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new AppError('rate_limited', `More than ${deps.perSecond} requests a second for this key`, undefined, {
          'retry-after': String(Math.max(1, Math.ceil(error.msBeforeNext / 1000))),
          'x-ratelimit-limit': String(deps.perSecond),
          'x-ratelimit-remaining': '0',
        });
      }
      deps.log.warn({ err: error }, 'rate limiter unavailable: letting the request through');
    }
    next();
  };
}
