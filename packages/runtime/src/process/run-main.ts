import { ConfigError } from '../config/config.loader';

/**
 * Runs a service's composition root; a start-up failure (bad configuration, unreachable infrastructure)
 * is printed as one readable message and exits non-zero, not as an unhandled rejection.
 */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`${service}: ${error.message}`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      const code = (error as { code?: string }).code;
      console.error(`${service} could not start: ${message}${code ? ` (${code})` : ''}`);
    }
    process.exit(1);
  });
}
