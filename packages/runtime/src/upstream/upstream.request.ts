import { request as undiciRequest, type Dispatcher } from 'undici';
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
  /**
   * How long the answer's headers may take, then the longest pause inside its body (undici's timers, which tick
   * about every half second: a 3 s timeout ends between 3 and 3.5 s).
   */
  readonly timeoutMs: number;
  /** The attempt's own deadline; the call ends at whichever comes first. */
  readonly signal: AbortSignal;
  /** The pool of the service `url` is on (createUpstreamPool); undici's global dispatcher when absent. */
  readonly dispatcher?: Dispatcher | undefined;
}

/** The `message` of Herald's error envelope, or the status when the body has none. */
export function upstreamMessageOf(answer: UpstreamAnswer): string {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : `HTTP ${answer.status}`;
}

function unreachableReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, cause } = error as { code?: unknown; cause?: { code?: unknown } };
  const detail = typeof code === 'string' ? code : cause?.code;
  return typeof detail === 'string' ? `${error.name} ${detail}` : error.name;
}

function headersOf(request: UpstreamRequest): Record<string, string> {
  const correlationId = currentCorrelationId();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  if (correlationId) headers[correlationHeader] = correlationId;
  return headers;
}

function parsedJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
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
  let response: Dispatcher.ResponseData;
  try {
    // undici's own timers bound the wait, so no timeout signal is made per call; the attempt's signal aborts it.
    response = await undiciRequest(url, {
      method: request.method,
      headers: headersOf(request),
      body: request.json !== undefined ? JSON.stringify(request.json) : null,
      signal: request.signal,
      headersTimeout: request.timeoutMs,
      bodyTimeout: request.timeoutMs,
      ...(request.dispatcher ? { dispatcher: request.dispatcher } : {}),
    });
  } catch (error) {
    throw new TransientDeliveryError(`${service} unreachable: ${unreachableReason(error)}`, { cause: error });
  }
  // Read to the end every time, so the connection goes back to the pool.
  const text = await response.body.text().catch(() => '');
  const answer = { status: response.statusCode, body: parsedJson(text) };
  if (answer.status >= 500 || answer.status === 429) {
    const retryAfter = response.headers['retry-after'];
    throw new TransientDeliveryError(`${service} answered ${answer.status}: ${upstreamMessageOf(answer)}`, {
      retryAfterMs: retryAfterMsOf(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
    });
  }
  return answer;
}
