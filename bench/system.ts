import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM scripts without declarations; the same code `npm start` runs.
import { buildLocalEnvironment } from '../scripts/start.mjs';
// @ts-expect-error see above
import { checkInfrastructure, describeUnreachable } from '../scripts/infrastructure.mjs';
// @ts-expect-error see above
import { buildApps } from '../scripts/build.mjs';
import type { BenchNamespace } from './namespace';
import { freePort, startServiceProcess, type ServiceProcess } from './service-process';

export const workspaceRoot = fileURLToPath(new URL('..', import.meta.url));

/** The sandbox's Resend key for this run; nothing can reach the real Resend with it. */
const sandboxResendKey = 're_bench_sandbox_key';

export interface SystemOptions {
  readonly ns: BenchNamespace;
  readonly logDir: string;
  readonly logLevel: string;
  /** Apps to run with `--cpu-prof` (`all` for every one). */
  readonly profile: ReadonlySet<string>;
  readonly profileDir: string;
  /** Stops waiting for processes to become healthy (Ctrl-C). */
  readonly signal: AbortSignal;
  /** Called for every process started, so the sampler can follow it. */
  readonly onStarted: (service: ServiceProcess) => void;
  /** Gateway copies, each on its own port, sharing the database, Redis and the broker as copies do. */
  readonly gateways: number;
}

export interface HeraldSystem {
  /** The first gateway: where the run's user and template are made. */
  readonly gatewayUrl: string;
  /** Every gateway copy; the load is spread over them. */
  readonly gatewayUrls: readonly string[];
  readonly sandboxUrl: string;
  readonly adminApiKey: string;
  readonly env: Readonly<Record<string, string>>;
  processes(): readonly ServiceProcess[];
  startEmailWorkers(count: number): Promise<ServiceProcess[]>;
  /** Stops every process: workers first (they drain), then the gateway, then what it calls. Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL to every process: the second Ctrl-C. */
  killNow(): void;
}

/** Whether the email worker has landed in this checkout. */
export function emailWorkerExists(): boolean {
  return existsSync(path.join(workspaceRoot, 'apps', 'email-worker', 'src', 'main.ts'));
}

/** Bundles every app into apps/<app>/dist/main.mjs, as `npm start` does; once per benchmark run. */
export async function buildServices(): Promise<string> {
  const built = (await buildApps()) as { apps: { app: string }[]; ms: number };
  return `built ${built.apps.map(({ app }) => app).join(', ')} into apps/<app>/dist/main.mjs in ${built.ms} ms`;
}

/** The laptop environment `npm start` serves with, after checking PostgreSQL, Redis and RabbitMQ answer. */
export async function localEnvironment(): Promise<Record<string, string>> {
  const unreachable = (await checkInfrastructure(process.env)) as unknown[];
  if (unreachable.length > 0) {
    throw new Error(unreachable.map((service) => describeUnreachable(service) as string).join('\n'));
  }
  const { env } = buildLocalEnvironment({ root: workspaceRoot, env: process.env }) as {
    env: Record<string, string>;
  };
  return {
    ...env,
    DATABASE_URL: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    REDIS_URL: env.REDIS_URL || 'redis://127.0.0.1:6379',
    AMQP_URL: env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
  };
}

