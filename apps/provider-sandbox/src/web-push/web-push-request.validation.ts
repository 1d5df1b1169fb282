import { WebPushRefusal } from './web-push.errors';
import type { WebPushMessage } from './web-push.store';

// What push services keep a message for at most (28 days); a larger TTL is lowered and the answer says so.
export const maxTtlS = 2_419_200;
const urgencies = ['very-low', 'low', 'normal', 'high'] as const;

type Headers = Readonly<Record<string, string | undefined>>;

/** The RFC 8030 headers of a push request, read; a missing TTL or a bad Urgency or Topic is a 400. */
export function readPushHeaders(headers: Headers): Pick<WebPushMessage, 'ttl' | 'urgency' | 'topic'> {
  const ttl = headers.ttl?.trim();
  // RFC 8030 §5.2: a push service MUST answer 400 to a request without TTL.
  if (ttl === undefined || ttl === '') throw new WebPushRefusal(400, 'The TTL header is required');
  if (!/^\d{1,10}$/.test(ttl)) throw new WebPushRefusal(400, 'TTL must be a number of seconds');

  const urgency = headers.urgency?.trim().toLowerCase() ?? 'normal';
  if (!(urgencies as readonly string[]).includes(urgency)) {
    throw new WebPushRefusal(400, `Urgency must be one of ${urgencies.join(', ')}`);
  }
  const topic = headers.topic?.trim() ?? null;
  // RFC 8030 §5.4: at most 32 characters of the URL- and filename-safe base64 alphabet.
  if (topic !== null && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) {
    throw new WebPushRefusal(400, 'Topic must be 1 to 32 characters of URL-safe base64');
  }
  return { ttl: Math.min(Number(ttl), maxTtlS), urgency: urgency as WebPushMessage['urgency'], topic };
}

/** Refuses a body in any content coding but aes128gcm (RFC 8291), the one the sandbox decrypts. */
export function checkContentEncoding(headers: Headers, body: Buffer): string | null {
  const encoding = headers['content-encoding']?.trim().toLowerCase() ?? null;
  if (body.length === 0) return encoding;
  if (encoding !== 'aes128gcm') {
    throw new WebPushRefusal(415, 'An encrypted body must be sent with Content-Encoding: aes128gcm');
  }
  return encoding;
}
