import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import pg from 'pg';
import { summarizeLatencies, type LatencySummary } from './latency.stats';

/** What one confirmed publish and one committed insert cost the infrastructure during a phase, sampled 4× a second. */
export interface InfrastructureLatency {
  readonly phase: string;
  /** A persistent message to a durable queue, until the broker's confirm: what each rascal confirm waits for. */
  readonly amqp_confirm: LatencySummary;
  /** A single-row autocommit INSERT: one WAL flush, what each of the services' commits waits for. */
  readonly pg_commit: LatencySummary;
}

/**
 * A canary beside the system under load: it measures how long the broker takes to confirm and PostgreSQL to
 * commit while the phase runs, so a slow stage can be told apart from slow infrastructure (a shared disk).
 */
export async function startLatencyCanary(options: {
  amqpUrl: string;
  databaseUrl: string;
  database: string;
  queue: string;
}) {
  const admin = new pg.Client({ connectionString: options.databaseUrl });
  await admin.connect();
  await admin
    .query(`CREATE DATABASE ${pg.escapeIdentifier(options.database)}`)
    .catch((error: { code?: string }) => {
      if (error.code !== '42P04') throw error;
    });
  await admin.end();
  const url = new URL(options.databaseUrl);
  url.pathname = `/${options.database}`;
  const db = new pg.Client({ connectionString: url.toString() });
  db.on('error', () => undefined);
  await db.connect();
  await db.query(
    'CREATE TABLE IF NOT EXISTS canary_rows (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())',
  );
  const connection: ChannelModel = await amqp.connect(options.amqpUrl);
  connection.on('error', () => undefined);
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  // Bounded, so the canary never piles messages up.
  await channel.assertQueue(options.queue, { durable: true, arguments: { 'x-max-length': 100 } });
  const payload = Buffer.from(JSON.stringify({ canary: randomUUID(), padding: 'x'.repeat(600) }));

  let current: { name: string; confirms: number[]; commits: number[] } | undefined;
  const results: InfrastructureLatency[] = [];
  let busy = false;

  async function probe(): Promise<void> {
    if (!current || busy) return;
    busy = true;
    const phase = current;
    try {
      const publishStarted = performance.now();
      await new Promise<void>((resolve, reject) =>
        channel.sendToQueue(options.queue, payload, { persistent: true }, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      phase.confirms.push(performance.now() - publishStarted);
      const commitStarted = performance.now();
      await db.query('INSERT INTO canary_rows DEFAULT VALUES');
      phase.commits.push(performance.now() - commitStarted);
    } finally {
      busy = false;
    }
  }

  const timer = setInterval(() => void probe().catch(() => undefined), 250);
  timer.unref();

  function close(): void {
    if (!current) return;
    results.push({
      phase: current.name,
      amqp_confirm: summarizeLatencies(current.confirms),
      pg_commit: summarizeLatencies(current.commits),
    });
    current = undefined;
  }

  return {
    /** Ends the current phase (if any) and starts sampling `name`. */
    phase(name: string): void {
      close();
      current = { name, confirms: [], commits: [] };
    },
    endPhase: close,
    results: (): readonly InfrastructureLatency[] => results,
    async stop(): Promise<void> {
      clearInterval(timer);
      close();
      await channel.deleteQueue(options.queue).catch(() => undefined);
      await connection.close().catch(() => undefined);
      await db.end().catch(() => undefined);
    },
  };
}

export type LatencyCanary = Awaited<ReturnType<typeof startLatencyCanary>>;
