import { randomBytes } from 'node:crypto';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildTopology } from '@herald/contracts';
import { dropDatabases } from '@herald/runtime';

/** Where one benchmark run's data lives: its own databases, Redis key prefix and broker namespace. */
export interface BenchNamespace {
  /** `bench_<hex>`: databases, keys and queues left behind by a killed run are recognisable by it. */
  readonly id: string;
  /** The AMQP_NAMESPACE every service of the run shares. */
  readonly amqpNamespace: string;
  /** The database of `service` in this run. */
  database(service: string): string;
  /** The Redis key prefix of `service` in this run. */
  redisKeyPrefix(service: string): string;
  /** The fully qualified name of a topology queue (rascal prefixes `<namespace>:`). */
  queue(name: string): string;
  /** A queue outside the topology (baselines); drop() deletes it too. */
  scratchQueue(name: string): string;
  /** Drops every database, Redis key and queue of the run; every step runs even if an earlier one failed. */
  drop(): Promise<string[]>;
}

export interface InfrastructureUrls {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly amqpUrl: string;
}

/** A fresh namespace for one benchmark run, or the one named `id` (to drop what a killed run left). */
export function createBenchNamespace(
  urls: InfrastructureUrls,
  id = `bench_${randomBytes(4).toString('hex')}`,
): BenchNamespace {
  if (!/^bench_[0-9a-f]{8}$/.test(id))
    throw new Error(`${id} is not a benchmark namespace (bench_<8 hex digits>)`);
  const scratchQueues = new Set<string>();
  let dropping: Promise<string[]> | undefined;

  // Every database named after the run, not only those made through database(): a killed run's too.
  async function dropRunDatabases(): Promise<void> {
    const client = new pg.Client({ connectionString: urls.databaseUrl });
    await client.connect();
    let names: string[];
    try {
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [`${id}_`],
      );
      names = rows.map((row) => row.datname);
    } finally {
      await client.end();
    }
    await dropDatabases(urls.databaseUrl, names);
  }

  async function dropRedisKeys(): Promise<void> {
    const redis = new Redis(urls.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${id}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  async function dropBrokerObjects(): Promise<void> {
    const vhost = Object.values(buildTopology().vhosts)[0];
    const queues = [...Object.keys(vhost?.queues ?? {}).map((name) => `${id}:${name}`), ...scratchQueues];
    const exchanges = Object.keys(vhost?.exchanges ?? {}).map((name) => `${id}:${name}`);
    const connection = await amqp.connect(urls.amqpUrl);
    try {
      // A failed delete closes its channel, so each delete gets one.
      for (const queue of queues) {
        const channel = await connection.createChannel();
        await channel.deleteQueue(queue).catch(() => undefined);
        await channel.close().catch(() => undefined);
      }
      for (const exchange of exchanges) {
        const channel = await connection.createChannel();
        await channel.deleteExchange(exchange).catch(() => undefined);
        await channel.close().catch(() => undefined);
      }
    } finally {
      await connection.close();
    }
  }

  return {
    id,
    amqpNamespace: id,
    database: (service) => `${id}_${service.replace(/[^a-z0-9]/gi, '_')}`.toLowerCase(),
    redisKeyPrefix: (service) => `${id}:${service}:`,
    queue: (name) => `${id}:${name}`,
    scratchQueue(name) {
      const queue = `${id}:${name}`;
      scratchQueues.add(queue);
      return queue;
    },
    drop() {
      dropping ??= (async () => {
        const failures: string[] = [];
        for (const [what, step] of [
          ['databases', dropRunDatabases],
          ['redis keys', dropRedisKeys],
          ['broker queues and exchanges', dropBrokerObjects],
        ] as const) {
          await step().catch((error: unknown) => failures.push(`${what}: ${(error as Error).message}`));
        }
        return failures;
      })();
      return dropping;
    },
  };
}
