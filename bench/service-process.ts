import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
// @ts-expect-error the scripts are plain JavaScript without declarations (as in system.ts)
import { builtAppArguments as appArguments } from '../scripts/build.mjs';

/** How `npm start` and the image run a built app (scripts/build.mjs). */
const builtAppArguments = appArguments as (app: string) => string[];

/** One Herald app running as its own process, as `node --enable-source-maps dist/main.mjs` in its folder. */
export interface ServiceProcess {
  /** `api-gateway`, or `email-worker#2` for the second copy. */
  readonly name: string;
  readonly app: string;
  readonly pid: number;
  readonly url: string;
  readonly logFile: string;
  isRunning(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL now. */
  kill(): void;
}

export interface ServiceSpec {
  readonly name: string;
  readonly app: string;
  readonly port: number;
  readonly env: Record<string, string>;
  /** Where `--cpu-prof` writes, in a folder per process; no profiling when undefined. */
  readonly profileDir?: string | undefined;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function tailOf(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts an app and waits until its /health answers; its stdout and stderr go to `<logDir>/<name>.log`. */
export async function startServiceProcess(
  root: string,
  spec: ServiceSpec,
  logDir: string,
  signal: AbortSignal,
  readyTimeoutMs = 90_000,
): Promise<ServiceProcess> {
  const logFile = path.join(logDir, `${spec.name.replace('#', '-')}.log`);
  const fd = openSync(logFile, 'a');
  // As `npm start` and the image run the bundle. A profiled process runs without source maps (they cost CPU
  // and a profile needs only the bundle's function names; the summary maps positions through main.mjs.map).
  const production = builtAppArguments(spec.app);
  const nodeArguments = spec.profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${path.join(spec.profileDir, spec.name.replace('#', '-'))}`,
        ...production.filter((argument) => argument !== '--enable-source-maps'),
      ]
    : production;
  const child = spawn(process.execPath, nodeArguments, {
    cwd: path.join(root, 'apps', spec.app),
    env: spec.env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const url = `http://127.0.0.1:${spec.port}`;
  let stopping: Promise<void> | undefined;

  const service: ServiceProcess = {
    name: spec.name,
    app: spec.app,
    pid: child.pid ?? -1,
    url,
    logFile,
    isRunning,
    kill() {
      if (isRunning()) child.kill('SIGKILL');
    },
    stop(graceMs = 12_000) {
      stopping ??= (async () => {
        if (!isRunning()) return;
        child.kill('SIGTERM');
        const gone = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
        if (!gone) {
          child.kill('SIGKILL');
          await exited;
        }
      })();
      return stopping;
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (!isRunning())
      throw new Error(`${spec.name} exited while starting; its log ends:\n${tailOf(logFile)}`);
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) })).ok) return service;
    } catch {
      // not listening yet
    }
    if (signal.aborted) {
      await service.stop(2_000);
      throw new Error(`${spec.name}: start-up interrupted`);
    }
    if (Date.now() > deadline) {
      await service.stop(2_000);
      throw new Error(
        `${spec.name} did not answer /health within ${readyTimeoutMs} ms; its log ends:\n${tailOf(logFile)}`,
      );
    }
    await sleep(150);
  }
}
