import path from 'node:path';
import { acceptPhases, waitUntil, type AcceptResult } from './accept';
import type { BenchOptions } from './bench.options';
import { createBrokerProbe, type BrokerProbe } from './broker-probe';
import { runEndToEnd, type EndToEndResult } from './e2e';
import { createGatewayStore, type GatewayStore } from './gateway-store';
import { createRecipient } from './gateway-setup';
import { runFixedRate, runSaturation, type NotificationTarget } from './load';
import { startLatencyCanary, type InfrastructureLatency, type LatencyCanary } from './latency-canary';
import { createBenchNamespace } from './namespace';
import { memoryBreakdown, type MemoryBreakdown } from './memory-breakdown';
import { createGatewayMetricsClient } from './gateway-metrics';
import { createPipelineMonitor } from './pipeline-monitor';
import {
  createPostgresObserver,
  type DatabaseWork,
  type PostgresObserver,
  type TableWork,
} from './postgres-observer';
import { createProcessSampler, type CpuShare, type MemoryPeak } from './process-sampler';
import { measureCpuReference } from './cpu-reference';
import { createSandboxClient } from './sandbox-client';
import type { ServiceProcess } from './service-process';
import { startSystem, workspaceRoot, type HeraldSystem } from './system';

export interface RunResult {
  readonly workers: number;
  readonly gateways: number;
  readonly namespace: string;
  readonly accept?: AcceptResult;
  readonly e2e?: EndToEndResult;
  /**
   * measureCpuReference() just before the end-to-end load and once it drained: the cores' speed can change
   * within a run, and the delivery rate moves with it.
   */
  readonly e2e_cpu_reference_ms?: { readonly before_ms: number; readonly after_ms: number };
  readonly memory: MemoryPeak[];
  /** Each service's heap and the rest, read from its /metrics at the end of the run. */
  readonly memory_at_end: MemoryBreakdown[];
  readonly cpu: readonly CpuShare[];
  readonly postgres: readonly DatabaseWork[];
  /** A confirmed publish and a committed insert, sampled during each phase beside the system. */
  readonly infrastructure_latency: readonly InfrastructureLatency[];
  readonly tables: Record<string, TableWork[]>;
  readonly log_dir: string;
  readonly profile_dir?: string;
  readonly cleanup_failures: string[];
  readonly error?: string;
}

export interface RunContext {
  readonly options: BenchOptions;
  readonly env: Record<string, string>;
  readonly workers: number;
  readonly includeAccept: boolean;
  readonly includeE2e: boolean;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  /** Lets the signal handler reach every process of this run, from the moment it starts. */
  readonly onProcess: (service: ServiceProcess) => void;
}

