import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { CommonEnv, DatabaseEnv, PortEnv } from '@herald/runtime';

const HttpUrl = (defaultUrl: string) => Type.String({ pattern: '^https?://[^\\s]+$', default: defaultUrl });

/**
 * `<workspace root>/.herald/sandbox`: where the provider sandbox writes its APNs CA, key and key info. In a file
 * directly in src/, so it is the same from src/config.ts and from the bundle dist/main.mjs.
 */
export const sandboxStateDir = fileURLToPath(new URL('../../../.herald/sandbox', import.meta.url));

export const PushWorkerEnv = Type.Composite([
  CommonEnv,
  DatabaseEnv,
  Type.Object({
    PUSH_WORKER_PORT: PortEnv(8084),
    USER_SERVICE_URL: HttpUrl('http://127.0.0.1:8081'),
    TEMPLATE_SERVICE_URL: HttpUrl('http://127.0.0.1:8082'),
    /** APNs' host: the sandbox by default, `api.push.apple.com` (or `api.sandbox.push.apple.com`) for Apple. */
    APNS_HOST: Type.String({ minLength: 1, maxLength: 255, default: '127.0.0.1' }),
    APNS_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8443 }),
    /** The only CA trusted for APNs; unset: the sandbox's CA for a loopback APNS_HOST, the system's CAs otherwise. */
    APNS_CA_FILE: Type.Optional(Type.String({ minLength: 1 })),
    /** The ES256 token key (.p8); default the sandbox's. */
    APNS_KEY_FILE: Type.String({ minLength: 1, default: `${sandboxStateDir}/apns-auth-key.p8` }),
    /** Key id, team id and topic (bundle id); unset: the sandbox's apns-key.json, else its documented values. */
    APNS_KEY_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    APNS_TEAM_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    APNS_TOPIC: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    APNS_PRODUCTION: Type.Boolean({ default: false }),
    /** How long one APNs request may take before it counts as a transient failure. */
    APNS_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 30_000, default: 5_000 }),
    /** How long APNs' circuit stays open before one trial send. */
    APNS_CIRCUIT_RESET_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
    /** The Web Push identity (RFC 8292), URL-safe base64 as `web-push generate-vapid-keys` prints it. */
    VAPID_PUBLIC_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{86,88}={0,2}$' })),
    VAPID_PRIVATE_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{42,44}={0,2}$' })),
    VAPID_SUBJECT: Type.Optional(Type.String({ pattern: '^(mailto:|https:)[^\\s]+$', maxLength: 255 })),
    /** How long a send to a Web Push service may take. */
    WEB_PUSH_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 30_000, default: 5_000 }),
    /** How long a call to the user or template service may take. */
    SERVICE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 30_000, default: 3_000 }),
    /** How long a user's preferences are cached. */
    USER_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 3_600, default: 60 }),
    /** How long a template's latest version is kept before it is read again: a new version reaches sends within it. */
    TEMPLATE_CACHE_TTL_SECONDS: Type.Integer({ minimum: 0, maximum: 3_600, default: 5 }),
    /** Overrides the retry delay tiers (`200,400,800`); must match every service on the same broker namespace. */
    RETRY_DELAY_TIERS_MS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]*(,[1-9][0-9]*)*$' })),
  }),
]);
export type PushWorkerConfig = Static<typeof PushWorkerEnv>;

export const pushWorkerDatabase = 'herald_push';

/** The retry tiers RETRY_DELAY_TIERS_MS names, or undefined for the contracts' policy. */
export function delayTiersOf(config: PushWorkerConfig): number[] | undefined {
  return config.RETRY_DELAY_TIERS_MS?.split(',').map(Number);
}
