import { retryAfterMsOf } from '@herald/runtime';
import type { ErrorResponse } from 'resend';
import { PermanentDeliveryError, TransientDeliveryError } from '@herald/runtime';

/**
 * Turns Resend's `{ error, headers }` into the delivery error that decides the retry: 429 waits for
 * `retry-after`, 5xx and no answer at all (network, timeout) retry, a key still in flight retries, any other
 * 4xx is permanent with the provider's words.
 */
export function classifyResendError(
  error: Partial<ErrorResponse>,
  headers: Record<string, string> | null,
): TransientDeliveryError | PermanentDeliveryError {
  const status = typeof error.statusCode === 'number' ? error.statusCode : undefined;
  const reason = `resend ${status ?? 'unreachable'} ${error.name ?? 'error'}: ${error.message ?? 'no message'}`;
  if (status === undefined || status >= 500) return new TransientDeliveryError(reason);
  if (status === 429)
    return new TransientDeliveryError(reason, { retryAfterMs: retryAfterMsOf(headers?.['retry-after']) });
  // Another copy is sending this very notification right now: Resend is up, and its answer decides, so look
  // again in a moment (a wait, like retry-after, that the circuit breaker does not count as an outage).
  if (error.name === 'concurrent_idempotent_requests')
    return new TransientDeliveryError(reason, { retryAfterMs: 1_000 });
  return new PermanentDeliveryError(reason);
}
