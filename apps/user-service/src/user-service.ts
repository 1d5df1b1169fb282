import type { Device, User } from '@herald/contracts';
import {
  closeRedis,
  closeServer,
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
import { createApp } from './app';
import { createAuthService } from './auth/auth.service';
import type { UserServiceConfig } from './config';
import { userServiceDatabase } from './config';
import type { UserDatabase } from './database';
import { createDevicesService } from './devices/devices.service';
import { createUsersService } from './users/users.service';
import { migrations } from '../migrations';

const cacheTtlSeconds = 300;

export interface UserServiceOptions {
  /** The database to use instead of `herald_users` (tests use their own). */
  database?: string | undefined;
  redisKeyPrefix?: string | undefined;
  /** The port to listen on instead of USER_SERVICE_PORT (0: any free port). */
  port?: number;
  log?: Logger;
}

/** The composition root of the user service: opens its database and cache and starts listening. */
export async function startUserService(
  config: UserServiceConfig,
  options: UserServiceOptions = {},
): Promise<RunningService & { shutdown: Shutdown }> {
  const log = options.log ?? createLogger({ service: 'user-service', level: config.LOG_LEVEL });
  const shutdown = createShutdown(log);
  try {
    const db = await openDatabase<UserDatabase>({
      serverUrl: config.DATABASE_URL,
      database: options.database ?? userServiceDatabase,
      migrations,
      log,
    });
    shutdown.add('database', () => db.destroy());
    const redis = await createRedis({ url: config.REDIS_URL, keyPrefix: options.redisKeyPrefix ?? 'herald:users:', log });
    shutdown.add('redis', () => closeRedis(redis));

    const devices = createDevicesService({
      db,
      cache: createJsonCache<Device[]>({ redis, log, namespace: 'devices', ttlSeconds: cacheTtlSeconds }),
    });
    const users = createUsersService({
      db,
      devices,
      cache: createJsonCache<User>({ redis, log, namespace: 'user', ttlSeconds: cacheTtlSeconds }),
    });
    const auth = createAuthService({ db, jwtSecret: config.JWT_SECRET, tokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
    const app = createApp({
      log,
      metrics: createMetrics('user-service'),
      readiness: [
        { name: 'postgres', check: () => pingDatabase(db) },
        { name: 'redis', check: () => pingRedis(redis) },
      ],
      users,
      devices,
      auth,
    });
    const server = await listen(app, options.port ?? config.USER_SERVICE_PORT);
    shutdown.add('http', () => closeServer(server));
    const port = portOf(server);
    log.info({ port }, 'user service listening');
    return { url: `http://127.0.0.1:${port}`, port, shutdown, close: () => shutdown.run('closed') };
  } catch (error) {
    await shutdown.run('start-up failed');
    throw error;
  }
}
