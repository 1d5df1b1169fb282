import { parseArgs } from 'node:util';

/** How big each phase is; `--quick` scales everything down to finish in under two minutes. */
export interface PhaseSizes {
  readonly warmupS: number;
  readonly saturationS: number;
  readonly saturationConnections: number;
  readonly fixedRates: readonly number[];
  readonly fixedRateS: number;
  readonly e2eS: number;
  readonly e2eRate: number;
  readonly drainTimeoutS: number;
  /** How long, after the sandbox has every email, to wait for the gateway's status store to show them. */
  readonly statusWaitS: number;
  readonly baselineAmqpMessages: number;
  readonly baselinePgS: number;
  readonly baselinePgConnections: readonly number[];
}

export interface BenchOptions {
  readonly quick: boolean;
  /** One run (fresh namespace, fresh processes) per entry: `--workers 1,2,3`. */
  readonly workerCounts: readonly number[];
  /** Gateway copies in every run (`--gateways 2`): the load is spread over them, as a load balancer would. */
  readonly gateways: number;
  readonly sizes: PhaseSizes;
  readonly logLevel: string;
  /** Apps to run with `--cpu-prof`. */
  readonly profile: ReadonlySet<string>;
  readonly skipBaseline: boolean;
  readonly skipAccept: boolean;
  readonly skipE2e: boolean;
}

const full: PhaseSizes = {
  warmupS: 5,
  saturationS: 30,
  saturationConnections: 64,
  fixedRates: [500, 1000],
  fixedRateS: 20,
  e2eS: 60,
  // Above the 1,500/s to be shown: the window counts only what is delivered inside it, so an offer of exactly the
  // target reads a little under it (the last ~100 ms of accepts are still on their way when it closes).
  e2eRate: 1600,
  drainTimeoutS: 180,
  statusWaitS: 15,
  baselineAmqpMessages: 50_000,
  baselinePgS: 6,
  baselinePgConnections: [1, 8, 32],
};

const quick: PhaseSizes = {
  ...full,
  warmupS: 2,
  saturationS: 8,
  fixedRateS: 6,
  e2eS: 15,
  e2eRate: 1000,
  drainTimeoutS: 35,
  statusWaitS: 5,
  baselineAmqpMessages: 8_000,
  baselinePgS: 2,
};

const usage = `npm run bench -- [--quick] [--workers 1|1,2,3] [--gateways N] [--e2e-rate N] [--e2e-seconds N] [--drain-timeout N]
                   [--log-level info] [--profile api-gateway,email-worker|all] [--skip-baseline] [--skip-accept] [--skip-e2e]`;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new Error(`--${name} must be a positive integer, not ${value}\n${usage}`);
  return parsed;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      workers: { type: 'string', default: '1' },
      gateways: { type: 'string' },
      'e2e-rate': { type: 'string' },
      'e2e-seconds': { type: 'string' },
      'drain-timeout': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      profile: { type: 'string', default: '' },
      'skip-baseline': { type: 'boolean', default: false },
      'skip-accept': { type: 'boolean', default: false },
      'skip-e2e': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const base = values.quick ? quick : full;
  const workerCounts = values.workers.split(',').map((count) => positiveInt('workers', count.trim(), 1));
  return {
    quick: values.quick,
    workerCounts,
    gateways: positiveInt('gateways', values.gateways, 1),
    sizes: {
      ...base,
      e2eRate: positiveInt('e2e-rate', values['e2e-rate'], base.e2eRate),
      e2eS: positiveInt('e2e-seconds', values['e2e-seconds'], base.e2eS),
      drainTimeoutS: positiveInt('drain-timeout', values['drain-timeout'], base.drainTimeoutS),
    },
    logLevel: values['log-level'],
    profile: new Set(
      values.profile
        .split(',')
        .map((app) => app.trim())
        .filter(Boolean),
    ),
    skipBaseline: values['skip-baseline'],
    skipAccept: values['skip-accept'],
    skipE2e: values['skip-e2e'],
  };
}
