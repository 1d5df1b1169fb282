import { fileURLToPath } from 'node:url';
import {
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

const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

export interface GatewayOptions {
  /** The database to use instead of `herald_gateway` (tests use their own). */
  database?: string | undefined;
  redisKeyPrefix?: string | undefined;
  /** The port to listen on instead of GATEWAY_PORT (0: any free port). */
  port?: number;
  log?: Logger;
}

/** The composition root of the gateway. */
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
      migrationsFolder,
      log,
    });
    shutdown.add('database', () => db.destroy());
    const redis = await createRedis({ url: config.REDIS_URL, keyPrefix: options.redisKeyPrefix ?? 'herald:gateway:', log });
    shutdown.add('redis', () => redis.quit());
    const broker = await createBroker({ url: config.AMQP_URL, namespace: config.AMQP_NAMESPACE, log });
    shutdown.add('broker', () => broker.close());

    const apiKeys = createApiKeysService({
      db,
      adminKey: config.HERALD_ADMIN_API_KEY,
      cache: createJsonCache({ redis, log, namespace: 'api-key', ttlSeconds: 60 }),
    });
    const app = createApp({
      log,
      metrics: createMetrics('api-gateway'),
      readiness: [
        { name: 'postgres', check: () => pingDatabase(db) },
        { name: 'redis', check: () => pingRedis(redis) },
        { name: 'rabbitmq', check: () => broker.ping() },
      ],
      apiKeys,
      verifyAccessToken: createAccessTokenVerifier(config.JWT_SECRET),
      forwardToUserService: forwardTo({
        service: 'user service',
        baseUrl: config.USER_SERVICE_URL,
        timeoutMs: config.UPSTREAM_TIMEOUT_MS,
        log,
      }),
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
