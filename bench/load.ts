import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { roundRate, summarizeLatencies, type LatencySummary } from './latency.stats';

/** Who the load sends notifications to, through which gateways (spread evenly, as a load balancer would). */
export interface NotificationTarget {
  readonly gatewayUrls: readonly string[];
  readonly apiKey: string;
  readonly userId: string;
  readonly templateCode: string;
  /** Prefix of every request_id of the run: `<run id>-<phase>-<n>`. */
  readonly runId: string;
}

export interface LoadResult {
  readonly phase: string;
  readonly connections: number;
  /** The offered rate; null at saturation. */
  readonly offered_per_s: number | null;
  readonly duration_s: number;
  readonly responses: number;
  readonly accepted: number;
  readonly accepted_per_s: number;
  /** Responses by HTTP status; anything but 202 is worth a look. */
  readonly statuses: Record<string, number>;
  readonly errors: number;
  readonly timeouts: number;
  /** Latency of the 202 answers, as autocannon timed them (no coordinated-omission correction). */
  readonly latency: LatencySummary;
  /**
   * Whether the answers per second reached 97% of the offer; null at saturation. A connection sends its next
   * request only after its last answer, so when answers slow down enough a fixed rate stops being an open loop
   * and the offer reported is not the one made.
   */
  readonly offer_held: boolean | null;
}

export interface LoadRun {
  readonly result: LoadResult;
  /** The notification ids the client saw accepted (202). */
  readonly acceptedIds: string[];
}

export interface LoadOptions {
  readonly phase: string;
  readonly durationS: number;
  readonly connections: number;
  readonly signal: AbortSignal;
}

/** A unique request_id on every request, as a real caller sends; the link differs too, as a real one would. */
function bodyFactory(target: NotificationTarget, phase: string): () => string {
  let n = 0;
  return () => {
    n += 1;
    const requestId = `${target.runId}-${phase}-${n}`;
    return JSON.stringify({
      notification_type: 'email',
      user_id: target.userId,
      template_code: target.templateCode,
      variables: { name: 'Bench Reader', link: `https://example.com/welcome/${requestId}` },
      request_id: requestId,
    });
  };
}

const idPattern = /"notification_id":"([0-9a-f-]{36})"/;

interface Collector {
  latencies: number[];
  acceptedIds: string[];
}

function runInstance(
  target: NotificationTarget,
  gatewayUrl: string,
  nextBody: () => string,
  collector: Collector,
  options: { connections: number; durationS: number; overallRate?: number; signal: AbortSignal },
): Promise<autocannon.Result> {
  // Without a callback autocannon returns its run tracker, which is also a thenable of the result.
  const instance = autocannon({
    url: `${gatewayUrl}/api/v1/notifications`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': target.apiKey },
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    // At a fixed rate, latencies are taken uncorrected from each response below: autocannon's correction would
    // add a sample per millisecond of every slow answer (its interval is ceil(1/rate) = 1 ms). The report shows
    // the achieved rate beside the offered one instead.
    ...(options.overallRate ? { overallRate: options.overallRate, ignoreCoordinatedOmission: true } : {}),
    requests: [
      {
        setupRequest: (request: autocannon.Request) => ({ ...request, body: nextBody() }),
        onResponse: (status: number, body: string) => {
          if (status !== 202) return;
          const id = idPattern.exec(body)?.[1];
          if (id) collector.acceptedIds.push(id);
        },
      },
    ],
    setupClient: (client: autocannon.Client) => {
      client.on('response', (status: number, _bytes: number, responseTime: number) => {
        if (status === 202) collector.latencies.push(responseTime);
      });
    },
  }) as Promise<autocannon.Result> & { stop(): void };
  const stop = () => instance.stop();
  options.signal.addEventListener('abort', stop, { once: true });
  return Promise.resolve(instance).finally(() => options.signal.removeEventListener('abort', stop));
}

function summarize(
  options: LoadOptions,
  offered: number | null,
  durationS: number,
  results: autocannon.Result[],
  collector: Collector,
): LoadRun {
  const statuses: Record<string, number> = {};
  let responses = 0;
  for (const result of results) {
    for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) {
      statuses[status] = (statuses[status] ?? 0) + Number(count);
      responses += Number(count);
    }
  }
  const accepted = statuses['202'] ?? 0;
  return {
    acceptedIds: collector.acceptedIds,
    result: {
      phase: options.phase,
      connections: options.connections,
      offered_per_s: offered,
      duration_s: durationS,
      responses,
      accepted,
      accepted_per_s: roundRate(accepted / durationS),
      statuses,
      errors: results.reduce((sum, result) => sum + result.errors, 0),
      timeouts: results.reduce((sum, result) => sum + result.timeouts, 0),
      latency: summarizeLatencies(collector.latencies),
      offer_held: offered === null ? null : responses / durationS >= 0.97 * offered,
    },
  };
}

/**
 * Closed loop: `connections` connections each send the next request as soon as the last is answered, shared
 * out over the gateways.
 */
export async function runSaturation(target: NotificationTarget, options: LoadOptions): Promise<LoadRun> {
  const collector: Collector = { latencies: [], acceptedIds: [] };
  const nextBody = bodyFactory(target, options.phase);
  const gateways = target.gatewayUrls;
  const results = await Promise.all(
    gateways.map((url, i) =>
      runInstance(target, url, nextBody, collector, {
        ...options,
        connections:
          Math.floor(options.connections / gateways.length) +
          (i < options.connections % gateways.length ? 1 : 0),
      }),
    ),
  );
  const durationS = Math.max(...results.map((result) => result.duration));
  return summarize(options, null, durationS, results, collector);
}

/** The most requests one connection is given a second at a fixed rate. */
const perConnectionPerS = 10;
/** Connections per autocannon instance at a fixed rate. */
const connectionsPerSlice = 4;

/**
 * Open loop at `rate` requests per second, as long as answers come back: autocannon gives each connection its
 * quota at the top of every second and the connection sends it one request after another, so a connection
 * keeps its share only while its answers average under 1 s / quota. With 10 a second per connection, the offer
 * holds until answers average 100 ms (60 connections at 1,600/s gave way at 37 ms, and a run reported an
 * offer it did not make). Those quotas would arrive as one burst a second, so the rate is split over
 * instances of 4 connections started evenly over the second (40 at 1,600/s: 40 requests every 25 ms), which
 * spreads the arrivals as a steady caller's would be.
 */
export async function runFixedRate(
  target: NotificationTarget,
  options: Omit<LoadOptions, 'connections'> & { rate: number },
): Promise<LoadRun> {
  const slices = Math.max(1, Math.ceil(options.rate / (perConnectionPerS * connectionsPerSlice)));
  const collector: Collector = { latencies: [], acceptedIds: [] };
  const nextBody = bodyFactory(target, options.phase);
  const runs: Promise<autocannon.Result>[] = [];
  let connections = 0;
  for (let i = 0; i < slices; i++) {
    if (options.signal.aborted) break;
    const share = Math.floor(options.rate / slices) + (i < options.rate % slices ? 1 : 0);
    const perSlice = Math.max(1, Math.min(connectionsPerSlice, share));
    connections += perSlice;
    const gatewayUrl = target.gatewayUrls[i % target.gatewayUrls.length] ?? '';
    runs.push(
      runInstance(target, gatewayUrl, nextBody, collector, {
        ...options,
        connections: perSlice,
        overallRate: share,
      }),
    );
    await sleep(1000 / slices);
  }
  const results = await Promise.all(runs);
  const durationS = Math.max(...results.map((result) => result.duration));
  return summarize({ ...options, connections }, options.rate, durationS, results, collector);
}
