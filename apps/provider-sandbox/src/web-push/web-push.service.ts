import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebPushDecryptionError, decryptAes128gcm } from './web-push.decryption';
import { WebPushRefusal } from './web-push.errors';
import { checkContentEncoding, readPushHeaders } from './web-push-request.validation';
import type { WebPushScriptStep } from './web-push-script.schema';
import type { WebPushScript } from './web-push.script';
import type { WebPushRequestRecord, WebPushStore } from './web-push.store';
import type { WebPushSubscriptions, WebPushUserAgentKeys } from './web-push.subscriptions';
import { verifyVapid } from './web-push.vapid';

/** One push request to `/webpush/{id}`, its body read. */
export interface WebPushIncoming {
  subscriptionId: string;
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
  /** The body was larger than a push service takes. */
  tooLarge: boolean;
  /** The origin the request was sent to (scheme and Host), which the VAPID `aud` must name. */
  origin: string;
  receivedAt: Date;
  record: WebPushRequestRecord;
}

export interface WebPushOutcome {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  disconnect: boolean;
}

// Push services take at least 4096 bytes of encrypted body (RFC 8030 §7.2); the sandbox takes exactly that.
export const maxBodyBytes = 4_096;

function decrypt(
  body: Buffer,
  keys: WebPushUserAgentKeys,
): { text: string | null; decryption_error: string | null } {
  if (body.length === 0) return { text: null, decryption_error: null };
  try {
    return { text: decryptAes128gcm(body, keys).toString('utf8'), decryption_error: null };
  } catch (error) {
    if (!(error instanceof WebPushDecryptionError)) throw error;
    return { text: null, decryption_error: error.message };
  }
}

function scriptedRefusalOf(step: WebPushScriptStep): WebPushRefusal | undefined {
  const status = step.status ?? 201;
  if (status === 201) return undefined;
  const retryAfter = step.retry_after_s ?? (status === 429 ? 1 : undefined);
  return new WebPushRefusal(
    status,
    step.message ?? 'Scripted failure',
    retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
  );
}

/** RFC 8030 push message delivery with RFC 8292 VAPID and RFC 8291 encryption, in memory. */
export function createWebPushService(deps: {
  subscriptions: WebPushSubscriptions;
  store: WebPushStore;
  script: WebPushScript;
  now: () => Date;
}) {
  const { subscriptions, store, script, now } = deps;
  const closing = new AbortController();

  async function hold(ms: number | undefined): Promise<void> {
    if (!ms) return;
    await sleep(ms, undefined, { signal: closing.signal }).catch(() => undefined);
  }

  /** The subscription a push is for, once the push may be delivered to it: 404, 401/403 (VAPID) or 410 if not. */
  async function authorize(request: WebPushIncoming) {
    const stored = subscriptions.get(request.subscriptionId);
    if (!stored) throw new WebPushRefusal(404, 'No such subscription');
    const vapid = await verifyVapid(request.headers.authorization, {
      origins: [request.origin, new URL(stored.subscription.endpoint).origin],
      restrictedTo: stored.subscription.application_server_key,
      now: now(),
    });
    if (!vapid.ok) {
      const headers: Record<string, string> = vapid.status === 401 ? { 'www-authenticate': 'vapid' } : {};
      throw new WebPushRefusal(vapid.status, vapid.message, headers);
    }
    if (stored.subscription.gone_at !== null) {
      throw new WebPushRefusal(410, 'The subscription has expired or was unsubscribed');
    }
    return { ...stored, identity: vapid.identity };
  }

  async function deliver(
    request: WebPushIncoming,
    target: Awaited<ReturnType<typeof authorize>>,
    step: WebPushScriptStep | undefined,
  ): Promise<WebPushOutcome> {
    const scripted = step && scriptedRefusalOf(step);
    if (scripted) {
      await hold(step.hold_ms);
      throw scripted;
    }
    const headers = readPushHeaders(request.headers);
    if (request.tooLarge) throw new WebPushRefusal(413, `The body is larger than ${maxBodyBytes} bytes`);
    const contentEncoding = checkContentEncoding(request.headers, request.body);
    await hold(step?.hold_ms);
    const message = store.addMessage({
      id: randomUUID(),
      subscription_id: target.subscription.id,
      endpoint: target.subscription.endpoint,
      ...headers,
      content_encoding: contentEncoding,
      size: request.body.length,
      ...decrypt(request.body, target.keys),
      vapid: target.identity,
      received_at: request.receivedAt.toISOString(),
      answered_at: now().toISOString(),
    });
    return {
      status: 201,
      headers: { location: `${request.origin}/webpush/messages/${message.id}`, ttl: String(headers.ttl) },
      body: null,
      disconnect: step?.disconnect ?? false,
    };
  }

  return {
    /** Answers one push request as a push service would, recording it. */
    async handle(request: WebPushIncoming): Promise<WebPushOutcome> {
      let step: WebPushScriptStep | undefined;
      try {
        const target = await authorize(request);
        // Scripts apply to pushes that may be delivered, like the Resend ones to authenticated sends.
        step = script.take({ subscriptionId: request.subscriptionId });
        request.record.scripted = step !== undefined;
        return await deliver(request, target, step);
      } catch (error) {
        if (!(error instanceof WebPushRefusal)) throw error;
        request.record.error = error.message;
        return {
          status: error.status,
          headers: { ...error.headers },
          body: error.toJSON(),
          disconnect: step?.disconnect ?? false,
        };
      }
    },

    /** Forgets every subscription, message, request and script. */
    reset(): void {
      subscriptions.clear();
      store.clear();
      script.clear();
    },

    /** Answers held requests at once; holds started later do not wait. */
    close(): void {
      closing.abort();
    },
  };
}
export type WebPushService = ReturnType<typeof createWebPushService>;
