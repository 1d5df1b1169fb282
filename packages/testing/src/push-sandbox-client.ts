/** A push the APNs stand-in accepted, as its control API lists it. */
export interface ApnsPush {
  token: string;
  topic: string;
  push_type: string;
  priority: number;
  expiration: number | null;
  collapse_id: string | null;
  apns_id: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
  connection_id: number;
}

/** One request the APNs stand-in received, whatever it answered. */
export interface ApnsRequest {
  token: string | null;
  status: number | null;
  reason: string | null;
  connection_id: number;
}

export interface ApnsConnections {
  opened_total: number;
  open_now: number;
}

export interface ApnsSettings {
  host: string;
  port: number;
  ca_file: string;
  key_file: string;
  key_id: string;
  team_id: string;
  topic: string;
}

/** A subscription the Web Push stand-in issued, as `pushManager.subscribe()` would give it. */
export interface IssuedSubscription {
  id: string;
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

/** A push message the Web Push stand-in accepted, decrypted. */
export interface WebPushMessage {
  subscription_id: string;
  ttl: number;
  urgency: string;
  topic: string | null;
  text: string | null;
  decryption_error: string | null;
}

export interface WebPushRequest {
  subscription_id: string | null;
  status: number | null;
}

async function data<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`sandbox answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: T }).data;
}

/** The provider sandbox's APNs and Web Push control API, as these tests drive it. */
export function pushSandboxClient(baseUrl: string) {
  const get = async <T>(path: string) => data<T>(await fetch(`${baseUrl}${path}`));
  const post = async <T>(path: string, body: unknown) =>
    data<T>(
      await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  return {
    apnsSettings: () => get<ApnsSettings>('/sandbox/apns/settings'),
    apnsPushes: (token: string) => get<ApnsPush[]>(`/sandbox/apns/pushes?token=${token}`),
    apnsRequests: (token: string) => get<ApnsRequest[]>(`/sandbox/apns/requests?token=${token}`),
    apnsConnections: () => get<ApnsConnections>('/sandbox/apns/connections'),
    /** The next pushes to `token` get these answers, in order. */
    apnsScript: (token: string, responses: { status?: number; reason?: string; hold_ms?: number }[]) =>
      post<unknown>('/sandbox/apns/script', { match: { token }, responses }),
    subscribe: () => post<IssuedSubscription>('/sandbox/webpush/subscriptions', {}),
    unsubscribe: async (id: string) =>
      data<unknown>(await fetch(`${baseUrl}/sandbox/webpush/subscriptions/${id}`, { method: 'DELETE' })),
    webPushes: (subscriptionId: string) =>
      get<WebPushMessage[]>(`/sandbox/webpush/pushes?subscription_id=${subscriptionId}`),
    webPushRequests: (subscriptionId: string) =>
      get<WebPushRequest[]>(`/sandbox/webpush/requests?subscription_id=${subscriptionId}`),
  };
}
export type PushSandboxClient = ReturnType<typeof pushSandboxClient>;

/** A device token as APNs issues them: 32 random bytes, hex. */
export function newDeviceToken(): string {
  return Array.from({ length: 64 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}
