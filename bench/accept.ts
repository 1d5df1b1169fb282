import { setTimeout as sleep } from 'node:timers/promises';
import type { PhaseSizes } from './bench.options';
import type { GatewayStore } from './gateway-store';
import { runFixedRate, runSaturation, type LoadResult, type NotificationTarget } from './load';

export interface AcceptResult {
  readonly warmup: LoadResult;
  readonly saturation: LoadResult;
  /** Outbox rows not yet published when the saturation phase ended: how far the relay fell behind. */
  readonly relay_backlog_after_saturation: number | null;
  readonly fixed_rate: LoadResult[];
  /** Seconds the relay needed after the last accept phase to publish everything. */
  readonly relay_drain_s: number | null;
}

/** Polls `check` every 250 ms until it is true, the time is up or the run is interrupted. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !signal.aborted) {
    if (await check().catch(() => false)) return true;
    await sleep(250);
  }
  return false;
}

/** Warm-up, saturation, then each fixed rate, against the gateway alone (no email worker runs yet). */
export async function acceptPhases(
  ctx: { sizes: PhaseSizes; signal: AbortSignal; log: (line: string) => void },
  target: NotificationTarget,
  gateway: GatewayStore,
  mark: (phase: string) => Promise<void>,
): Promise<AcceptResult> {
  const { sizes, signal, log } = ctx;
  await mark('accept-warmup');
  const warmup = await runSaturation(target, {
    phase: 'warmup',
    durationS: sizes.warmupS,
    connections: 16,
    signal,
  });
  await mark('accept-saturation');
  log(`accept at saturation: ${sizes.saturationConnections} connections, ${sizes.saturationS} s`);
  const saturation = await runSaturation(target, {
    phase: 'saturation',
    durationS: sizes.saturationS,
    connections: sizes.saturationConnections,
    signal,
  });
  const backlog = await gateway.outboxBacklog().catch(() => null);
  log(
    `  ${saturation.result.accepted_per_s} accepted/s, p99 ${saturation.result.latency.p99_ms} ms; outbox backlog ${backlog}`,
  );
  const fixed: LoadResult[] = [];
  for (const rate of sizes.fixedRates) {
    signal.throwIfAborted();
    await mark(`accept-${rate}`);
    log(`accept at ${rate}/s offered: ${sizes.fixedRateS} s`);
    const run = await runFixedRate(target, {
      phase: `rate${rate}`,
      rate,
      durationS: sizes.fixedRateS,
      signal,
    });
    log(
      `  ${run.result.accepted_per_s} accepted/s, p50 ${run.result.latency.p50_ms} ms, p99 ${run.result.latency.p99_ms} ms`,
    );
    fixed.push(run.result);
  }
  await mark('relay-drain');
  const started = Date.now();
  const drained = await waitUntil(async () => (await gateway.outboxBacklog()) === 0, 60_000, signal);
  return {
    warmup: warmup.result,
    saturation: saturation.result,
    relay_backlog_after_saturation: backlog,
    fixed_rate: fixed,
    relay_drain_s: drained ? Math.round((Date.now() - started) / 100) / 10 : null,
  };
}
