import { createBoundedLog } from '../control/bounded.log';
import type { VapidIdentity } from './web-push.vapid';

/** A push message the Web Push stand-in accepted, decrypted as the subscribed browser would. */
export interface WebPushMessage {
  id: string;
  subscription_id: string;
  endpoint: string;
  ttl: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  topic: string | null;
  content_encoding: string | null;
  /** The encrypted body's size in bytes. */
  size: number;
  /** The decrypted payload as UTF-8 text; null for a push without a body or one that did not decrypt. */
  text: string | null;
  /** Why the payload did not decrypt; the push service took it anyway, and a browser would drop it. */
  decryption_error: string | null;
  vapid: VapidIdentity;
  received_at: string;
  answered_at: string;
}

/** One request to a Web Push endpoint, whatever its answer. */
export interface WebPushRequestRecord {
  seq: number;
  method: string;
  path: string;
  subscription_id: string | null;
  received_at: string;
  /** Null while in flight, or when the connection was dropped without an answer. */
  answered_at: string | null;
  status: number | null;
  error: string | null;
  /** Whether a scripted step decided this answer. */
  scripted: boolean;
}

export interface WebPushFilter {
  subscription_id?: string | undefined;
}

const matches = (subscriptionId: string | null, filter: WebPushFilter) =>
  filter.subscription_id === undefined || subscriptionId === filter.subscription_id;

/** The Web Push stand-in's memory: the newest `maxPushes` messages and as many requests. */
export function createWebPushStore(options: { maxPushes: number }) {
  const messages = createBoundedLog<WebPushMessage>(options.maxPushes);
  const requests = createBoundedLog<WebPushRequestRecord>(options.maxPushes);
  let seq = 0;
  return {
    addMessage: (message: WebPushMessage) => messages.add(message),
    listMessages: (filter: WebPushFilter = {}) =>
      messages.list().filter((message) => matches(message.subscription_id, filter)),
    /** Starts a request's record; the caller fills in its answer. */
    recordRequest(request: Omit<WebPushRequestRecord, 'seq'>): WebPushRequestRecord {
      seq += 1;
      return requests.add({ seq, ...request });
    },
    listRequests: (filter: WebPushFilter = {}) =>
      requests.list().filter((request) => matches(request.subscription_id, filter)),
    clear(): void {
      messages.clear();
      requests.clear();
    },
  };
}
export type WebPushStore = ReturnType<typeof createWebPushStore>;
