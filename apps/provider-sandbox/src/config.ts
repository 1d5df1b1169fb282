import { Type, type Static } from '@sinclair/typebox';
import { CommonEnv, PortEnv } from '@herald/runtime';

export const ProviderSandboxEnv = Type.Composite([
  CommonEnv,
  Type.Object({
    SANDBOX_PORT: PortEnv(8025),
    /** The API keys the Resend stand-in accepts, comma-separated. */
    RESEND_API_KEY: Type.String({ minLength: 1, default: 're_sandbox_local_key' }),
    /** How many emails (and Resend requests) are kept in memory; older ones are dropped. */
    SANDBOX_MAX_EMAILS: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
  }),
]);
export type ProviderSandboxConfig = Static<typeof ProviderSandboxEnv>;

/** The accepted Resend API keys from RESEND_API_KEY. */
export function resendApiKeysOf(config: ProviderSandboxConfig): string[] {
  return config.RESEND_API_KEY.split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
}
