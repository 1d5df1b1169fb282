import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Broker } from '@herald/runtime';
import type { GatewayDatabase } from '../database';
import type { PipelineMetrics } from '../pipeline.metrics';
import { claimUnpublished, type ClaimedMessage } from './outbox.repository';

export interface OutboxRelay {
  start(): void;
  /** Publishes soon: called after an accept commits. */
  wake(): void;
  /** Finishes the batch in flight and stops; idempotent. */
  stop(): Promise<void>;
}

export interface OutboxRelayOptions {
  db: Kysely<GatewayDatabase>;
  broker: Broker;
  log: Logger;
  metrics: PipelineMetrics;
  batchSize?: number;
  /**
   * How many batches are relayed at once: while one waits for the broker's confirms, the next is claimed and
   * published. SKIP LOCKED keeps them apart, as it keeps gateway copies apart.
   */
  concurrency?: number;
  /** How often to look for rows another copy or a restart left behind. */
  pollMs?: number;
  /**
   * How long a wake waits for more accepts to join the batch. Woken by every accept, the relay claimed 7 rows at a
   * time at 1,200 accepts/s, and each claim is a statement planned afresh, a commit and a round of confirms.
   */
  lingerMs?: number;
  /** How often a claim looks at the whole outbox instead of from the floor up (see `relayBatch`). */
  sweepMs?: number;
  /** How far below the lowest id a claim took the next claims start: accepts still committing hold ids below it. */
  floorMargin?: number;
}

/**
 * Publishes what accepts wrote to the outbox, in batches, each publish confirmed by the broker before the deletion
 * of its row commits. A broker outage leaves rows in place to be published later; nothing accepted is lost. A crash
 * between publish and commit publishes again: workers are idempotent on the notification id.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, broker, log, metrics } = options;
  const batchSize = options.batchSize ?? 500;
  const concurrency = options.concurrency ?? 3;
  const publishSlice = 100;
  const pollMs = options.pollMs ?? 250;
  const lingerMs = options.lingerMs ?? 10;
  const sweepMs = options.sweepMs ?? 2_000;
  const floorMargin = options.floorMargin ?? 2_000;
  let floor: number | undefined;
  let sweptAt = 0;
  let lingering: NodeJS.Timeout | undefined;
  let stopped = false;
  let loops: Promise<void> | undefined;
  const waiting = new Set<() => void>();
  let woken = false;

  // A publish costs ~0.1 ms of CPU before it waits for its confirm: hundreds started in one go would hold the
  // event loop for tens of ms, and every accept waiting behind them. Started a slice at a time, with a turn of
  // the event loop between slices, they still wait for their confirms together.
  async function publishYielding(rows: readonly ClaimedMessage[]): Promise<void> {
    const confirms: Promise<void>[] = [];
    for (let start = 0; start < rows.length; start += publishSlice) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const row of rows.slice(start, start + publishSlice)) {
        const confirm = broker.publish(row.publication, row.message);
        // Handled now, awaited below: a publish that fails while later slices start is not an unhandled rejection.
        confirm.catch(() => undefined);
        confirms.push(confirm);
      }
    }
    await Promise.all(confirms);
  }

  /**
   * The outbox's low end is the rows already relayed: deleted, but until a vacuum their index entries stay, and a
   * claim from the start walked past every one (2 ms a claim after 150,000 accepts, 0.2 ms on a clean outbox). So
   * a claim starts `floorMargin` ids below the lowest the last one took, which leaves room for accepts that took
   * their ids earlier and commit later; and every `sweepMs` one claim starts from the beginning, for a row that
   * fell below even that (a claim rolled back, a very slow accept), so nothing waits longer than that.
   */
  async function relayBatch(): Promise<number> {
    const sweep = floor === undefined || Date.now() - sweptAt >= sweepMs;
    if (sweep) sweptAt = Date.now();
    const lowest = await db.transaction().execute(async (trx) => {
      const rows = await claimUnpublished(trx, batchSize, sweep ? undefined : floor);
      if (rows.length === 0) return undefined;
      await publishYielding(rows);
      return { id: rows[0]?.outbox_id ?? 0, count: rows.length };
    });
    if (lowest === undefined) return 0;
    floor = Math.max(floor ?? 0, lowest.id - floorMargin);
    metrics.published(lowest.count);
    return lowest.count;
  }

  function pause(ms: number): Promise<void> {
    if (woken) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        waiting.delete(done);
        resolve();
      }
      waiting.add(done);
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      try {
        const relayed = await relayBatch();
        failures = 0;
        if (relayed === batchSize) continue;
        await pause(pollMs);
      } catch (error) {
        failures += 1;
        log.warn({ err: error, failures }, 'outbox relay failed; rows stay in the outbox and are retried');
        await pause(Math.min(pollMs * 2 ** failures, 5_000));
      }
    }
  }

  return {
    start() {
      loops ??= Promise.all(Array.from({ length: concurrency }, () => run())).then(() => undefined);
    },
    wake() {
      lingering ??= setTimeout(() => {
        lingering = undefined;
        // One sleeping loop is enough to pick up new rows; if none sleeps, the busy ones will find them.
        const sleeper = waiting.values().next().value;
        if (sleeper) sleeper();
        else woken = true;
      }, lingerMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(lingering);
      for (const sleeper of [...waiting]) sleeper();
      await loops;
    },
  };
}
