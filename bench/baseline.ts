import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import pg from 'pg';
import { roundRate } from './latency.stats';

/** What the infrastructure alone does on this machine right now, measured in the same run as the system. */
export interface BaselineResult {
  /** Durable queue, persistent messages, publisher confirms, consumer acks, publish and consume at once. */
  readonly amqp_messages_per_s: number;
  readonly amqp_messages: number;
  /** Single-row autocommit INSERTs, the best over the client counts tried: concurrent commits share WAL flushes. */
  readonly pg_rows_per_s: number;
  /** Rows/s by number of clients inserting at once; 1 client is one commit, so one WAL flush, at a time. */
  readonly pg_rows_per_s_by_connections: Record<string, number>;
}

/** A message the size of a notification.email.requested.v1. */
function samplePayload(): Buffer {
  const id = randomUUID();
  return Buffer.from(
    JSON.stringify({
      type: 'notification.email.requested.v1',
      message_id: randomUUID(),
      notification_id: id,
      request_id: `bench-baseline-${id}`,
      correlation_id: randomUUID(),
      attempt: 1,
      occurred_at: new Date().toISOString(),
      user_id: randomUUID(),
      template_code: 'bench-welcome',
      variables: { name: 'Bench Reader', link: `https://example.com/welcome/${id}` },
      priority: 5,
    }),
  );
}

/** Publishes `count` persistent messages with confirms (at most `window` unconfirmed) while consuming them with acks. */
export async function measureAmqp(url: string, queue: string, count: number, window = 256): Promise<number> {
  const publisher = await amqp.connect(url);
  const consumer = await amqp.connect(url);
  try {
    const publish = await publisher.createConfirmChannel();
    const consume = await consumer.createChannel();
    await consume.assertQueue(queue, { durable: true });
    await consume.purgeQueue(queue);
    await consume.prefetch(100);
    const payload = samplePayload();
    const started = performance.now();
    const allConsumed = new Promise<void>((resolve) => {
      let consumed = 0;
      void consume.consume(queue, (message) => {
        if (!message) return;
        consume.ack(message);
        if (++consumed === count) resolve();
      });
    });
    let unconfirmed = 0;
    let nacked = 0;
    let wake: (() => void) | undefined;
    for (let i = 0; i < count; i++) {
      while (unconfirmed >= window) await new Promise<void>((resolve) => (wake = resolve));
      unconfirmed += 1;
      const written = publish.sendToQueue(
        queue,
        payload,
        { persistent: true, contentType: 'application/json' },
        (error) => {
          if (error) nacked += 1;
          unconfirmed -= 1;
          wake?.();
        },
      );
      if (!written) await new Promise((resolve) => publish.once('drain', resolve));
    }
    await publish.waitForConfirms();
    if (nacked > 0) throw new Error(`the broker refused ${nacked} baseline messages`);
    await allConsumed;
    const seconds = (performance.now() - started) / 1000;
    await consume.deleteQueue(queue);
    return roundRate(count / seconds);
  } finally {
    await publisher.close().catch(() => undefined);
    await consumer.close().catch(() => undefined);
  }
}

/** Inserts single rows, each its own transaction, from `connections` clients for `seconds`. */
export async function measurePostgres(
  serverUrl: string,
  database: string,
  seconds: number,
  connections: number,
): Promise<number> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`).catch((error: { code?: string }) => {
    if (error.code !== '42P04') throw error;
  });
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: connections });
  // An idle connection ended by the server (a restart, another run's cleanup) must not end the benchmark.
  pool.on('error', () => undefined);
  try {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS baseline_rows (id bigserial PRIMARY KEY, notification_id uuid NOT NULL,
         payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await pool.query('TRUNCATE baseline_rows');
    const payload = samplePayload().toString();
    const deadline = performance.now() + seconds * 1000;
    let rows = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          await pool.query('INSERT INTO baseline_rows (notification_id, payload) VALUES ($1, $2)', [
            randomUUID(),
            payload,
          ]);
          rows += 1;
        }
      }),
    );
    return roundRate(rows / ((performance.now() - started) / 1000));
  } finally {
    await pool.end();
  }
}

export async function measureBaseline(options: {
  amqpUrl: string;
  databaseUrl: string;
  queue: string;
  database: string;
  amqpMessages: number;
  pgSeconds: number;
  pgConnections: readonly number[];
}): Promise<BaselineResult> {
  const amqpRate = await measureAmqp(options.amqpUrl, options.queue, options.amqpMessages);
  const byConnections: Record<string, number> = {};
  for (const connections of options.pgConnections) {
    byConnections[String(connections)] = await measurePostgres(
      options.databaseUrl,
      options.database,
      options.pgSeconds,
      connections,
    );
  }
  return {
    amqp_messages_per_s: amqpRate,
    amqp_messages: options.amqpMessages,
    pg_rows_per_s: Math.max(...Object.values(byConnections)),
    pg_rows_per_s_by_connections: byConnections,
  };
}
