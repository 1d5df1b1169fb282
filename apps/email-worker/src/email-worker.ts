import { createLocalTemplateRenderer } from '@herald/templating';
import {
  createUpstreamPool,
  createUserCache,
  createUserDirectory,
} from '@herald/runtime';
import { MessageTypes, Subscriptions, type NotificationEmailRequestedV1 } from '@herald/contracts';
import {
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
import { delayTiersOf, emailWorkerDatabase, type EmailWorkerConfig } from './config';
import type { EmailDatabase } from './database';
import { createDeliveryBatches } from './deliveries/deliveries.batches';
import { createEmailDelivery } from './deliveries/email-delivery';
import { createResendSender } from './resend/resend.sender';
import { migrations } from '../migrations';

export interface EmailWorkerOptions {
  /** The database to use instead of `herald_email` (tests use their own). */
  database?: string | undefined;
  redisKeyPrefix?: string | undefined;
  /** The broker namespace (AMQP_NAMESPACE): every queue and exchange is prefixed with it. */
  amqpNamespace?: string | undefined;
  /** The port to listen on instead of EMAIL_WORKER_PORT (0: any free port). */
  port?: number;
  log?: Logger;
}

/**
 * The composition root of the email worker: opens its database, cache and broker, consumes both email lanes and
 * serves /health, /ready and /metrics. Shutdown stops intake, finishes the sends in flight, then closes the rest.
 */
export async function startEmailWorker(
  config: EmailWorkerConfig,
  options: EmailWorkerOptions = {},
): Promise<RunningService & { shutdown: Shutdown }> {
  const log = options.log ?? createLogger({ service: 'email-worker', level: config.LOG_LEVEL });
  const shutdown = createShutdown(log);
  try {
    const db = await openDatabase<EmailDatabase>({
      serverUrl: config.DATABASE_URL,
      database: options.database ?? emailWorkerDatabase,
      migrations,
      log,
    });
    shutdown.add('database', () => db.destroy());
    const redis = await createRedis({
      url: config.REDIS_URL,
      keyPrefix: options.redisKeyPrefix ?? 'herald:email:',
      log,
    });
    shutdown.add('redis', () => redis.quit());
    const delayTiersMs = delayTiersOf(config);
    const broker = await createBroker({
      url: config.AMQP_URL,
      namespace: options.amqpNamespace,
      log,
      ...(delayTiersMs ? { topology: { delayTiersMs } } : {}),
    });
    shutdown.add('broker', () => broker.close());
    const breaker = createProviderBreaker({
      provider: 'resend',
      log,
      resetTimeoutMs: config.RESEND_CIRCUIT_RESET_MS,
    });
    shutdown.add('resend circuit', () => breaker.shutdown());

    const metrics = createMetrics('email-worker');
    const app = createApp({
      log,
      metrics,
      readiness: [
        { name: 'postgres', check: () => pingDatabase(db) },
        { name: 'redis', check: () => pingRedis(redis) },
        { name: 'rabbitmq', check: () => broker.ping() },
      ],
    });
    const server = await listen(app, options.port ?? config.EMAIL_WORKER_PORT);
    shutdown.add('http', () => closeServer(server));

    const connect = { connectTimeoutMs: config.SERVICE_TIMEOUT_MS };
    const userService = createUpstreamPool(config.USER_SERVICE_URL, connect);
    shutdown.add('user service connections', () => userService.close());
    const templateService = createUpstreamPool(config.TEMPLATE_SERVICE_URL, connect);
    shutdown.add('template service connections', () => templateService.close());
    const resendApi = createUpstreamPool(config.RESEND_BASE_URL, connect);
    shutdown.add('resend connections', () => resendApi.close());
    const delivery = createEmailDelivery({
      deliveries: createDeliveryBatches(db),
      users: createUserDirectory({
        baseUrl: config.USER_SERVICE_URL,
        timeoutMs: config.SERVICE_TIMEOUT_MS,
        cache: createUserCache({ redis, log, ttlSeconds: config.USER_CACHE_TTL_SECONDS }),
        dispatcher: userService,
      }),
      templates: createLocalTemplateRenderer({
        baseUrl: config.TEMPLATE_SERVICE_URL,
        timeoutMs: config.SERVICE_TIMEOUT_MS,
        ttlMs: config.TEMPLATE_CACHE_TTL_SECONDS * 1_000,
        dispatcher: templateService,
      }),
      sender: createResendSender({
        apiKey: config.RESEND_API_KEY,
        baseUrl: config.RESEND_BASE_URL,
        from: config.EMAIL_FROM,
        timeoutMs: config.RESEND_TIMEOUT_MS,
        breaker,
        pool: resendApi,
      }),
    });
    const intake = await subscribeToRequests<NotificationEmailRequestedV1>({
      broker,
      log,
      subscriptions: [Subscriptions.emailCriticalRequests, Subscriptions.emailRequests],
      messageType: MessageTypes.emailRequested,
      retryPolicy: retryPolicyFor(delayTiersMs),
      handle: delivery.deliver,
      onFailed: delivery.recordFailure,
      metrics: metrics.registry,
    });
    // Added last, so it runs first: no new work, the sends in flight finish, then everything else closes.
    shutdown.add('intake', () => intake.drain());

    const port = portOf(server);
    log.info({ port }, 'email worker consuming');
    return { url: `http://127.0.0.1:${port}`, port, shutdown, close: () => shutdown.run('closed') };
  } catch (error) {
    await shutdown.run('start-up failed');
    throw error;
  }
}
