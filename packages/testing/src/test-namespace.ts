import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import { buildTopology } from '@herald/contracts';
import { CommonEnv, DatabaseEnv, dropDatabases, loadConfig } from '@herald/runtime';
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
  /** The rascal namespace of this test file: every queue and exchange is prefixed with it. */
  readonly brokerNamespace: string;
  /** A Redis key prefix unique to this test file. */
  readonly redisKeyPrefix: string;
  /** Drops every database made through `database()` and every Redis key under the prefix. */
  drop(): Promise<void>;
}

/**
 * Makes a fresh namespace for one test file; call `drop()` in `after`. Tests that run the broker with their own
 * retry tiers name them, so `drop()` removes those delay queues too.
 */
export function createTestNamespace(options: { delayTiersMs?: readonly number[] } = {}): TestNamespace {
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
    brokerNamespace: id,
    database(service) {
      const name = `t_${id}_${service.replace(/[^a-z0-9]/gi, '_')}`.toLowerCase();
      databases.add(name);
      return name;
    },
    async drop() {
      await dropDatabases(env.DATABASE_URL, databases);
      await deleteRedisKeys(env.REDIS_URL, redisKeyPrefix);
      await deleteBrokerNamespace(env.AMQP_URL, id, options.delayTiersMs);
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

/** The JWT secret every test process shares, so tokens one service signs another accepts. */
export const testJwtSecret = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** The environment a service process of this namespace runs with. */
export function namespaceEnv(ns: TestNamespace, service: string): Record<string, string> {
  return {
    DATABASE_URL: ns.databaseUrl,
    DATABASE_NAME: ns.database(service),
    REDIS_URL: ns.redisUrl,
    REDIS_KEY_PREFIX: `${ns.redisKeyPrefix}${service}:`,
    AMQP_URL: ns.amqpUrl,
    AMQP_NAMESPACE: ns.brokerNamespace,
    JWT_SECRET: testJwtSecret,
    LOG_LEVEL: 'error',
  };
}

// Rascal names a namespaced queue `<namespace>:<name>`; every queue and exchange the topology declares is removed.
async function deleteBrokerNamespace(
  url: string,
  namespace: string,
  delayTiersMs?: readonly number[],
): Promise<void> {
  const vhosts = [buildTopology(), ...(delayTiersMs ? [buildTopology({ delayTiersMs })] : [])].flatMap(
    (topology) => Object.values(topology.vhosts),
  );
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const vhost of vhosts) {
      for (const queue of Object.keys(vhost.queues)) await channel.deleteQueue(`${namespace}:${queue}`);
      for (const exchange of Object.keys(vhost.exchanges))
        await channel.deleteExchange(`${namespace}:${exchange}`);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}
