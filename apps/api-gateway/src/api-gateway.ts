import {
  closeRedis,
  closeServer,
  createBroker,
  createJsonCache,
  createLogger,
  createMetrics,
  createRedis,
  createShutdown,
  listen,
  openDatabase,
  pingDatabase,
  pingRedis,
  portOf,
  type Logger,
  type RunningService,
  type Shutdown,
} from '@herald/runtime';
import { createApiKeysService } from './api-keys/api-keys.service';
import { createAccessTokenVerifier } from './auth/access-token.verifier';
import { createApp } from './app';
import { gatewayDatabase, type GatewayConfig } from './config';
import type { GatewayDatabase } from './database';
import { forwardTo } from './forwarding/service-forwarder';
import { createNotificationsService } from './notifications/notifications.service';
import { createOutboxRelay } from './outbox/outbox.relay';
import { createPipelineMetrics } from './pipeline.metrics';
import { createStatusRecorder } from './status/status-recorder';
import { createRateLimit } from './rate-limit/rate-limit.middleware';
import { startStatusConsumer } from './status/status.consumer';
import { createUserDirectory } from './users/user-directory';
import { createResendWebhookHandler } from './webhooks/resend-webhook';
import { migrations } from '../migrations';

export interface GatewayOptions {
  /** The database to use instead of `herald_gateway` (tests use their own). */
  database?: string | undefined;
  redisKeyPrefix?: string | undefined;
  /** The port to listen on instead of GATEWAY_PORT (0: any free port). */
  port?: number;
  log?: Logger;
}

/** The composition root of the gateway: HTTP API, outbox relay and status consumer in one process. */
export async function startApiGateway(
  config: GatewayConfig,
  options: GatewayOptions = {},
): Promise<RunningService & { shutdown: Shutdown }> {
  const log = options.log ?? createLogger({ service: 'api-gateway', level: config.LOG_LEVEL });
  const shutdown = createShutdown(log);
  try {
    const db = await openDatabase<GatewayDatabase>({
      serverUrl: config.DATABASE_URL,
      database: options.database ?? gatewayDatabase,
      migrations,
      log,
      poolSize: 20,
    });
    shutdown.add('database', () => db.destroy());
    const redis = await createRedis({ url: config.REDIS_URL, keyPrefix: options.redisKeyPrefix ?? 'herald:gateway:', log });
    shutdown.add('redis', () => closeRedis(redis));
    const broker = await createBroker({ url: config.AMQP_URL, namespace: config.AMQP_NAMESPACE, log });
    shutdown.add('broker', () => broker.close());

    const metrics = createMetrics('api-gateway');
    const pipeline = createPipelineMetrics(metrics.registry);
    const recorder = createStatusRecorder(db, pipeline);
    const relay = createOutboxRelay({ db, broker, log, metrics: pipeline });
    relay.start();
    shutdown.add('outbox relay', () => relay.stop());
    const statusConsumer = await startStatusConsumer({ recorder, broker, log });
    shutdown.add('status consumer', () => statusConsumer.stop());

    const apiKeys = createApiKeysService({
      db,
      adminKey: config.HERALD_ADMIN_API_KEY,
      cache: createJsonCache({ redis, log, namespace: 'api-key', ttlSeconds: 60 }),
    });
    const users = createUserDirectory({
      baseUrl: config.USER_SERVICE_URL,
      timeoutMs: Math.min(config.UPSTREAM_TIMEOUT_MS, 2_000),
      cache: createJsonCache<true>({ redis, log, namespace: 'user-exists', ttlSeconds: 300 }),
      log,
    });
    const upstream = (service: string, baseUrl: string) =>
      forwardTo({ service, baseUrl, timeoutMs: config.UPSTREAM_TIMEOUT_MS, log });
    const app = createApp({
      log,
      metrics,
      readiness: [
        { name: 'postgres', check: () => pingDatabase(db) },
        { name: 'redis', check: () => pingRedis(redis) },
        { name: 'rabbitmq', check: () => broker.ping() },
      ],
      db,
      apiKeys,
      notifications: createNotificationsService({
        db,
        users,
        metrics: pipeline,
        onOutboxWritten: () => relay.wake(),
      }),
      recorder,
      resendWebhook: createResendWebhookHandler({ db, recorder, secret: config.RESEND_WEBHOOK_SECRET }),
      verifyAccessToken: createAccessTokenVerifier(config.JWT_SECRET),
      rateLimit: createRateLimit({ redis, perSecond: config.RATE_LIMIT_PER_SECOND, log }),
      forwardToUserService: upstream('user service', config.USER_SERVICE_URL),
      forwardToTemplateService: upstream('template service', config.TEMPLATE_SERVICE_URL),
    });
    const server = await listen(app, options.port ?? config.GATEWAY_PORT);
    shutdown.add('http', () => closeServer(server));
    const port = portOf(server);
    log.info({ port }, 'gateway listening');
    return { url: `http://127.0.0.1:${port}`, port, shutdown, close: () => shutdown.run('closed') };
  } catch (error) {
    await shutdown.run('start-up failed');
    throw error;
  }
}
