/**
 * A delivery attempt failed for a reason that may pass (timeout, 5xx, 429, connection refused): the request
 * goes to the next backoff tier. `retryAfterMs` is the wait the other side asked for (429 `retry-after`).
 */
export class TransientDeliveryError extends Error {
  readonly retryAfterMs: number | undefined;

  constructor(reason: string, options: { retryAfterMs?: number | undefined; cause?: unknown } = {}) {
    super(reason, { cause: options.cause });
    this.name = 'TransientDeliveryError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A delivery can never succeed as asked (4xx other than 429, unknown user or template): straight to failed. */
export class PermanentDeliveryError extends Error {
  constructor(reason: string, options: { cause?: unknown } = {}) {
    super(reason, { cause: options.cause });
    this.name = 'PermanentDeliveryError';
  }
}

/**
 * A provider's circuit breaker is open: the attempt was not made, so the request is parked for `parkForMs`
 * without spending one of its attempts.
 */
export class ProviderUnavailableError extends Error {
  constructor(
    readonly provider: string,
    readonly parkForMs: number,
  ) {
    super(`${provider} is unavailable (circuit open)`);
    this.name = 'ProviderUnavailableError';
  }
}

/** The words a status event and failed.queue carry for an error thrown by a delivery handler. */
export function failureReasonOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
