import type { Logger } from 'pino';

export interface Shutdown {
  /** Adds a step; steps run in reverse order of adding, like `defer`: what opened first closes last. */
  add(name: string, step: () => Promise<unknown> | unknown): void;
  /** Runs every step once, each even if an earlier one failed; later calls return the same promise. */
  run(reason: string): Promise<void>;
  /** Runs the steps on SIGTERM or SIGINT, then exits; a second signal or the deadline forces the exit. */
  listen(): void;
}

/** An idempotent, complete shutdown for one process. */
export function createShutdown(log: Logger, options: { deadlineMs?: number } = {}): Shutdown {
  const deadlineMs = options.deadlineMs ?? 9_000;
  const steps: { name: string; step: () => Promise<unknown> | unknown }[] = [];
  let running: Promise<void> | undefined;

  async function runSteps(reason: string): Promise<void> {
    log.info({ reason }, 'shutting down');
    for (const { name, step } of [...steps].reverse()) {
      try {
        await step();
      } catch (error) {
        log.error({ err: error, step: name }, 'shutdown step failed');
      }
    }
    log.info('shut down');
  }

  function run(reason: string): Promise<void> {
    running ??= runSteps(reason);
    return running;
  }

  return {
    add(name, step) {
      steps.push({ name, step });
    },
    run,
    listen() {
      const onSignal = (signal: NodeJS.Signals) => {
        if (running) {
          log.warn({ signal }, 'second signal: exiting now');
          process.exit(1);
        }
        const deadline = setTimeout(() => {
          log.error({ deadlineMs }, 'shutdown deadline passed: exiting');
          process.exit(1);
        }, deadlineMs);
        deadline.unref();
        void run(signal).then(() => process.exit(0));
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    },
  };
}
