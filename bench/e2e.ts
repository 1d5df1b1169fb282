import { setTimeout as sleep } from 'node:timers/promises';
import type { GatewayStore } from './gateway-store';
import {
  breakDownLatency,
  summarizeRelayBatches,
  type LatencyBreakdown,
  type RelayBatches,
} from './latency-breakdown';
import { roundRate, summarizeLatencies, type LatencySummary } from './latency.stats';
import { runFixedRate, type LoadResult, type NotificationTarget } from './load';
import { stageRates, type PipelineMonitor, type PipelinePoint, type StageRates } from './pipeline-monitor';
import type { SandboxClient, SandboxEmailEntry, SandboxSendCounts } from './sandbox-client';

export interface EndToEndResult {
  readonly offered_per_s: number;
  readonly duration_s: number;
  /** The accept side of the phase, as the client saw it. */
  readonly load: LoadResult;
  /** Notifications the gateway stored for the phase: the set that must each arrive exactly once. */
  readonly accepted: number;
  /** Emails the sandbox answered during the load window, per second: the sustained delivery rate. */
  readonly delivered_per_s: number;
  /** Every email of the phase over the time from the first accept to the last answer. */
  readonly delivered_per_s_overall: number;
  readonly delivered: number;
  /** Whether delivery fell behind accept (then the latency includes time queued behind the backlog). */
  readonly saturated: boolean;
  readonly drained: boolean;
  /** Seconds from the end of the load until the last accepted notification reached the sandbox. */
  readonly drain_s: number | null;
  /** Stored (or acknowledged with a 202) notifications of the phase without an email in the sandbox. */
  readonly lost: number;
  /** 202 answers the client read; autocannon hangs up on requests in flight when a phase ends, so the store may hold a few more. */
  readonly acknowledged: number;
  /** 202 answers whose notification the gateway never stored: each one is lost (counted in `lost`). */
  readonly acknowledged_not_stored: number;
  readonly duplicated: number;
  /** Emails whose idempotency key is no notification of the phase. */
  readonly unexpected: number;
  /** From the gateway's created_at to the sandbox's answered_at. */
  readonly latency: LatencySummary;
  /** Send requests by status at the sandbox: more 200s than emails means idempotent replays (redeliveries). */
  readonly sandbox_requests: SandboxSendCounts;
  /** The gateway's status store for the phase once drained: how far the status consumer got. */
  readonly gateway_status: Record<string, number>;
  /** Seconds after the sandbox had every email until no notification of the phase was pending; null if not in time. */
  readonly status_lag_s: number | null;
  /** Each stage's throughput over the load window, from the timeline: the slowest stage is the bottleneck. */
  readonly stage_rates_during_load: StageRates;
  /** Where each notification's time went, stage by stage. */
  readonly latency_breakdown: LatencyBreakdown;
  /** The outbox relay's batches from the start of the load until drained. */
  readonly relay_batches: RelayBatches;
  readonly timeline: PipelinePoint[];
}

