import { Type, type Static } from '@sinclair/typebox';
import { CommonEnv, DatabaseEnv, PortEnv } from '@herald/runtime';

const HttpUrl = (defaultUrl: string) => Type.String({ pattern: '^https?://[^\\s]+$', default: defaultUrl });

export const EmailWorkerEnv = Type.Composite([
  CommonEnv,
  DatabaseEnv,
  Type.Object({
    EMAIL_WORKER_PORT: PortEnv(8083),
    USER_SERVICE_URL: HttpUrl('http://127.0.0.1:8081'),
    TEMPLATE_SERVICE_URL: HttpUrl('http://127.0.0.1:8082'),
    RESEND_API_KEY: Type.String({ minLength: 1, default: 're_sandbox_local_key' }),
    /** Resend's API; the provider sandbox by default, `https://api.resend.com` in production. */
    RESEND_BASE_URL: HttpUrl('http://127.0.0.1:8025'),
    /** The sender of every email; a line break here would be a header injection, so none is allowed. */
    EMAIL_FROM: Type.String({
      minLength: 3,
      maxLength: 320,
      pattern: '^[^\\r\\n]+$',
      default: 'Herald <noreply@example.com>',
    }),
    /** How long a call to the user or template service may take. */
    SERVICE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 30_000, default: 3_000 }),
    /** How long a send to Resend may take; a timed-out send is retried with the same idempotency key. */
    RESEND_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 30_000, default: 5_000 }),
    /** How long Resend's circuit stays open before one trial send. */
    RESEND_CIRCUIT_RESET_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
    /** How long a user's contact and preferences are cached. */
    USER_CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 3_600, default: 60 }),
    /** How long a template's latest version is kept before it is read again: a new version reaches sends within it. */
    TEMPLATE_CACHE_TTL_SECONDS: Type.Integer({ minimum: 0, maximum: 3_600, default: 5 }),
    /** Overrides the retry delay tiers (`200,400,800`); must match every service on the same broker namespace. */
    RETRY_DELAY_TIERS_MS: Type.Optional(Type.String({ pattern: '^[1-9][0-9]*(,[1-9][0-9]*)*$' })),
  }),
]);
export type EmailWorkerConfig = Static<typeof EmailWorkerEnv>;

export const emailWorkerDatabase = 'herald_email';

/** The retry tiers RETRY_DELAY_TIERS_MS names, or undefined for the contracts' policy. */
export function delayTiersOf(config: EmailWorkerConfig): number[] | undefined {
  return config.RETRY_DELAY_TIERS_MS?.split(',').map(Number);
}
