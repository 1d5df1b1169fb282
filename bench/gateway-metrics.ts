import { samplesOf } from './prometheus-text';

/** How far notifications have got through the gateways, from their pipeline counters, summed over every copy. */
export interface GatewayPipelineCounts {
  readonly accepted: number;
  /** Outbox messages written (accepts and retries) and published by the relays: the difference waits. */
  readonly outbox_written: number;
  readonly outbox_published: number;
  /** `delivered` steps recorded in the status store. */
  readonly delivered: number;
}

/**
 * Reads the gateways' `/metrics` instead of counting rows: a count(*) a second over a table the run grows and no
 * vacuum cleans was PostgreSQL's busiest statement after the system's own, and the benchmark's load is the machine's
 * load too.
 */
export function createGatewayMetricsClient(gatewayUrls: readonly string[]) {
  const sum = (text: string, name: string, match: Record<string, string> = {}) =>
    samplesOf(text, name)
      .filter((sample) => Object.entries(match).every(([label, value]) => sample.labels[label] === value))
      .reduce((total, sample) => total + sample.value, 0);
  return {
    async pipeline(): Promise<GatewayPipelineCounts> {
      const pages = await Promise.all(
        gatewayUrls.map(async (url) => {
          const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) });
          if (!response.ok) throw new Error(`gateway /metrics answered ${response.status}`);
          return response.text();
        }),
      );
      const total = (name: string, match?: Record<string, string>) =>
        pages.reduce((sumOfPages, page) => sumOfPages + sum(page, name, match), 0);
      return {
        accepted: total('herald_notifications_accepted_total'),
        outbox_written: total('herald_outbox_written_total'),
        outbox_published: total('herald_outbox_published_total'),
        delivered: total('herald_status_steps_recorded_total', { status: 'delivered' }),
      };
    },
  };
}

export type GatewayMetricsClient = ReturnType<typeof createGatewayMetricsClient>;
