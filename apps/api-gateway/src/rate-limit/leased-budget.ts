import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** One request's answer from the budget. */
export interface Admission {
  readonly allowed: boolean;
  /** What is left of the budget of this second: exact with one gateway copy, an estimate with several. */
  readonly remaining: number;
  /** Until the budget opens again. */
  readonly msBeforeNext: number;
}

export interface LeasedBudget {
  admit(key: string): Promise<Admission>;
}

interface KeyWindow {
  /** When the shared window (rate-limiter-flexible's key in Redis) ends; unknown until the first lease. */
  endsAt: number;
  /** Tokens this copy has leased in the window and not spent yet. */
  available: number;
  /** What every copy has left to lease in the window, as of this copy's last lease. */
  unleased: number;
  /** Spent by this copy in the window; sizes the first lease of the next one. */
  spent: number;
  /** The size of the next lease: doubles each time one runs out within the window. */
  nextLease: number;
  /** The window's budget is gone, for every copy. */
  exhausted: boolean;
  lease?: Promise<void>;
}

/**
 * `perSecond` requests a second per key, one budget shared by every gateway copy through Redis, handed out in
 * leases: a copy consumes a few of the window's points at once (rate-limiter-flexible's `consume(key, n)`, one
 * Redis call) and spends them in memory, so Redis sees a call per lease rather than one per request (a call per
 * request was 15% of the gateway's CPU at saturation). A copy admits only what it consumed within the budget, so
 * the copies together never admit more than it; points a copy took and did not spend before the window ended are
 * lost, so near the limit slightly less may pass (a lease is at most a twentieth of the budget; under 20 a second
 * it is one point, and the count is exact).
 */
export function createLeasedBudget(deps: {
  redis: Redis;
  perSecond: number;
  keyPrefix?: string;
}): LeasedBudget {
  const now = Date.now;
  const maxLease = Math.max(1, Math.floor(deps.perSecond / 20));
  const limiter = new RateLimiterRedis({
    storeClient: deps.redis,
    keyPrefix: deps.keyPrefix ?? 'rate',
    points: deps.perSecond,
    duration: 1,
  });
  const windows = new Map<string, KeyWindow>();
  let lastSweep = 0;

  function windowOf(key: string, at: number): KeyWindow {
    const current = windows.get(key);
    if (current && at < current.endsAt) return current;
    if (at - lastSweep > 1_000) {
      lastSweep = at;
      for (const [stale, window] of windows) if (window.endsAt < at - 1_000) windows.delete(stale);
    }
    // About ten leases a window at the last window's pace.
    const pace = current && at - current.endsAt < 1_000 ? Math.ceil(current.spent / 10) : 1;
    const fresh: KeyWindow = {
      endsAt: Number.POSITIVE_INFINITY,
      available: 0,
      unleased: deps.perSecond,
      spent: 0,
      nextLease: Math.min(maxLease, Math.max(1, pace)),
      exhausted: false,
    };
    windows.set(key, fresh);
    return fresh;
  }

  async function lease(key: string, window: KeyWindow): Promise<void> {
    const size = window.nextLease;
    const askedAt = now();
    let answer: RateLimiterRes;
    try {
      answer = await limiter.consume(key, size);
    } catch (refusal) {
      // Past the budget the limiter answers with a rejection that still says how much was consumed.
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      answer = refusal;
    }
    const granted = Math.max(0, Math.min(size, deps.perSecond - (answer.consumedPoints - size)));
    window.available += granted;
    window.unleased = answer.remainingPoints;
    // Counted from when the lease was asked, the end errs early by its round trip, never late: a copy never spends
    // a window's points after Redis has opened the next one.
    window.endsAt = Math.min(window.endsAt, askedAt + answer.msBeforeNext);
    if (granted < size) window.exhausted = true;
    window.nextLease = Math.min(maxLease, size * 2);
  }

  return {
    async admit(key) {
      for (;;) {
        const at = now();
        const window = windowOf(key, at);
        if (window.available > 0) {
          window.available -= 1;
          window.spent += 1;
          return {
            allowed: true,
            remaining: window.unleased + window.available,
            msBeforeNext: window.endsAt - at,
          };
        }
        if (window.exhausted) return { allowed: false, remaining: 0, msBeforeNext: window.endsAt - at };
        // One lease in flight per key: the requests arriving meanwhile share what it brings.
        window.lease ??= lease(key, window).finally(() => {
          window.lease = undefined;
        });
        await window.lease;
      }
    },
  };
}
