import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import { ProviderUnavailableError, TransientDeliveryError } from './delivery-errors';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface ProviderBreaker {
  /** Runs `call` through the provider's breaker; while the breaker is open it throws ProviderUnavailableError instead. */
  run<T>(call: () => Promise<T>): Promise<T>;
  state(): BreakerState;
  /** Stops the breaker's timers; idempotent. */
  shutdown(): void;
}

export interface ProviderBreakerOptions {
  /** The provider's name, in logs and in the parking reason: `resend`, `apns`. */
  readonly provider: string;
  readonly log: Logger;
  /** How long the breaker stays open before it lets one trial call through. */
  readonly resetTimeoutMs?: number;
  /** The failure rate, in percent of calls in the rolling window, that opens the breaker. */
  readonly errorThresholdPercentage?: number;
  /** Calls in the rolling window before the failure rate counts at all. */
  readonly volumeThreshold?: number;
  readonly rollingWindowMs?: number;
  /** Which errors say the provider is down; by default a TransientDeliveryError without retry-after (5xx, timeout, network). */
  readonly isProviderDown?: (error: unknown) => boolean;
}

// A 429 means the provider is up and wants us slower (retry-after does that); a 4xx is our request's fault.
const transientWithoutRetryAfter = (error: unknown): boolean =>
  error instanceof TransientDeliveryError && error.retryAfterMs === undefined;

/**
 * One circuit breaker per provider (opossum). Calls are not timed out here: the caller bounds its own
 * request, so an abandoned call never keeps sending behind the breaker's back.
 */
export function createProviderBreaker(options: ProviderBreakerOptions): ProviderBreaker {
  const { provider, log } = options;
  const resetTimeoutMs = options.resetTimeoutMs ?? 30_000;
  const isProviderDown = options.isProviderDown ?? transientWithoutRetryAfter;
  const breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
    name: provider,
    timeout: false,
    resetTimeout: resetTimeoutMs,
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 5,
    rollingCountTimeout: options.rollingWindowMs ?? 10_000,
    errorFilter: (error: unknown) => !isProviderDown(error),
  });
  let openedAt = 0;
  breaker.on('open', () => {
    openedAt = Date.now();
    log.warn({ provider, reset_timeout_ms: resetTimeoutMs }, 'provider circuit opened: parking deliveries');
  });
  breaker.on('halfOpen', () => log.info({ provider }, 'provider circuit half-open: trying one delivery'));
  breaker.on('close', () => log.info({ provider }, 'provider circuit closed'));

  return {
    async run<T>(call: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(call)) as T;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EOPENBREAKER') throw error;
        // Half-open answers EOPENBREAKER too while its one trial runs; those wait the shortest park.
        const remainingMs = breaker.opened ? resetTimeoutMs - (Date.now() - openedAt) : 0;
        throw new ProviderUnavailableError(provider, Math.max(remainingMs, 0));
      }
    },
    state: () => (breaker.opened ? 'open' : breaker.halfOpen ? 'half-open' : 'closed'),
    shutdown() {
      if (!breaker.isShutdown) breaker.shutdown();
    },
  };
}
