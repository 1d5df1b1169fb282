import { createLocalTemplateRenderer } from '@herald/templating';
import { createUpstreamPool, createUserCache, createUserDirectory } from '@herald/runtime';
import { MessageTypes, Subscriptions, type NotificationPushRequestedV1 } from '@herald/contracts';
import {
  closeRedis,
  closeServer,
  createBroker,
  createLogger,
  createMetrics,
  createProviderBreaker,
  createRedis,
  createShutdown,
  listen,
  openDatabase,
  pingDatabase,
  pingRedis,
  portOf,
  retryPolicyFor,
  subscribeToRequests,
  type Logger,
  type RunningService,
  type Shutdown,
} from '@herald/runtime';
import { createApp } from './app';
import { ApnsUnavailableError } from './apns/apns-error.classifier';
import { createApnsSender } from './apns/apns.sender';
import { loadApnsSettings } from './apns/apns.settings';
import { delayTiersOf, pushWorkerDatabase, type PushWorkerConfig } from './config';
import type { PushDatabase } from './database';
import { createDeviceDelivery } from './deliveries/device-delivery';
import { createPushDelivery } from './deliveries/push-delivery';
import { createDeviceDirectory } from './users/device.directory';
import { createWebPushSender, type VapidIdentity } from './web-push/web-push.sender';
import { migrations } from '../migrations';

export interface PushWorkerOptions {
  /** The database to use instead of `herald_push` (tests use their own). */
  database?: string | undefined;
  redisKeyPrefix?: string | undefined;
  /** The broker namespace (AMQP_NAMESPACE): every queue and exchange is prefixed with it. */
  amqpNamespace?: string | undefined;
  /** The port to listen on instead of PUSH_WORKER_PORT (0: any free port). */
  port?: number;
  log?: Logger;
}

function vapidOf(config: PushWorkerConfig): VapidIdentity | undefined {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey, VAPID_SUBJECT: subject } = config;
  return publicKey && privateKey && subject ? { publicKey, privateKey, subject } : undefined;
}

/**
 * The composition root of the push worker: opens its database, cache and broker, consumes both push lanes and
 * serves /health, /ready and /metrics. Shutdown stops intake, finishes the sends in flight, closes the APNs
 * connection, then the rest.
 */
export async function startPushWorker(
  config: PushWorkerConfig,
  options: PushWorkerOptions = {},
): Promise<RunningService & { shutdown: Shutdown }> {
  const log = options.log ?? createLogger({ service: 'push-worker', level: config.LOG_LEVEL });
  const shutdown = createShutdown(log);
  try {
    const db = await openDatabase<PushDatabase>({
      serverUrl: config.DATABASE_URL,
      database: options.database ?? pushWorkerDatabase,
      migrations,
      log,
    });
    shutdown.add('database', () => db.destroy());
    const redis = await createRedis({
      url: config.REDIS_URL,
      keyPrefix: options.redisKeyPrefix ?? 'herald:push:',
      log,
    });
    shutdown.add('redis', () => closeRedis(redis));
    const delayTiersMs = delayTiersOf(config);
    const broker = await createBroker({
      url: config.AMQP_URL,
      namespace: options.amqpNamespace,
      log,
      ...(delayTiersMs ? { topology: { delayTiersMs } } : {}),
    });
    shutdown.add('broker', () => broker.close());
    const breaker = createProviderBreaker({
      provider: 'apns',
      log,
      resetTimeoutMs: config.APNS_CIRCUIT_RESET_MS,
      // A 429 or an expired provider token says nothing about APNs being down.
      isProviderDown: (error) => error instanceof ApnsUnavailableError,
    });
    shutdown.add('apns circuit', () => breaker.shutdown());
    const apns = createApnsSender({
      loadSettings: () => loadApnsSettings(config),
      breaker,
      timeoutMs: config.APNS_TIMEOUT_MS,
      log,
    });
    shutdown.add('apns', () => apns.close());
    const vapid = vapidOf(config);
    if (!vapid) log.warn('VAPID_* not set: pushes to web devices fail until they are');

    const metrics = createMetrics('push-worker');
    const app = createApp({
      log,
      metrics,
      readiness: [
        { name: 'postgres', check: () => pingDatabase(db) },
        { name: 'redis', check: () => pingRedis(redis) },
        { name: 'rabbitmq', check: () => broker.ping() },
      ],
    });
    const server = await listen(app, options.port ?? config.PUSH_WORKER_PORT);
    shutdown.add('http', () => closeServer(server));

    const retryPolicy = retryPolicyFor(delayTiersMs);
    // One kept-alive pool per service, as in the email worker (see createUpstreamPool for why not one Agent).
    const connect = { connectTimeoutMs: config.SERVICE_TIMEOUT_MS };
    const userService = createUpstreamPool(config.USER_SERVICE_URL, connect);
    shutdown.add('user service connections', () => userService.close());
    const templateService = createUpstreamPool(config.TEMPLATE_SERVICE_URL, connect);
    shutdown.add('template service connections', () => templateService.close());
    const devices = createDeviceDirectory({
      baseUrl: config.USER_SERVICE_URL,
      timeoutMs: config.SERVICE_TIMEOUT_MS,
    });
    const delivery = createPushDelivery({
      db,
      users: createUserDirectory({
        baseUrl: config.USER_SERVICE_URL,
        timeoutMs: config.SERVICE_TIMEOUT_MS,
        cache: createUserCache({ redis, log, ttlSeconds: config.USER_CACHE_TTL_SECONDS }),
        dispatcher: userService,
      }),
      devices,
      templates: createLocalTemplateRenderer({
        baseUrl: config.TEMPLATE_SERVICE_URL,
        timeoutMs: config.SERVICE_TIMEOUT_MS,
        ttlMs: config.TEMPLATE_CACHE_TTL_SECONDS * 1_000,
        dispatcher: templateService,
      }),
      deviceDelivery: createDeviceDelivery({
        db,
        senders: { ios: apns, web: createWebPushSender({ vapid, timeoutMs: config.WEB_PUSH_TIMEOUT_MS }) },
        devices,
        log,
      }),
      retryPolicy,
    });
    const intake = await subscribeToRequests<NotificationPushRequestedV1>({
      broker,
      log,
      subscriptions: [Subscriptions.pushCriticalRequests, Subscriptions.pushRequests],
      messageType: MessageTypes.pushRequested,
      retryPolicy,
      handle: delivery.deliver,
      onFailed: delivery.recordFailure,
      metrics: metrics.registry,
    });
    // Added last, so it runs first: no new work, the sends in flight finish, then everything else closes.
    shutdown.add('intake', () => intake.drain());

    const port = portOf(server);
    log.info({ port }, 'push worker consuming');
    return { url: `http://127.0.0.1:${port}`, port, shutdown, close: () => shutdown.run('closed') };
  } catch (error) {
    await shutdown.run('start-up failed');
    throw error;
  }
}
