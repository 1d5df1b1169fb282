/** How a channel worker retries a transient failure: one delay queue per tier, then failed.queue. */
export interface RetryPolicy {
  /** The wait before each retry: the first retry waits `delayTiersMs[0]`; retries past the last tier wait the last. */
  readonly delayTiersMs: readonly number[];
  /** Delivery attempts in all, the first included; a message whose last attempt fails goes to failed.queue. */
  readonly maxAttempts: number;
  /** Up to this fraction of a tier's delay is taken off at random, so a burst of failures does not retry in step. */
  readonly jitter: number;
}

export const RetryPolicy: RetryPolicy = Object.freeze({
  delayTiersMs: Object.freeze([1_000, 5_000, 30_000, 120_000, 600_000]),
  maxAttempts: 6,
  jitter: 0.2,
});

/** The delay tier that follows a failed attempt (attempts count from 1). */
export function retryTierMs(attempt: number, policy: RetryPolicy = RetryPolicy): number {
  const tiers = policy.delayTiersMs;
  const index = Math.min(Math.max(Math.trunc(attempt), 1), tiers.length) - 1;
  const tier = tiers[index];
  if (tier === undefined) throw new Error('A retry policy needs at least one delay tier');
  return tier;
}

/**
 * How long to wait after a failed attempt: the attempt's tier, less up to `jitter` of it. Never more than the
 * tier, because the tier's delay queue expires every message at the tier's TTL anyway.
 */
export function backoffDelayMs(
  attempt: number,
  random: () => number = Math.random,
  policy: RetryPolicy = RetryPolicy,
): number {
  const tier = retryTierMs(attempt, policy);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.max(1, Math.round(tier * (1 - policy.jitter * r)));
}

/** Whether a message whose attempt `attempt` failed may be tried again. */
export function canRetry(attempt: number, policy: RetryPolicy = RetryPolicy): boolean {
  return attempt < policy.maxAttempts;
}

/** A delay as it appears in queue and publication names: 500ms, 1s, 30s, 2m, 1h. */
export function delayLabel(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}