/** One run: a fresh namespace and fresh processes, the accept phases (no worker running), then end to end with `workers` copies. */
export async function runOnce(ctx: RunContext): Promise<RunResult> {
  const { options, env, signal, log } = ctx;
  const ns = createBenchNamespace({
    databaseUrl: env.DATABASE_URL ?? '',
    redisUrl: env.REDIS_URL ?? '',
    amqpUrl: env.AMQP_URL ?? '',
  });
  const logDir = path.join(workspaceRoot, 'bench', 'results', 'logs', ns.id);
  const profileDir = path.join(workspaceRoot, 'bench', 'results', 'profiles', ns.id);
  const sampler = createProcessSampler();
  let system: HeraldSystem | undefined;
  let broker: BrokerProbe | undefined;
  let gateway: GatewayStore | undefined;
  let postgres: PostgresObserver | undefined;
  let canary: LatencyCanary | undefined;
  let accept: AcceptResult | undefined;
  let e2e: EndToEndResult | undefined;
  let memory: MemoryPeak[] = [];
  let memoryAtEnd: MemoryBreakdown[] = [];
  const tables: Record<string, TableWork[]> = {};
  let error: string | undefined;
  let e2eReferenceBefore: number | undefined;
  let e2eCpuReference: { before_ms: number; after_ms: number } | undefined;
  const mark = async (phase: string) => {
    sampler.phase(phase);
    canary?.phase(phase);
    await postgres?.phase(phase);
  };

  try {
    log(`run ${ns.id}: starting the system (logs in ${path.relative(workspaceRoot, logDir)})`);
    await mark('start-up');
    system = await startSystem(env, {
      ns,
      logDir,
      logLevel: options.logLevel,
      profile: options.profile,
      profileDir,
      gateways: options.gateways,
      signal,
      onStarted: (service) => {
        sampler.track(service.name, service.app, service.pid);
        ctx.onProcess(service);
      },
    });
    signal.throwIfAborted();
    broker = await createBrokerProbe(env.AMQP_URL ?? '');
    gateway = createGatewayStore(env.DATABASE_URL ?? '', ns.database('api-gateway'));
    postgres = await createPostgresObserver(env.DATABASE_URL ?? '', ns.id);
    canary = await startLatencyCanary({
      amqpUrl: env.AMQP_URL ?? '',
      databaseUrl: env.DATABASE_URL ?? '',
      database: ns.database('canary'),
      queue: ns.scratchQueue('canary'),
    });
    const sandbox = createSandboxClient(system.sandboxUrl);
    const recipient = await createRecipient(system.gatewayUrl, system.adminApiKey, ns.id);
    const target: NotificationTarget = {
      gatewayUrls: system.gatewayUrls,
      apiKey: system.adminApiKey,
      runId: ns.id,
      ...recipient,
    };

    if (ctx.includeAccept) {
      accept = await acceptPhases({ sizes: options.sizes, signal, log }, target, gateway, mark);
    } else {
      // The gateway's JIT warms up either way, so every run's end-to-end phase starts alike.
      await mark('accept-warmup');
      await runSaturation(target, {
        phase: 'warmup',
        durationS: options.sizes.warmupS,
        connections: 16,
        signal,
      });
    }
    signal.throwIfAborted();

    if (ctx.includeE2e) {
      const store = gateway;
      const probe = broker;
      // What the accept phases queued is not part of the end-to-end figures: it goes before a worker starts.
      await waitUntil(async () => (await store.outboxBacklog()) === 0, 60_000, signal);
      await probe.purge(ns.queue('email.queue'));
      await probe.purge(ns.queue('email.critical.queue'));
      const vacuumStarted = Date.now();
      const { deadRowsBefore } = await store.vacuum();
      log(
        `vacuumed the gateway database in ${Date.now() - vacuumStarted} ms: ${deadRowsBefore} dead rows before`,
      );
      await mark('workers-start');
      log(`starting ${ctx.workers} email worker${ctx.workers > 1 ? 's' : ''}`);
      await system.startEmailWorkers(ctx.workers);
      const consuming = await waitUntil(
        async () => ((await probe.depth(ns.queue('email.queue')))?.consumers ?? 0) >= ctx.workers,
        30_000,
        signal,
      );
      if (!consuming)
        throw new Error(`the email workers did not start consuming ${ns.queue('email.queue')} within 30 s`);
      // Fresh workers, and the sandbox, run at half speed until their JIT has compiled the hot path; measured
      // from cold, the first seconds of the phase would be that. At 200/s they were still compiling when the
      // phase began (the sandbox at twice its later CPU per email, a backlog the first 15 s), so half the
      // phase's rate, which they carry, drained before the phase starts.
      await mark('worker-warmup');
      const warmup = { phase: 'worker-warmup', rate: Math.round(options.sizes.e2eRate / 2) };
      log(`warming the workers up: ${warmup.rate}/s for ${options.sizes.warmupS * 2} s, not measured`);
      await runFixedRate(target, {
        ...warmup,
        durationS: options.sizes.warmupS * 2,
        signal,
      });
      const warmedUp = await waitUntil(
        async () => ((await store.statusCounts(`${target.runId}-${warmup.phase}-`)).pending ?? 0) === 0,
        60_000,
        signal,
      );
      if (!warmedUp) log('  the warm-up did not drain within 60 s; measuring anyway');
      // Before the phase starts and after it ends, so its own CPU is in neither.
      e2eReferenceBefore = measureCpuReference();
      await mark('e2e');
      log(
        `end to end: ${options.sizes.e2eRate}/s offered for ${options.sizes.e2eS} s with ${ctx.workers} worker(s)`,
      );
      e2e = await runEndToEnd({
        target,
        gateway,
        sandbox,
        monitor: createPipelineMonitor({
          ns,
          broker,
          gateway: createGatewayMetricsClient(system.gatewayUrls),
          sandbox,
        }),
        rate: options.sizes.e2eRate,
        durationS: options.sizes.e2eS,
        drainTimeoutS: options.sizes.drainTimeoutS,
        statusWaitS: options.sizes.statusWaitS,
        signal,
        log,
      });
    }
  } catch (caught) {
    error = signal.aborted ? 'interrupted' : (caught as Error).message;
    log(`run ${ns.id} failed: ${error}`);
  } finally {
    sampler.endPhase();
    await canary?.stop().catch(() => undefined);
    await postgres?.endPhase().catch(() => undefined);
    if (e2e && e2eReferenceBefore !== undefined) {
      e2eCpuReference = { before_ms: e2eReferenceBefore, after_ms: measureCpuReference() };
      log(
        `  CPU reference ${e2eReferenceBefore} ms before the end-to-end load, ${e2eCpuReference.after_ms} ms after it`,
      );
    }
    memory = sampler.memory();
    memoryAtEnd = await memoryBreakdown(system?.processes() ?? []);
    log(`run ${ns.id}: stopping everything it started`);
    await system?.stop();
    sampler.stop();
    // After the processes exit, so every backend has flushed its table statistics.
    for (const app of ['api-gateway', ...(e2e ? ['email-worker'] : [])]) {
      tables[app] = (await postgres?.tables(ns.database(app)).catch(() => [])) ?? [];
    }
    await postgres?.close();
    await gateway?.close();
    await broker?.close();
  }
  const cleanupFailures = await ns.drop();
  return {
    workers: ctx.workers,
    gateways: options.gateways,
    namespace: ns.id,
    ...(accept ? { accept } : {}),
    ...(e2e ? { e2e } : {}),
    ...(e2eCpuReference ? { e2e_cpu_reference_ms: e2eCpuReference } : {}),
    memory,
    memory_at_end: memoryAtEnd,
    cpu: sampler.cpu(),
    postgres: postgres?.work() ?? [],
    infrastructure_latency: canary?.results() ?? [],
    tables,
    log_dir: path.relative(workspaceRoot, logDir),
    ...(options.profile.size > 0 ? { profile_dir: path.relative(workspaceRoot, profileDir) } : {}),
    cleanup_failures: cleanupFailures,
    ...(error ? { error } : {}),
  };
}
