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
import { loadApnsCredentials, type ApnsCredentials } from './apns/apns.credentials';
import { createProviderTokenVerifier } from './apns/apns-provider-token';
import { createApnsScript } from './apns/apns.script';
import { startApnsServer } from './apns/apns.server';
import { createApnsService } from './apns/apns.service';
import { createApnsStore } from './apns/apns.store';
import {
  defaultApnsPort,
  defaultSandboxStateDir,
  resendApiKeysOf,
  type ProviderSandboxConfig,
} from './config';
import { createIdempotencyStore } from './resend/resend.idempotency';
import { createResendScript } from './resend/resend.script';
import { createResendService } from './resend/resend.service';
import { createResendStore } from './resend/resend.store';
import { createWebPushScript } from './web-push/web-push.script';
import { createWebPushService } from './web-push/web-push.service';
import { createWebPushStore } from './web-push/web-push.store';
import { createWebPushSubscriptions } from './web-push/web-push.subscriptions';

// Bounds the memory idempotency keys take (each lives 24 h); the oldest are forgotten first past it.
const maxIdempotencyKeys = 50_000;

export interface ProviderSandboxOptions {
  /** The port to listen on instead of SANDBOX_PORT (0: any free port). */
  port?: number;
  /** The APNs stand-in's port instead of SANDBOX_APNS_PORT (0: any free port). */
  apnsPort?: number;
  log?: Logger;
  /** The clock, for tests that need a day to pass. */
  now?: () => Date;
}

/** A running sandbox: its HTTP side (Resend, Web Push, inbox, control API) and its APNs side. */
export interface ProviderSandbox extends RunningService {
  readonly shutdown: Shutdown;
  readonly apns: { readonly port: number; readonly credentials: ApnsCredentials };
}

/** The composition root of the provider sandbox: builds the provider stand-ins and starts listening. */
export async function startProviderSandbox(
  config: ProviderSandboxConfig,
  options: ProviderSandboxOptions = {},
): Promise<ProviderSandbox> {
  const log = options.log ?? createLogger({ service: 'provider-sandbox', level: config.LOG_LEVEL });
  const now = options.now ?? (() => new Date());
  const shutdown = createShutdown(log);
  try {
    const store = createResendStore({ maxEmails: config.SANDBOX_MAX_EMAILS });
    const script = createResendScript();
    const idempotency = createIdempotencyStore({
      now: () => now().getTime(),
      maxKeys: maxIdempotencyKeys,
      maxPayloads: config.SANDBOX_MAX_EMAILS,
    });
    const service = createResendService({ store, idempotency, script, now });

    const credentials = await loadApnsCredentials(config.SANDBOX_STATE_DIR ?? defaultSandboxStateDir);
    const apnsStore = createApnsStore({ maxPushes: config.SANDBOX_MAX_PUSHES });
    const apnsScript = createApnsScript();
    const apnsService = createApnsService({
      store: apnsStore,
      script: apnsScript,
      keyInfo: credentials.keyInfo,
      now,
      verifyProviderToken: createProviderTokenVerifier({
        publicKey: credentials.tokenPublicKey,
        keyId: credentials.keyInfo.key_id,
        teamId: credentials.keyInfo.team_id,
        now,
      }),
    });
    let apnsPort = 0;

    // Known once listening when SANDBOX_PUBLIC_URL does not say it.
    let publicUrl = config.SANDBOX_PUBLIC_URL ?? '';
    const subscriptions = createWebPushSubscriptions({
      origin: () => publicUrl,
      now,
      maxSubscriptions: config.SANDBOX_MAX_PUSHES,
    });
    const webPushStore = createWebPushStore({ maxPushes: config.SANDBOX_MAX_PUSHES });
    const webPushScript = createWebPushScript();
    const webPushService = createWebPushService({
      subscriptions,
      store: webPushStore,
      script: webPushScript,
      now,
    });

    const app = createApp({
      log,
      metrics: createMetrics('provider-sandbox'),
      now,
      resend: { service, store, script, apiKeys: resendApiKeysOf(config) },
      apns: { service: apnsService, store: apnsStore, script: apnsScript, credentials, port: () => apnsPort },
      webPush: { service: webPushService, store: webPushStore, script: webPushScript, subscriptions },
    });

    const server = await listen(app, options.port ?? config.SANDBOX_PORT);
    shutdown.add('http', () => closeServer(server));
    const startApns = (port: number) =>
      startApnsServer({ service: apnsService, store: apnsStore, credentials, log, now, port });
    const wantedApnsPort = options.apnsPort ?? config.SANDBOX_APNS_PORT;
    const apnsServer = await startApns(wantedApnsPort ?? defaultApnsPort).catch((error: unknown) => {
      if (wantedApnsPort !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      log.warn(
        { port: defaultApnsPort },
        'APNs port taken (another sandbox?): the APNs stand-in takes a free port; set SANDBOX_APNS_PORT to choose',
      );
      return startApns(0);
    });
    apnsPort = apnsServer.port;
    shutdown.add('apns', () => apnsServer.close());
    // Runs before the servers close: held requests answer at once instead of keeping them open.
    shutdown.add('held requests', () => {
      service.close();
      apnsService.close();
      webPushService.close();
    });
    const port = portOf(server);
    const url = `http://127.0.0.1:${port}`;
    publicUrl ||= url;
    log.info(
      {
        port,
        inbox: `${url}/`,
        resend_base_url: url,
        apns: `https://127.0.0.1:${apnsPort}`,
        apns_ca_file: credentials.files.caCertificate,
      },
      'provider sandbox listening',
    );
    return {
      url,
      port,
      shutdown,
      apns: { port: apnsPort, credentials },
      close: () => shutdown.run('closed'),
    };
  } catch (error) {
    await shutdown.run('start-up failed');
    throw error;
  }
}
