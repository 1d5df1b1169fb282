import { createECDH, randomBytes, type ECDH } from 'node:crypto';

/** A subscription as the sandbox issued it; `endpoint`, `expirationTime` and `keys` are PushSubscription.toJSON(). */
export interface WebPushSubscription {
  id: string;
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
  /** The VAPID public key the subscription is restricted to (RFC 8292 §4), or null for any. */
  application_server_key: string | null;
  created_at: string;
  /** When it was unsubscribed; pushes to it answer 410 from then on. */
  gone_at: string | null;
}

/** What the browser keeps to itself: the private half of `p256dh` and the auth secret. */
export interface WebPushUserAgentKeys {
  ecdh: ECDH;
  publicKey: Buffer;
  authSecret: Buffer;
}

interface StoredSubscription {
  subscription: WebPushSubscription;
  keys: WebPushUserAgentKeys;
}

/** The push service's subscriptions, each with the key material a browser would hold; the newest `maxSubscriptions` kept. */
export function createWebPushSubscriptions(deps: {
  origin: () => string;
  now: () => Date;
  maxSubscriptions: number;
}) {
  const subscriptions = new Map<string, StoredSubscription>();
  return {
    /** Issues a subscription, as `pushManager.subscribe()` would; restricted to a VAPID key when given one. */
    issue(options: { applicationServerKey?: string | undefined } = {}): WebPushSubscription {
      const id = randomBytes(18).toString('base64url');
      const ecdh = createECDH('prime256v1');
      const publicKey = ecdh.generateKeys();
      const authSecret = randomBytes(16);
      const subscription: WebPushSubscription = {
        id,
        endpoint: `${deps.origin()}/webpush/${id}`,
        expirationTime: null,
        keys: { p256dh: publicKey.toString('base64url'), auth: authSecret.toString('base64url') },
        application_server_key: options.applicationServerKey ?? null,
        created_at: deps.now().toISOString(),
        gone_at: null,
      };
      subscriptions.set(id, { subscription, keys: { ecdh, publicKey, authSecret } });
      for (const oldest of subscriptions.keys()) {
        if (subscriptions.size <= deps.maxSubscriptions) break;
        subscriptions.delete(oldest);
      }
      return { ...subscription };
    },
    get: (id: string): StoredSubscription | undefined => subscriptions.get(id),
    /** Unsubscribes, as the browser would: the push service answers 410 Gone to it from then on. */
    unsubscribe(id: string): WebPushSubscription | undefined {
      const stored = subscriptions.get(id);
      if (!stored) return undefined;
      stored.subscription.gone_at ??= deps.now().toISOString();
      return { ...stored.subscription };
    },
    list: (): WebPushSubscription[] =>
      [...subscriptions.values()].map(({ subscription }) => ({ ...subscription })),
    clear(): void {
      subscriptions.clear();
    },
  };
}
export type WebPushSubscriptions = ReturnType<typeof createWebPushSubscriptions>;
