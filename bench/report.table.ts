import type { RunResult } from './bench-run';
import type { LoadResult } from './load';
import type { StageRates } from './pipeline-monitor';
import { peakMb, type BenchResults } from './report.results';
import {
  breakdownTable,
  cpuCostTable,
  cpuTable,
  infrastructureTable,
  memoryTable,
  postgresTable,
} from './report.run-details';
import { table, type Cell } from './report.text-table';

const triple = (load: LoadResult | undefined) =>
  load ? `${load.latency.p50_ms} / ${load.latency.p99_ms} / ${load.latency.max_ms}` : null;

const statusNote = (load: LoadResult | undefined) => {
  if (!load) return null;
  const other = Object.entries(load.statuses).filter(([status]) => status !== '202');
  const problems = [
    ...other.map(([status, n]) => `${n}×${status}`),
    ...(load.errors ? [`${load.errors} errors`] : []),
  ];
  return problems.length > 0 ? problems.join(', ') : 'all 202';
};

/** The rate a load achieved, marked when it fell short of a fixed offer. */
const achieved = (load: LoadResult | undefined) => {
  if (!load) return null;
  return load.offer_held === false ? `${load.accepted_per_s} (offer not held)` : load.accepted_per_s;
};

/** A run's column: its worker count, and its gateway count when there is more than one. */
function runLabel(run: RunResult): string {
  const workers = `${run.workers} worker${run.workers > 1 ? 's' : ''}`;
  return run.gateways > 1 ? `${workers}, ${run.gateways} gateways` : workers;
}

/** The headline table: one column per run (per email-worker count), the targets beside them. */
function headline(results: BenchResults): string {
  const runs = results.runs;
  const column = (pick: (run: RunResult) => Cell) => runs.map(pick);
  const atRate = (run: RunResult, rate: number) =>
    run.accept?.fixed_rate.find((load) => load.offered_per_s === rate);
  const rows: Cell[][] = [
    [
      'accept at saturation, accepted/s',
      '>= 3000',
      ...column((run) => run.accept?.saturation.accepted_per_s),
    ],
    ['  p50 / p99 / max ms', '', ...column((run) => triple(run.accept?.saturation))],
    ['  answers', '', ...column((run) => statusNote(run.accept?.saturation))],
    ['  outbox backlog when it ended', '', ...column((run) => run.accept?.relay_backlog_after_saturation)],
  ];
  for (const rate of runs
    .find((run) => run.accept)
    ?.accept?.fixed_rate.map((load) => load.offered_per_s ?? 0) ?? []) {
    rows.push(
      [`accept at ${rate}/s offered, achieved/s`, '', ...column((run) => achieved(atRate(run, rate)))],
      [
        '  p50 / p99 / max ms',
        rate === 1000 ? 'p99 < 50' : '',
        ...column((run) => triple(atRate(run, rate))),
      ],
    );
  }
  rows.push(
    ['end to end, offered/s', '', ...column((run) => run.e2e?.offered_per_s)],
    ['  accepted/s', '', ...column((run) => achieved(run.e2e?.load))],
    ['  delivered/s in the load window', '>= 1500', ...column((run) => run.e2e?.delivered_per_s)],
    [
      '  CPU reference before / after the load, ms',
      '',
      ...column((run) =>
        run.e2e_cpu_reference_ms
          ? `${run.e2e_cpu_reference_ms.before_ms} / ${run.e2e_cpu_reference_ms.after_ms}`
          : null,
      ),
    ],
    ['  delivered/s, first accept to last email', '', ...column((run) => run.e2e?.delivered_per_s_overall)],
    [
      '  accept -> sandbox p50 / p99 / max ms',
      '',
      ...column((run) => triple(run.e2e && { ...run.e2e.load, latency: run.e2e.latency })),
    ],
    [
      '  delivery kept up with accept',
      '',
      ...column((run) => (run.e2e ? (run.e2e.saturated ? 'no (backlog)' : 'yes') : null)),
    ],
    [
      '  per s in load: accepted/published/sent/marked',
      '',
      ...column((run) => stages(run.e2e?.stage_rates_during_load)),
    ],
    [
      '  drained, s after the load',
      '',
      ...column((run) => (run.e2e ? (run.e2e.drained ? run.e2e.drain_s : 'NOT drained') : null)),
    ],
    [
      '  lost / duplicated / unexpected',
      '0 / 0',
      ...column((run) =>
        run.e2e ? `${run.e2e.lost} / ${run.e2e.duplicated} / ${run.e2e.unexpected}` : null,
      ),
    ],
    [
      '  status store: delivered / pending',
      '',
      ...column((run) =>
        run.e2e ? `${run.e2e.gateway_status.delivered ?? 0} / ${run.e2e.gateway_status.pending ?? 0}` : null,
      ),
    ],
    [
      'peak RSS of a Herald service, MB',
      '< 250',
      ...column((run) =>
        Math.max(0, ...run.memory.filter((peak) => peak.app !== 'provider-sandbox').map(peakMb)),
      ),
    ],
    ['baseline: amqplib confirm+ack msg/s', '', results.baseline_amqp_per_s, ...runs.slice(1).map(() => '')],
    [
      `baseline: pg INSERT rows/s (${Object.keys(results.baseline?.pg_rows_per_s_by_connections ?? {}).join(' / ')} conn)`,
      '',
      results.baseline ? Object.values(results.baseline.pg_rows_per_s_by_connections).join(' / ') : null,
      ...runs.slice(1).map(() => ''),
    ],
    [
      'e2e / amqp baseline',
      '',
      ...column((run) => ratioOf(run.e2e?.delivered_per_s, results.baseline_amqp_per_s)),
    ],
    [
      'e2e / pg baseline',
      '',
      ...column((run) => ratioOf(run.e2e?.delivered_per_s, results.baseline_pg_rows_per_s)),
    ],
  );
  const header = ['', 'target', ...runs.map(runLabel)];
  return table(header, rows);
}

