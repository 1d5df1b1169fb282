import { cpus, loadavg, totalmem } from 'node:os';
import type { BaselineResult } from './baseline';
import type { BenchOptions } from './bench.options';
import type { RunResult } from './bench-run';

/** bench/results/latest.json: the headline figures first, then everything each run measured. */
export interface BenchResults {
  readonly generated_at: string;
  readonly quick: boolean;
  readonly workers: readonly number[];
  /** Gateway copies in every run. */
  readonly gateways: number;
  readonly e2e_delivered_per_s: number | null;
  readonly e2e_p50_ms: number | null;
  readonly e2e_p99_ms: number | null;
  readonly accept_saturation_per_s: number | null;
  readonly accept_saturation_p50_ms: number | null;
  readonly accept_saturation_p99_ms: number | null;
  readonly accept_saturation_max_ms: number | null;
  readonly accept_p50_ms_at_500: number | null;
  readonly accept_p99_ms_at_500: number | null;
  readonly accept_p50_ms_at_1000: number | null;
  readonly accept_p99_ms_at_1000: number | null;
  readonly accept_max_ms_at_1000: number | null;
  /** The highest peak RSS of any Herald service process (the provider sandbox is reported apart). */
  readonly max_rss_mb: number | null;
  readonly max_rss_service: string | null;
  /** The sandbox keeps every email of the run in memory by design; not a Herald service. */
  readonly sandbox_max_rss_mb: number | null;
  readonly lost: number | null;
  readonly duplicated: number | null;
  readonly baseline_amqp_per_s: number | null;
  readonly baseline_pg_rows_per_s: number | null;
  readonly e2e_vs_amqp_baseline: number | null;
  readonly e2e_vs_pg_baseline: number | null;
  /** Average CPU (percent of one core) used by processes that are not this benchmark's: the noise. */
  readonly other_processes_cpu_percent: number | null;
  /** Average steal (percent of one core): time the hypervisor gave these cores to other machines. */
  readonly hypervisor_steal_percent: number | null;
  readonly machine: {
    cores: number;
    memory_gb: number;
    node: string;
    load_average_at_start: number[];
    /** measureCpuReference() before and after the run: how fast the cores were (lower is faster). */
    cpu_reference_ms: { start_ms: number; end_ms: number };
  };
  readonly options: Record<string, unknown>;
  readonly baseline: BaselineResult | null;
  readonly runs: readonly RunResult[];
}

const ratio = (value: number | null | undefined, base: number | null | undefined) =>
  value && base ? Number((value / base).toPrecision(2)) : null;

/** Peak RSS of a process: the kernel's high-water mark, or the highest sample if that is higher. */
export const peakMb = (peak: { max_rss_mb: number; hwm_mb: number }) =>
  Math.max(peak.max_rss_mb, peak.hwm_mb);

export function buildResults(
  options: BenchOptions,
  baseline: BaselineResult | null,
  runs: readonly RunResult[],
  loadAtStart: number[],
  cpuReference: { start_ms: number; end_ms: number },
): BenchResults {
  const acceptRun = runs.find((run) => run.accept)?.accept;
  const e2eRun = runs.find((run) => run.e2e)?.e2e;
  const atRate = (rate: number) =>
    acceptRun?.fixed_rate.find((result) => result.offered_per_s === rate)?.latency;
  const services = runs.flatMap((run) => run.memory).filter((peak) => peak.app !== 'provider-sandbox');
  const biggest = services.reduce<(typeof services)[number] | undefined>(
    (max, peak) => (max === undefined || peakMb(peak) > peakMb(max) ? peak : max),
    undefined,
  );
  const sandboxes = runs.flatMap((run) => run.memory).filter((peak) => peak.app === 'provider-sandbox');
  const e2eRuns = runs.filter((run) => run.e2e);
  const measured = runs
    .flatMap((run) => run.cpu)
    .filter((share) => share.phase.startsWith('accept') || share.phase === 'e2e');
  const averageOver = (of: (share: (typeof measured)[number]) => number) =>
    measured.length > 0
      ? measured.reduce((sum, share) => sum + of(share) * share.seconds, 0) /
        measured.reduce((sum, share) => sum + share.seconds, 0)
      : null;
  const others = averageOver((share) => share.others);
  const steal = averageOver((share) => share.steal);

  return {
    generated_at: new Date().toISOString(),
    quick: options.quick,
    workers: options.workerCounts,
    gateways: options.gateways,
    e2e_delivered_per_s: e2eRun?.delivered_per_s ?? null,
    e2e_p50_ms: e2eRun?.latency.p50_ms ?? null,
    e2e_p99_ms: e2eRun?.latency.p99_ms ?? null,
    accept_saturation_per_s: acceptRun?.saturation.accepted_per_s ?? null,
    accept_saturation_p50_ms: acceptRun?.saturation.latency.p50_ms ?? null,
    accept_saturation_p99_ms: acceptRun?.saturation.latency.p99_ms ?? null,
    accept_saturation_max_ms: acceptRun?.saturation.latency.max_ms ?? null,
    accept_p50_ms_at_500: atRate(500)?.p50_ms ?? null,
    accept_p99_ms_at_500: atRate(500)?.p99_ms ?? null,
    accept_p50_ms_at_1000: atRate(1000)?.p50_ms ?? null,
    accept_p99_ms_at_1000: atRate(1000)?.p99_ms ?? null,
    accept_max_ms_at_1000: atRate(1000)?.max_ms ?? null,
    max_rss_mb: biggest ? peakMb(biggest) : null,
    max_rss_service: biggest?.name ?? null,
    sandbox_max_rss_mb: sandboxes.length > 0 ? Math.max(...sandboxes.map(peakMb)) : null,
    lost: e2eRuns.length > 0 ? e2eRuns.reduce((sum, run) => sum + (run.e2e?.lost ?? 0), 0) : null,
    duplicated: e2eRuns.length > 0 ? e2eRuns.reduce((sum, run) => sum + (run.e2e?.duplicated ?? 0), 0) : null,
    baseline_amqp_per_s: baseline?.amqp_messages_per_s ?? null,
    baseline_pg_rows_per_s: baseline?.pg_rows_per_s ?? null,
    e2e_vs_amqp_baseline: ratio(e2eRun?.delivered_per_s, baseline?.amqp_messages_per_s),
    e2e_vs_pg_baseline: ratio(e2eRun?.delivered_per_s, baseline?.pg_rows_per_s),
    other_processes_cpu_percent: others === null ? null : Math.round(others),
    hypervisor_steal_percent: steal === null ? null : Math.round(steal),
    machine: {
      cores: cpus().length,
      memory_gb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      load_average_at_start: loadAtStart.map((value) => Math.round(value * 100) / 100),
      cpu_reference_ms: cpuReference,
    },
    options: { ...options, profile: [...options.profile] },
    baseline,
    runs,
  };
}

export const currentLoad = () => loadavg();
