import {
  closeServer,
  createLogger,
  createMetrics,
  createShutdown,
  listen,
  portOf,
  type Logger,
  type RunningService,
  type Shutdown,
} from '@herald/runtime';
import { createApp } from './app';
import { resendApiKeysOf, type ProviderSandboxConfig } from './config';
import { createIdempotencyStore } from './resend/resend.idempotency';
import { createResendScript } from './resend/resend.script';
import { createResendService } from './resend/resend.service';
import { createResendStore } from './resend/resend.store';

// Bounds the memory idempotency keys take (each lives 24 h); the oldest are forgotten first past it.
const maxIdempotencyKeys = 50_000;

export interface ProviderSandboxOptions {
  /** The port to listen on instead of SANDBOX_PORT (0: any free port). */
  port?: number;
  log?: Logger;
  /** The clock, for tests that need a day to pass. */
  now?: () => Date;
}

/** The composition root of the provider sandbox: builds the provider stand-ins and starts listening. */
export async function startProviderSandbox(
  config: ProviderSandboxConfig,
  options: ProviderSandboxOptions = {},
): Promise<RunningService & { shutdown: Shutdown }> {
  const log = options.log ?? createLogger({ service: 'provider-sandbox', level: config.LOG_LEVEL });
  const now = options.now ?? (() => new Date());
  const shutdown = createShutdown(log);
  try {
    const store = createResendStore({ maxEmails: config.SANDBOX_MAX_EMAILS });
    const script = createResendScript();
    const idempotency = createIdempotencyStore({ now: () => now().getTime(), maxKeys: maxIdempotencyKeys });
    const service = createResendService({ store, idempotency, script, now });
    const apiKeys = resendApiKeysOf(config);
    const app = createApp({
      log,
      metrics: createMetrics('provider-sandbox'),
      now,
      resend: { service, store, script, apiKeys },
    });

    const server = await listen(app, options.port ?? config.SANDBOX_PORT);
    shutdown.add('http', () => closeServer(server));
    // Runs before the server closes: held requests answer at once instead of keeping it open.
    shutdown.add('held requests', () => service.close());
    const port = portOf(server);
    const url = `http://127.0.0.1:${port}`;
    log.info({ port, inbox: `${url}/`, resend_base_url: url }, 'provider sandbox listening');
    return { url, port, shutdown, close: () => shutdown.run('closed') };
  } catch (error) {
    await shutdown.run('start-up failed');
    throw error;
  }
}
