import type { RunResult } from './bench-run';
import { table, type Cell } from './report.text-table';

export function memoryTable(run: RunResult): string {
  const atEnd = new Map(run.memory_at_end.map((entry) => [entry.name, entry]));
  return table(
    ['process', 'peak RSS MB (VmHWM)', 'at end: RSS', 'heap total', 'heap used', 'external', 'rest'],
    run.memory.map((peak) => {
      const end = atEnd.get(peak.name);
      return [
        peak.name,
        peak.hwm_mb,
        end?.rss_mb,
        end?.heap_total_mb,
        end?.heap_used_mb,
        end?.external_mb,
        end?.other_mb,
      ];
    }),
  );
}

export function infrastructureTable(run: RunResult): string {
  const shown = run.infrastructure_latency.filter(
    (entry) => entry.phase !== 'workers-start' && entry.amqp_confirm.count > 0,
  );
  return table(
    ['phase', 'broker confirm p50 / p99 ms', 'pg commit p50 / p99 ms'],
    shown.map((entry) => [
      entry.phase,
      `${entry.amqp_confirm.p50_ms} / ${entry.amqp_confirm.p99_ms}`,
      `${entry.pg_commit.p50_ms} / ${entry.pg_commit.p99_ms}`,
    ]),
  );
}

export function cpuTable(run: RunResult): string {
  const names = [...new Set(run.cpu.flatMap((share) => Object.keys(share.services)))];
  const infra = ['postgres', 'rabbitmq', 'redis'];
  const shown = run.cpu.filter((share) => share.phase !== 'start-up' && share.phase !== 'workers-start');
  return table(
    ['phase', 's', ...names, ...infra, 'bench', 'others', 'machine', 'steal'],
    shown.map((share) => [
      share.phase,
      share.seconds,
      ...names.map((name) => share.services[name]),
      ...infra.map((group) => share.infrastructure[group]),
      share.bench,
      share.others,
      `${share.machine_busy}`,
      share.steal,
    ]),
  );
}

/** Notifications each measured phase handled: accepted in the accept phases, delivered end to end. */
function handledIn(run: RunResult, phase: string): number | undefined {
  if (phase === 'accept-warmup') return run.accept?.warmup.accepted;
  if (phase === 'accept-saturation') return run.accept?.saturation.accepted;
  if (phase === 'e2e') return run.e2e?.delivered;
  const rate = /^accept-(\d+)$/.exec(phase)?.[1];
  return rate
    ? run.accept?.fixed_rate.find((load) => load.offered_per_s === Number(rate))?.accepted
    : undefined;
}

/**
 * CPU milliseconds each process spent per notification: steadier under noise than rates are. The last columns
 * are the load generator (this benchmark), the whole machine, and the rate that bounds: at `machine` ms per
 * notification, `cores` cores carry at most cores × 1000 / machine a second, whatever stage is slowest.
 */
export function cpuCostTable(run: RunResult, cores: number): string {
  const names = [...new Set(run.cpu.flatMap((share) => Object.keys(share.services)))];
  const infra = ['postgres', 'rabbitmq', 'redis'];
  const rows: Cell[][] = [];
  for (const share of run.cpu) {
    const handled = handledIn(run, share.phase);
    if (!handled) continue;
    const perItem = (percent: number) => ((percent / 100) * share.seconds * 1000) / handled;
    const ms = (percent: number | undefined) => (percent === undefined ? null : perItem(percent).toFixed(2));
    const machine = perItem(share.machine_busy);
    rows.push([
      `${share.phase} (${handled})`,
      ...names.map((name) => ms(share.services[name])),
      ...infra.map((group) => ms(share.infrastructure[group])),
      ms(share.bench),
      machine.toFixed(2),
      machine > 0 ? Math.floor((cores * 1000) / machine) : null,
    ]);
  }
  return table(
    [
      'phase (notifications)',
      ...names,
      ...infra,
      'load generator',
      'machine',
      `at most /s on ${cores} cores`,
    ],
    rows,
  );
}

/** Where the end-to-end time went, stage by stage, and how the relay batched. */
export function breakdownTable(run: RunResult): string | undefined {
  const e2e = run.e2e;
  if (!e2e) return undefined;
  const stage = (
    label: string,
    summary: { p50_ms: number | null; p99_ms: number | null; max_ms: number | null; count: number },
  ) => [label, summary.count, summary.p50_ms, summary.p99_ms, summary.max_ms];
  const b = e2e.latency_breakdown;
  const relay = e2e.relay_batches;
  return [
    table(
      ['end-to-end time by stage, ms', 'n', 'p50', 'p99', 'max'],
      [
        stage('accepted -> claimed by the outbox relay', b.accepted_to_queued),
        stage('claimed -> send request at the sandbox', b.queued_to_sent),
        stage('sandbox answering', b.provider),
        stage('sandbox answer -> worker reports delivered', b.answered_to_reported),
        stage('reported -> status store updated', b.reported_to_stored),
      ],
    ),
    `outbox relay: ${relay.batches} batches, rows per batch p50 ${relay.rows_per_batch.p50_ms} max ${relay.rows_per_batch.max_ms}, ` +
      `cycle p50 ${relay.cycle_ms.p50_ms} ms p99 ${relay.cycle_ms.p99_ms} ms`,
  ].join('\n');
}

export function postgresTable(run: RunResult): string | undefined {
  const e2e = run.postgres.find((work) => work.phase === 'e2e');
  const delivered = run.e2e?.delivered ?? 0;
  if (!e2e || delivered === 0) return undefined;
  const rows = Object.entries(e2e.databases).map(([database, work]) => [
    database,
    work.commits,
    (work.commits / delivered).toFixed(2),
    ((work.inserted + work.updated + work.deleted) / delivered).toFixed(2),
  ]);
  const activity = Object.entries(e2e.activity)
    .slice(0, 8)
    .map(([state, n]) => `  ${n.toString().padStart(5)}  ${state}`);
  const statements = e2e.busiest_statements
    .slice(0, 6)
    .map(({ query, samples }) => `  ${samples.toString().padStart(5)}  ${query}`);
  return [
    table(['database (e2e phase)', 'commits', 'commits per email', 'rows written per email'], rows),
    'backends per 500 ms sample, by database: state / wait event',
    ...activity,
    'statements seen running or holding a transaction open (samples)',
    ...statements,
    `cluster WAL during e2e: ${e2e.cluster_wal_mb} MB`,
  ].join('\n');
}
