import { Type, type Static } from '@sinclair/typebox';
import { CommonEnv, DatabaseEnv, JwtEnv, PortEnv } from '@herald/runtime';

const ServiceUrl = (port: number) => Type.String({ pattern: '^https?://', default: `http://127.0.0.1:${port}` });

export const GatewayEnv = Type.Composite([
  CommonEnv,
  DatabaseEnv,
  JwtEnv,
  Type.Object({
    GATEWAY_PORT: PortEnv(8080),
    /** The key with every scope; more keys are made through POST /api/v1/api-keys. */
    HERALD_ADMIN_API_KEY: Type.String({ minLength: 16 }),
    USER_SERVICE_URL: ServiceUrl(8081),
    TEMPLATE_SERVICE_URL: ServiceUrl(8082),
    /** Accepts per second per API key, shared by every gateway copy (counted in Redis). */
    RATE_LIMIT_PER_SECOND: Type.Integer({ minimum: 1, default: 1_000 }),
    /** Resend's webhook signing secret (`whsec_...`); without it the webhook answers 503. */
    RESEND_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 1 })),
    /** How long the gateway waits for a service it forwards to. */
    UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 5_000 }),
  }),
]);
export type GatewayConfig = Static<typeof GatewayEnv>;

export const gatewayDatabase = 'herald_gateway';
