import type { BrokerProbe } from './broker-probe';
import type { GatewayMetricsClient } from './gateway-metrics';
import type { BenchNamespace } from './namespace';
import type { SandboxClient } from './sandbox-client';

/** Where the notifications are, once a second: each stage's backlog shows which stage is the bottleneck. */
export interface PipelinePoint {
  /** Seconds since the monitor started. */
  readonly t: number;
  /** Date.now() of the sample. */
  readonly at: number;
  /** Accepts so far (every phase). */
  readonly accepted: number | null;
  /** Outbox messages published by the relay so far. */
  readonly published: number | null;
  /** Written to the outbox but not yet published by the relay. */
  readonly outbox: number | null;
  readonly email_queue: number | null;
  readonly email_consumers: number | null;
  readonly status_queue: number | null;
  readonly failed_queue: number | null;
  /** Send requests the sandbox answered 200 (replays included). */
  readonly sandbox_sent: number | null;
  /** Notifications the gateway's status store shows as delivered. */
  readonly gateway_delivered: number | null;
}

const orNull = async <T>(work: Promise<T>): Promise<T | null> => work.catch(() => null);

export function createPipelineMonitor(deps: {
  ns: BenchNamespace;
  broker: BrokerProbe;
  gateway: GatewayMetricsClient;
  sandbox: SandboxClient;
  intervalMs?: number;
}) {
  const { ns, broker, gateway, sandbox } = deps;
  const points: PipelinePoint[] = [];
  let startedAt = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let busy = false;

  async function sample(): Promise<PipelinePoint> {
    const [pipeline, email, status, failed, counts] = await Promise.all([
      orNull(gateway.pipeline()),
      broker.depth(ns.queue('email.queue')),
      broker.depth(ns.queue('status.queue')),
      broker.depth(ns.queue('failed.queue')),
      orNull(sandbox.sendCounts()),
    ]);
    return {
      t: Math.round((Date.now() - startedAt) / 100) / 10,
      at: Date.now(),
      accepted: pipeline?.accepted ?? null,
      published: pipeline?.outbox_published ?? null,
      outbox: pipeline ? pipeline.outbox_written - pipeline.outbox_published : null,
      email_queue: email?.messages ?? null,
      email_consumers: email?.consumers ?? null,
      status_queue: status?.messages ?? null,
      failed_queue: failed?.messages ?? null,
      sandbox_sent: counts ? (counts['200'] ?? 0) : null,
      gateway_delivered: pipeline?.delivered ?? null,
    };
  }

  return {
    sample,
    /** Starts recording a point every `intervalMs` (1 s); `onPoint` sees each one (progress lines). */
    start(onPoint?: (point: PipelinePoint) => void): void {
      startedAt = Date.now();
      points.length = 0;
      timer = setInterval(() => {
        if (busy) return;
        busy = true;
        void sample()
          .then((point) => {
            points.push(point);
            onPoint?.(point);
          })
          .finally(() => (busy = false));
      }, deps.intervalMs ?? 1_000);
    },
    stop(): PipelinePoint[] {
      clearInterval(timer);
      return [...points];
    },
  };
}

export type PipelineMonitor = ReturnType<typeof createPipelineMonitor>;

/** Per-stage throughput between two points: accepted, published by the relay, sent to the sandbox, marked delivered. */
export interface StageRates {
  readonly accepted: number | null;
  readonly published: number | null;
  readonly sent: number | null;
  readonly marked_delivered: number | null;
}

export function stageRates(from: PipelinePoint | undefined, to: PipelinePoint | undefined): StageRates {
  const seconds = from && to ? (to.at - from.at) / 1000 : 0;
  const rate = (pick: (point: PipelinePoint) => number | null) => {
    if (!from || !to || seconds <= 0) return null;
    const a = pick(from);
    const b = pick(to);
    return a === null || b === null ? null : Math.round((b - a) / seconds);
  };
  return {
    accepted: rate((point) => point.accepted),
    published: rate((point) => point.published),
    sent: rate((point) => point.sandbox_sent),
    marked_delivered: rate((point) => point.gateway_delivered),
  };
}