export interface EndToEndOptions {
  readonly target: NotificationTarget;
  readonly gateway: GatewayStore;
  readonly sandbox: SandboxClient;
  readonly monitor: PipelineMonitor;
  readonly rate: number;
  readonly durationS: number;
  readonly drainTimeoutS: number;
  readonly statusWaitS: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

const phase = 'e2e';

function progressLine(point: PipelinePoint, previous: PipelinePoint | undefined): string {
  const rates = stageRates(previous, point);
  return (
    `  t=${point.t.toFixed(0).padStart(3)}s per s: accepted ${rates.accepted ?? '?'}, published ${rates.published ?? '?'}, ` +
    `sent ${rates.sent ?? '?'}, marked ${rates.marked_delivered ?? '?'} | waiting: outbox ${point.outbox ?? '?'}, ` +
    `email.queue ${point.email_queue ?? '?'}, status.queue ${point.status_queue ?? '?'}`
  );
}

interface Drained {
  accepted: Map<string, number>;
  emails: SandboxEmailEntry[];
  drainedAt: number | undefined;
}

/**
 * Waits until every notification of the phase is in the sandbox, or the deadline. The accepted set is read
 * again on each check: requests in flight when autocannon stopped may still commit after the load ended.
 */
async function waitForDrain(options: EndToEndOptions, prefix: string): Promise<Drained> {
  const deadline = Date.now() + options.drainTimeoutS * 1000;
  let accepted = await options.gateway.acceptedSince(prefix);
  for (;;) {
    const sent = (await options.sandbox.sendCounts().catch(() => ({}) as SandboxSendCounts))['200'] ?? 0;
    const out = Date.now() >= deadline || options.signal.aborted;
    if (sent >= accepted.size || out) {
      const before = accepted.size;
      accepted = await options.gateway.acceptedSince(prefix);
      const emails = await options.sandbox.emails();
      const seen = new Set(emails.map((email) => email.idempotency_key));
      const complete = accepted.size === before && [...accepted.keys()].every((id) => seen.has(id));
      if (complete) return { accepted, emails, drainedAt: Date.now() };
      if (out) return { accepted, emails, drainedAt: undefined };
    }
    await sleep(1_000);
  }
}

/** Offers `rate` notifications a second for `durationS`, waits (bounded) for the pipeline to drain, and checks every one arrived once. */
export async function runEndToEnd(options: EndToEndOptions): Promise<EndToEndResult> {
  const { target, gateway, sandbox, monitor, log } = options;
  await sandbox.reset();
  let lastLogged: PipelinePoint | undefined;
  monitor.start((point) => {
    if (!lastLogged || point.t - lastLogged.t >= 5) {
      log(progressLine(point, lastLogged));
      lastLogged = point;
    }
  });
  const loadStart = Date.now();
  const run = await runFixedRate(target, {
    phase,
    rate: options.rate,
    durationS: options.durationS,
    signal: options.signal,
  });
  const loadEnd = Date.now();
  log(
    `  load done: ${run.result.accepted} accepts answered; waiting up to ${options.drainTimeoutS} s for the pipeline to drain`,
  );
  const { accepted, emails, drainedAt } = await waitForDrain(options, `${target.runId}-${phase}-`);
  // A 202 the client read whose notification the gateway did not store would be an accept lost at once.
  const acknowledgedNotStored = run.acceptedIds.filter((id) => !accepted.has(id)).length;

  const answeredAt = new Map<string, number>();
  const copies = new Map<string, number>();
  let unexpected = 0;
  for (const email of emails) {
    const key = email.idempotency_key ?? '';
    if (!accepted.has(key)) {
      unexpected += 1;
      continue;
    }
    copies.set(key, (copies.get(key) ?? 0) + 1);
    if (!answeredAt.has(key)) answeredAt.set(key, Date.parse(email.answered_at));
  }
  const latencies: number[] = [];
  for (const [id, createdAt] of accepted) {
    const answered = answeredAt.get(id);
    if (answered !== undefined) latencies.push(answered - createdAt);
  }
  const windowEnd = loadStart + options.durationS * 1000;
  const answers = [...answeredAt.values()];
  const inWindow = answers.filter((at) => at >= loadStart && at <= windowEnd).length;
  const lastAnswer = answers.reduce((latest, at) => Math.max(latest, at), loadStart);
  const firstAccept = [...accepted.values()].reduce((earliest, at) => Math.min(earliest, at), loadEnd);
  const deliveredPerS = roundRate(inWindow / options.durationS);

  // The status consumer may trail the sandbox; a few seconds more show how far, without holding the run long.
  const statusFrom = Date.now();
  let gatewayStatus: Record<string, number> = {};
  for (;;) {
    gatewayStatus = await gateway.statusCounts(`${target.runId}-${phase}-`).catch(() => ({}));
    if (
      (gatewayStatus.pending ?? 0) === 0 ||
      Date.now() - statusFrom > options.statusWaitS * 1000 ||
      options.signal.aborted
    )
      break;
    await sleep(1_000);
  }
  const statusCaughtUp = (gatewayStatus.pending ?? 0) === 0;
  const requests = await sandbox.sendCounts().catch(() => ({}));
  const timeline = monitor.stop();
  const [timelines, batches] = await Promise.all([
    gateway.timelines(`${target.runId}-${phase}-`).catch(() => []),
    gateway.relayBatches(new Date(loadStart)).catch(() => []),
  ]);
  return {
    offered_per_s: options.rate,
    duration_s: options.durationS,
    load: run.result,
    accepted: accepted.size,
    delivered_per_s: deliveredPerS,
    delivered_per_s_overall: roundRate(answeredAt.size / Math.max(0.001, (lastAnswer - firstAccept) / 1000)),
    delivered: answeredAt.size,
    saturated: deliveredPerS < 0.95 * run.result.accepted_per_s,
    drained: drainedAt !== undefined,
    drain_s: drainedAt === undefined ? null : Math.round(Math.max(0, lastAnswer - loadEnd) / 100) / 10,
    lost: accepted.size - answeredAt.size + acknowledgedNotStored,
    acknowledged: run.acceptedIds.length,
    acknowledged_not_stored: acknowledgedNotStored,
    duplicated: [...copies.values()].filter((count) => count > 1).length,
    unexpected,
    latency: summarizeLatencies(latencies),
    sandbox_requests: requests,
    gateway_status: gatewayStatus,
    status_lag_s: statusCaughtUp ? Math.round((Date.now() - statusFrom) / 100) / 10 : null,
    stage_rates_during_load: stageRates(
      timeline.find((point) => point.at >= loadStart + 2_000),
      timeline.filter((point) => point.at <= loadEnd).at(-1),
    ),
    latency_breakdown: breakDownLatency(timelines, emails),
    relay_batches: summarizeRelayBatches(batches),
    timeline,
  };
}
