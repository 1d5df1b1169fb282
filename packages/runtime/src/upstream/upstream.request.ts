import { TransientDeliveryError } from '../broker/delivery-errors';
import { correlationHeader } from '../http/http.app';
import { currentCorrelationId } from '../log/correlation.context';
import { retryAfterMsOf } from './retry-after.header';

export interface UpstreamAnswer {
  readonly status: number;
  /** The JSON body, or undefined when there was none or it was not JSON. */
  readonly body: unknown;
}

export interface UpstreamRequest {
  readonly method: 'GET' | 'POST';
  readonly json?: unknown;
  readonly timeoutMs: number;
  /** The attempt's own deadline; the call ends at whichever comes first. */
  readonly signal: AbortSignal;
}

/** The `message` of Herald's error envelope, or the status when the body has none. */
export function upstreamMessageOf(answer: UpstreamAnswer): string {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : `HTTP ${answer.status}`;
}

/**
 * Calls another Herald service. What may pass is thrown as a TransientDeliveryError: no connection, a timeout,
 * a 5xx or a 429. Any other answer is returned for the caller to read.
 */
export async function requestUpstream(
  service: string,
  url: string,
  request: UpstreamRequest,
): Promise<UpstreamAnswer> {
  const correlationId = currentCorrelationId();
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...(request.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(correlationId ? { [correlationHeader]: correlationId } : {}),
      },
      ...(request.json !== undefined ? { body: JSON.stringify(request.json) } : {}),
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const reason = error instanceof Error ? `${error.name}${cause ? ` ${cause}` : ''}` : String(error);
    throw new TransientDeliveryError(`${service} unreachable: ${reason}`, { cause: error });
  }
  const text = await response.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const answer = { status: response.status, body };
  if (response.status >= 500 || response.status === 429) {
    throw new TransientDeliveryError(`${service} answered ${response.status}: ${upstreamMessageOf(answer)}`, {
      retryAfterMs: retryAfterMsOf(response.headers.get('retry-after')),
    });
  }
  return answer;
}
