import { createPrivateKey, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect, type IncomingHttpHeaders } from 'node:http2';
import { afterEach } from 'node:test';
import apn from '@parse/node-apn';
import { SignJWT } from 'jose';
import webpush from 'web-push';
import type { ProviderSandboxFixture } from './provider-sandbox.fixture';
import type { WebPushSubscription } from '../src/web-push/web-push.subscriptions';

/** A device token as APNs issues them (32 random bytes, hex). */
export function newDeviceToken(): string {
  return Array.from({ length: 64 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}

/** Waits (a bounded while) until the APNs stand-in has seen every connection close. */
export async function untilApnsConnectionsClosed(fx: ProviderSandboxFixture): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { open_now } = await fx.control<{ open_now: number }>('/sandbox/apns/connections');
    if (open_now === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('APNs connections still open 2 s after their providers shut down');
}

/**
 * node-apn providers pointed at the sandbox's APNs stand-in with its generated CA and key, shut down after each
 * test (and their connections seen closed, so the next test counts its own); `token` overrides the provider
 * token settings (another key, key id or team).
 */
export function useApnsProviders(fx: ProviderSandboxFixture) {
  const providers: apn.Provider[] = [];
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((provider) => provider.shutdown()));
    await untilApnsConnectionsClosed(fx);
  });
  return (
    token: Partial<apn.ProviderToken> = {},
    options: Partial<apn.ProviderOptions> = {},
  ): apn.Provider => {
    const { credentials, port } = fx.sandbox.apns;
    const provider = new apn.Provider({
      token: {
        key: readFileSync(credentials.files.authKey, 'utf8'),
        keyId: credentials.keyInfo.key_id,
        teamId: credentials.keyInfo.team_id,
        ...token,
      },
      production: false,
      address: '127.0.0.1',
      port,
      ca: [readFileSync(credentials.files.caCertificate, 'utf8')],
      ...options,
    });
    providers.push(provider);
    return provider;
  };
}

/** An alert notification for the sandbox's topic. */
export function newNotification(
  fx: ProviderSandboxFixture,
  fields: Partial<apn.Notification> = {},
): apn.Notification {
  const notification = new apn.Notification();
  notification.topic = fx.sandbox.apns.credentials.keyInfo.topic;
  notification.alert = { title: 'Hello', body: 'From Herald' };
  notification.pushType = 'alert';
  return Object.assign(notification, fields);
}

/** A VAPID key pair and subject, as the push worker gets them. */
export function newVapidDetails(subject = 'mailto:dev@example.com') {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return { subject, publicKey, privateKey };
}

/** Issues a subscription on the sandbox, as a browser subscribing would get it. */
export async function subscribe(
  fx: ProviderSandboxFixture,
  body: unknown = {},
): Promise<WebPushSubscription> {
  const response = await fx.controlSend('/sandbox/webpush/subscriptions', body);
  if (response.status !== 201)
    throw new Error(`subscribing answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: WebPushSubscription }).data;
}

/**
 * Sends a push with the `web-push` library's encryption and VAPID headers. Its own sendNotification() always
 * speaks https, so the request it builds goes out through fetch, as the push worker's would.
 */
export async function sendWebPush(
  subscription: WebPushSubscription,
  payload: string | null,
  options: webpush.RequestOptions = {},
): Promise<Response> {
  const details =
    payload === null
      ? webpush.generateRequestDetails(subscription, null, options)
      : webpush.generateRequestDetails(subscription, payload, options);
  return fetch(details.endpoint, {
    method: details.method,
    headers: details.headers as Record<string, string>,
    ...(details.body ? { body: details.body } : {}),
  });
}

/** A provider token signed with the sandbox's key (or `key`), as the push worker would make one. */
export async function providerToken(
  fx: ProviderSandboxFixture,
  claims: { iat?: number; iss?: string; kid?: string; key?: KeyObject } = {},
): Promise<string> {
  const { credentials } = fx.sandbox.apns;
  const key = claims.key ?? createPrivateKey(readFileSync(credentials.files.authKey, 'utf8'));
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: claims.kid ?? credentials.keyInfo.key_id })
    .setIssuer(claims.iss ?? credentials.keyInfo.team_id)
    .setIssuedAt(claims.iat ?? Math.floor(Date.now() / 1000))
    .sign(key);
}

export interface ApnsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: { reason?: string; timestamp?: number } | null;
}

/** One raw HTTP/2 request to the APNs stand-in on a connection of its own, for what node-apn would not send. */
export async function apnsRequest(
  fx: ProviderSandboxFixture,
  request: { path: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<ApnsAnswer> {
  const { credentials, port } = fx.sandbox.apns;
  const session = connect(`https://127.0.0.1:${port}`, { ca: readFileSync(credentials.files.caCertificate) });
  try {
    const stream = session.request({
      ':method': request.method ?? 'POST',
      ':path': request.path,
      ...request.headers,
    });
    stream.end(request.body);
    const [headers] = (await once(stream, 'response')) as [IncomingHttpHeaders];
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    return {
      status: Number(headers[':status']),
      headers,
      body: text ? (JSON.parse(text) as ApnsAnswer['body']) : null,
    };
  } finally {
    session.close();
  }
}
