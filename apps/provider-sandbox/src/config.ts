import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { CommonEnv, PortEnv } from '@herald/runtime';

/**
 * `<workspace root>/.herald/sandbox`: where the sandbox keeps what must outlive a restart (SANDBOX_STATE_DIR).
 * Computed in a file directly in src/, so it is the same from src/config.ts and from the bundle dist/main.mjs.
 */
export const defaultSandboxStateDir = fileURLToPath(new URL('../../../.herald/sandbox', import.meta.url));

/** Where the APNs stand-in listens when SANDBOX_APNS_PORT does not say. */
export const defaultApnsPort = 8443;

export const ProviderSandboxEnv = Type.Composite([
  CommonEnv,
  Type.Object({
    SANDBOX_PORT: PortEnv(8025),
    /**
     * The APNs stand-in's own HTTP/2 over TLS port. Unset, it is 8443, or any free port (with a warning) when
     * 8443 is taken, so a sandbox started for a test never fails on it; set, it is that port or a failed start.
     */
    SANDBOX_APNS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    /** Where the generated CA, server key and APNs token key are kept; default `<workspace root>/.herald/sandbox`. */
    SANDBOX_STATE_DIR: Type.Optional(Type.String({ minLength: 1 })),
    /** The origin Web Push endpoints are issued on; default `http://127.0.0.1:<SANDBOX_PORT>`. */
    SANDBOX_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/?#]+$' })),
    /** The API keys the Resend stand-in accepts, comma-separated. */
    RESEND_API_KEY: Type.String({ minLength: 1, default: 're_sandbox_local_key' }),
    /** How many emails (and Resend requests) are kept in memory; older ones are dropped. */
    SANDBOX_MAX_EMAILS: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
    /** How many pushes (and push requests) each push stand-in keeps in memory; older ones are dropped. */
    SANDBOX_MAX_PUSHES: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
  }),
]);
export type ProviderSandboxConfig = Static<typeof ProviderSandboxEnv>;

/** The accepted Resend API keys from RESEND_API_KEY. */
export function resendApiKeysOf(config: ProviderSandboxConfig): string[] {
  return config.RESEND_API_KEY.split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
}