const stages = (rates: StageRates | undefined) =>
  rates
    ? `${rates.accepted ?? '?'} / ${rates.published ?? '?'} / ${rates.sent ?? '?'} / ${rates.marked_delivered ?? '?'}`
    : null;

const ratioOf = (value: number | undefined, base: number | null) =>
  value && base ? (value / base).toPrecision(2) : null;

/** Prints the headline table, then per run: memory, CPU per phase, PostgreSQL work per email. */
export function printReport(results: BenchResults, write: (text: string) => void): void {
  write(
    `\nHerald benchmark${results.quick ? ' (--quick)' : ''}, ${results.machine.cores} cores, node ${results.machine.node}`,
  );
  write(
    `Noise: other processes on this shared machine used ${results.other_processes_cpu_percent ?? '?'}% CPU on average ` +
      `during the measured phases, and the hypervisor took ${results.hypervisor_steal_percent ?? '?'}% (steal: time the cores ran ` +
      `other machines while this one waited) (100% = one core of ${results.machine.cores}); ` +
      `load average at start ${results.machine.load_average_at_start.join(' ')}.`,
  );
  const reference = results.machine.cpu_reference_ms;
  write(
    `CPU reference (bench/cpu-reference.ts, lower is faster): ${reference.start_ms} ms before the run, ${reference.end_ms} ms after; ` +
      'compare runs whose references are close.\n',
  );
  write(headline(results));
  for (const run of results.runs) {
    write(`\n${runLabel(run)} (${run.namespace})${run.error ? `: FAILED: ${run.error}` : ''}`);
    write(memoryTable(run));
    write(
      '\nInfrastructure beside the system: one confirmed persistent publish, one committed INSERT, 4 a second:',
    );
    write(infrastructureTable(run));
    write('\nCPU, percent of one core, per phase:');
    write(cpuTable(run));
    write('\nCPU ms per notification (accepted in accept phases, delivered in e2e):');
    write(cpuCostTable(run, results.machine.cores));
    const breakdown = breakdownTable(run);
    if (breakdown) write(`\n${breakdown}`);
    const postgres = postgresTable(run);
    if (postgres) write(`\n${postgres}`);
    if (run.cleanup_failures.length > 0) write(`cleanup failed: ${run.cleanup_failures.join('; ')}`);
  }
}
