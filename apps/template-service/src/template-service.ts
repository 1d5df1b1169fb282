import {
  closeRedis,
  closeServer,
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
import type { TemplateServiceConfig } from './config';
import { templateServiceDatabase } from './config';
import type { TemplateDatabase } from './database';
import { createTemplateCache } from './templates/template.cache';
import { createTemplateRenderer } from '@herald/templating';
import { createTemplatesService } from './templates/templates.service';
import { migrations } from '../migrations';

const cacheTtlSeconds = 300;
const maxCompiledTemplates = 1_000;
// Resolved lookups (code, generation, language, version): a few per code in use.
const maxCachedLookups = 10_000;

export interface TemplateServiceOptions {
  /** The database to use instead of `herald_templates` (tests use their own). */
  database?: string | undefined;
  redisKeyPrefix?: string | undefined;
  /** The port to listen on instead of TEMPLATE_SERVICE_PORT (0: any free port). */
  port?: number;
  log?: Logger;
}

/** The composition root of the template service: opens its database and cache and starts listening. */
export async function startTemplateService(
  config: TemplateServiceConfig,
  options: TemplateServiceOptions = {},
): Promise<RunningService & { shutdown: Shutdown }> {
  const log = options.log ?? createLogger({ service: 'template-service', level: config.LOG_LEVEL });
  const shutdown = createShutdown(log);
  try {
    const db = await openDatabase<TemplateDatabase>({
      serverUrl: config.DATABASE_URL,
      database: options.database ?? templateServiceDatabase,
      migrations,
      log,
    });
    shutdown.add('database', () => db.destroy());
    const redis = await createRedis({
      url: config.REDIS_URL,
      keyPrefix: options.redisKeyPrefix ?? 'herald:templates:',
      log,
    });
    // quit() needs an answer from Redis; while it is down, only disconnect() stops the reconnect loop.
    shutdown.add('redis', () => closeRedis(redis));

    const templates = createTemplatesService({
      db,
      cache: createTemplateCache({
        redis,
        log,
        ttlSeconds: cacheTtlSeconds,
        maxEntries: maxCachedLookups,
      }),
      renderer: createTemplateRenderer({ maxCompiled: maxCompiledTemplates }),
    });
    const app = createApp({
      log,
      metrics: createMetrics('template-service'),
      readiness: [
        { name: 'postgres', check: () => pingDatabase(db) },
        { name: 'redis', check: () => pingRedis(redis) },
      ],
      templates,
    });
    const server = await listen(app, options.port ?? config.TEMPLATE_SERVICE_PORT);
    shutdown.add('http', () => closeServer(server));
    const port = portOf(server);
    log.info({ port }, 'template service listening');
    return { url: `http://127.0.0.1:${port}`, port, shutdown, close: () => shutdown.run('closed') };
  } catch (error) {
    await shutdown.run('start-up failed');
    throw error;
  }
}
