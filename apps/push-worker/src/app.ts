import type { Express } from 'express';
import { createHttpApp, type Logger, type Metrics, type ReadinessCheck } from '@herald/runtime';

export interface PushWorkerAppDeps {
  log: Logger;
  metrics: Metrics;
  readiness: ReadinessCheck[];
}

/** The worker's HTTP surface: /health, /ready and /metrics only; its work arrives on the queue. */
export function createApp(deps: PushWorkerAppDeps): Express {
  return createHttpApp({ service: 'push-worker', ...deps, routes: () => undefined });
}
