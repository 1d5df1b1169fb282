// `npm run bench`: starts Herald in a fresh namespace, measures accept and end-to-end delivery against the
// provider sandbox, compares with raw RabbitMQ and PostgreSQL on the same machine, prints a table and writes
// bench/results/latest.json. It prints figures and asserts nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measureBaseline, type BaselineResult } from './baseline';
import { measureCpuReference } from './cpu-reference';
import { parseBenchOptions } from './bench.options';
import { runOnce, type RunResult } from './bench-run';
import { summarizeProfiles } from './cpu-profile.summary';
import { createBenchNamespace } from './namespace';
import { buildResults, currentLoad } from './report.results';
import { printReport } from './report.table';
import type { ServiceProcess } from './service-process';
import { buildServices, emailWorkerExists, localEnvironment, workspaceRoot } from './system';

const startedAt = Date.now();
const log = (line: string) =>
  console.log(`[bench +${((Date.now() - startedAt) / 1000).toFixed(1)}s] ${line}`);

const options = parseBenchOptions(process.argv.slice(2));
const controller = new AbortController();
const live = new Set<ServiceProcess>();
let signals = 0;
const onSignal = (signal: NodeJS.Signals) => {
  signals += 1;
  if (signals === 1) {
    log(`${signal}: stopping everything this benchmark started (again to kill the services at once)`);
    controller.abort();
  } else if (signals === 2) {
    log('killing the services now');
    for (const service of live) service.kill();
  } else {
    process.exit(130);
  }
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
// A stray rejection must not end the process halfway through stopping the services.
process.on('unhandledRejection', (reason) =>
  log(`unexpected: ${reason instanceof Error ? reason.stack : String(reason)}`),
);
// Last resort: however this process ends (short of SIGKILL), no service outlives it.
process.on('exit', () => {
  const orphans = [...live].filter((service) => service.isRunning());
  for (const service of orphans) service.kill();
  if (orphans.length > 0)
    console.error(
      'services were killed on exit; drop their data with: npx tsx bench/drop-namespace.ts <run id>',
    );
});

async function baselineOf(env: Record<string, string>): Promise<BaselineResult | null> {
  if (options.skipBaseline) return null;
  const ns = createBenchNamespace({
    databaseUrl: env.DATABASE_URL ?? '',
    redisUrl: env.REDIS_URL ?? '',
    amqpUrl: env.AMQP_URL ?? '',
  });
  log('baseline: raw amqplib publish-confirm + consume-ack, raw single-row PostgreSQL INSERTs');
  try {
    const result = await measureBaseline({
      amqpUrl: env.AMQP_URL ?? '',
      databaseUrl: env.DATABASE_URL ?? '',
      queue: ns.scratchQueue('baseline'),
      database: ns.database('baseline'),
      amqpMessages: options.sizes.baselineAmqpMessages,
      pgSeconds: options.sizes.baselinePgS,
      pgConnections: options.sizes.baselinePgConnections,
    });
    const pg = Object.entries(result.pg_rows_per_s_by_connections).map(
      ([connections, rate]) => `${rate} (${connections} conn)`,
    );
    log(`  amqp ${result.amqp_messages_per_s} msg/s; pg rows/s ${pg.join(', ')}`);
    return result;
  } finally {
    const failures = await ns.drop();
    if (failures.length > 0) log(`baseline cleanup failed: ${failures.join('; ')}`);
  }
}

async function main(): Promise<number> {
  const loadAtStart = currentLoad();
  const cpuReferenceAtStart = measureCpuReference();
  log(`CPU reference (fixed JSON + SHA-256 work, lower is faster): ${cpuReferenceAtStart} ms`);
  const env = await localEnvironment();
  log(await buildServices());
  const workerLanded = emailWorkerExists();
  if (!workerLanded && !options.skipE2e)
    log('apps/email-worker/src/main.ts is missing: skipping the end-to-end phase');
  const baseline = await baselineOf(env);
  const runs: RunResult[] = [];
  for (const [index, workers] of options.workerCounts.entries()) {
    if (controller.signal.aborted) break;
    runs.push(
      await runOnce({
        options,
        env,
        workers,
        // The accept phases run without a worker, so once is enough.
        includeAccept: index === 0 && !options.skipAccept,
        includeE2e: workerLanded && !options.skipE2e,
        signal: controller.signal,
        log,
        onProcess: (service) => live.add(service),
      }),
    );
  }
  const cpuReference = { start_ms: cpuReferenceAtStart, end_ms: measureCpuReference() };
  const results = buildResults(options, baseline, runs, loadAtStart, cpuReference);
  printReport(results, (text) => console.log(text));
  if (controller.signal.aborted) {
    log('interrupted: bench/results/latest.json is left as it was');
    return 130;
  }
  const folder = path.join(workspaceRoot, 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const json = `${JSON.stringify(results, null, 2)}\n`;
  writeFileSync(path.join(folder, 'latest.json'), json);
  writeFileSync(path.join(folder, `${results.generated_at.replace(/[:.]/g, '-')}.json`), json);
  log(`results written to bench/results/latest.json`);
  for (const run of runs) {
    if (!run.profile_dir) continue;
    const measured = run.cpu.filter((share) => share.phase.startsWith('accept-') || share.phase === 'e2e');
    const window =
      measured.length > 0
        ? {
            startUs: Math.min(...measured.map((share) => share.start_us)),
            endUs: Math.max(...measured.map((share) => share.end_us)),
          }
        : undefined;
    console.log(
      `\nCPU profiles of the load phases (${run.profile_dir}):\n${summarizeProfiles(path.join(workspaceRoot, run.profile_dir), window)}`,
    );
  }
  return runs.some((run) => run.error) ? 1 : 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    for (const service of live) service.kill();
    process.exit(1);
  });