/** Starts the provider sandbox, user service, template service and gateway of one run, in its own namespace. */
export async function startSystem(
  base: Record<string, string>,
  options: SystemOptions,
): Promise<HeraldSystem> {
  const { ns } = options;
  mkdirSync(options.logDir, { recursive: true });
  if (options.profile.size > 0) mkdirSync(options.profileDir, { recursive: true });
  const started: ServiceProcess[] = [];
  const ports = {
    sandbox: await freePort(),
    sandboxApns: await freePort(),
    users: await freePort(),
    templates: await freePort(),
    gateways: await Promise.all(Array.from({ length: options.gateways }, () => freePort())),
  };
  const urlOf = (port: number) => `http://127.0.0.1:${port}`;
  const shared: Record<string, string> = {
    ...base,
    LOG_LEVEL: options.logLevel,
    AMQP_NAMESPACE: ns.amqpNamespace,
    USER_SERVICE_URL: urlOf(ports.users),
    TEMPLATE_SERVICE_URL: urlOf(ports.templates),
    RESEND_BASE_URL: urlOf(ports.sandbox),
    RESEND_API_KEY: sandboxResendKey,
  };
  const envOf = (app: string, extra: Record<string, string>) => ({
    ...shared,
    DATABASE_NAME: ns.database(app),
    REDIS_KEY_PREFIX: ns.redisKeyPrefix(app),
    ...extra,
  });

  async function start(
    name: string,
    app: string,
    port: number,
    extra: Record<string, string>,
  ): Promise<ServiceProcess> {
    const profiled = options.profile.has('all') || options.profile.has(app);
    const service = await startServiceProcess(
      workspaceRoot,
      { name, app, port, env: envOf(app, extra), profileDir: profiled ? options.profileDir : undefined },
      options.logDir,
      options.signal,
    );
    started.push(service);
    options.onStarted(service);
    return service;
  }

  let stopping: Promise<void> | undefined;
  const stopAll = async () => {
    const byApp = (apps: string[]) => started.filter((service) => apps.includes(service.app));
    for (const group of [
      ['email-worker'],
      ['api-gateway'],
      ['user-service', 'template-service'],
      ['provider-sandbox'],
    ]) {
      await Promise.all(byApp(group).map((service) => service.stop()));
    }
    await Promise.all(started.map((service) => service.stop()));
  };

  try {
    const results = await Promise.allSettled([
      start('provider-sandbox', 'provider-sandbox', ports.sandbox, {
        SANDBOX_PORT: String(ports.sandbox),
        // The sandbox's APNs stand-in listens too; never on a port another engineer's `npm start` holds.
        SANDBOX_APNS_PORT: String(ports.sandboxApns),
        // Every email of the run must stay visible for the lost/duplicated check.
        SANDBOX_MAX_EMAILS: '1000000',
      }),
      start('user-service', 'user-service', ports.users, { USER_SERVICE_PORT: String(ports.users) }),
      start('template-service', 'template-service', ports.templates, {
        TEMPLATE_SERVICE_PORT: String(ports.templates),
      }),
      ...ports.gateways.map((port, i) =>
        start(ports.gateways.length > 1 ? `api-gateway#${i + 1}` : 'api-gateway', 'api-gateway', port, {
          GATEWAY_PORT: String(port),
          // The limiter is not what is measured.
          RATE_LIMIT_PER_SECOND: '1000000',
        }),
      ),
    ]);
    const failed = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed.length > 0)
      throw new Error(failed.map((result) => (result.reason as Error).message).join('\n'));
  } catch (error) {
    await stopAll();
    throw error;
  }

  return {
    gatewayUrl: urlOf(ports.gateways[0] ?? 0),
    gatewayUrls: ports.gateways.map(urlOf),
    sandboxUrl: urlOf(ports.sandbox),
    adminApiKey: shared.HERALD_ADMIN_API_KEY ?? '',
    env: shared,
    processes: () => started,
    async startEmailWorkers(count) {
      const copies = started.filter((service) => service.app === 'email-worker').length;
      const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
      // Started together; one that fails is reported, and system.stop() still stops the others.
      const results = await Promise.allSettled(
        ports.map((port, i) =>
          start(`email-worker#${copies + i + 1}`, 'email-worker', port, { EMAIL_WORKER_PORT: String(port) }),
        ),
      );
      const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason as Error;
      return results.map((result) => (result as PromiseFulfilledResult<ServiceProcess>).value);
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
    killNow() {
      for (const service of started) service.kill();
    },
  };
}
