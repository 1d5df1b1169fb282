import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { CommonEnv, DatabaseEnv, loadConfig } from '@herald/runtime';
import { Type } from '@sinclair/typebox';

const InfrastructureEnv = Type.Composite([CommonEnv, DatabaseEnv]);

/** Where one test file's data lives: its own databases, Redis key prefix and broker namespace. */
export interface TestNamespace {
  readonly id: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly amqpUrl: string;
  /** A database name unique to this test file, for the service called `service`. */
  database(service: string): string;
  /** A Redis key prefix unique to this test file. */
  readonly redisKeyPrefix: string;
  /** Drops every database made through `database()` and every Redis key under the prefix. */
  drop(): Promise<void>;
}

/** Makes a fresh namespace for one test file; call `drop()` in `after`. */
export function createTestNamespace(): TestNamespace {
  const env = loadConfig(InfrastructureEnv);
  const id = randomUUID().replaceAll('-', '').slice(0, 12);
  const databases = new Set<string>();
  const redisKeyPrefix = `t:${id}:`;
  return {
    id,
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    amqpUrl: env.AMQP_URL,
    redisKeyPrefix,
    database(service) {
      const name = `t_${id}_${service.replace(/[^a-z0-9]/gi, '_')}`.toLowerCase();
      databases.add(name);
      return name;
    },
    async drop() {
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        for (const name of databases) {
          await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
        }
      } finally {
        await client.end();
      }
      await deleteRedisKeys(env.REDIS_URL, redisKeyPrefix);
    },
  };
}

async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
