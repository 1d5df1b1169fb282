import { ResendError, ResendErrorDefaults, type ResendErrorName } from './resend.errors';
import type { ResendScriptStep } from './resend-script.schema';

// Resend's own rate limit: 2 requests per second per team.
const rateLimitPerSecond = 2;

function defaultNameFor(status: number): ResendErrorName {
  if (status >= 500) return 'internal_server_error';
  const byStatus: Record<number, ResendErrorName> = {
    400: 'validation_error',
    401: 'missing_api_key',
    403: 'invalid_api_key',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'concurrent_idempotent_requests',
    422: 'validation_error',
    429: 'rate_limit_exceeded',
    451: 'security_error',
  };
  return byStatus[status] ?? 'application_error';
}

/** The error answer a scripted step stands for, or undefined when the step lets the request through. */
export function scriptedFailureOf(
  step: ResendScriptStep,
): { status: number; body: unknown; headers: Record<string, string> } | undefined {
  const status = step.status ?? (step.name ? ResendErrorDefaults[step.name].status : 200);
  if (status === 200) return undefined;
  const error = new ResendError(step.name ?? defaultNameFor(status), step.message, { status });
  const retryAfter = step.retry_after_s ?? (status === 429 ? 1 : undefined);
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  if (status === 429) {
    headers['ratelimit-limit'] = String(rateLimitPerSecond);
    headers['ratelimit-remaining'] = '0';
    headers['ratelimit-reset'] = String(retryAfter ?? 1);
  }
  return { status, body: error.toJSON(), headers };
}
