import { retryAfterMsOf } from '@herald/runtime';
import { PermanentDeliveryError, TransientDeliveryError } from '@herald/runtime';
import { DeviceGoneError } from '../push/push.sender';

/** The push service's words: the `message` of a JSON error body, else the start of the text. */
export function pushServiceMessageOf(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  } catch {
    // not JSON: the text itself
  }
  return text.trim().slice(0, 200) || 'no message';
}

/**
 * Turns a push service's refusal (RFC 8030) into the error that decides the retry: 404 and 410 mean the
 * subscription is gone, 429 waits for `retry-after`, 5xx retries, any other 4xx is permanent.
 */
export function classifyWebPushRefusal(status: number, text: string, retryAfter: string | null): Error {
  const words = `web push ${status}: ${pushServiceMessageOf(text)}`;
  if (status === 404 || status === 410) return new DeviceGoneError(words);
  if (status === 429) return new TransientDeliveryError(words, { retryAfterMs: retryAfterMsOf(retryAfter) });
  if (status >= 500) return new TransientDeliveryError(words);
  return new PermanentDeliveryError(words);
}
