import { samplesOf } from './prometheus-text';

/** An email the sandbox accepted, as `GET /sandbox/resend/emails` lists it (only what the benchmark reads). */
export interface SandboxEmailEntry {
  readonly idempotency_key: string | null;
  /** When the send request arrived, and when the sandbox answered it. */
  readonly received_at: string;
  readonly answered_at: string;
}

/** Send requests the sandbox answered, by status, from its Prometheus counter. */
export type SandboxSendCounts = Record<string, number>;

const sendRoutes = ['/emails', '/emails/batch'];

/** The provider sandbox's control API, as the benchmark uses it. */
export function createSandboxClient(sandboxUrl: string) {
  return {
    async reset(): Promise<void> {
      const response = await fetch(`${sandboxUrl}/sandbox/reset`, {
        method: 'POST',
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`sandbox reset answered ${response.status}`);
    },

    /** POST /emails and /emails/batch answers by status: cheap to poll, unlike the list of emails. */
    async sendCounts(): Promise<SandboxSendCounts> {
      const response = await fetch(`${sandboxUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
      const counts: SandboxSendCounts = {};
      for (const { labels, value } of samplesOf(await response.text(), 'http_requests_total')) {
        // The Resend stand-in is an app mounted at /emails, so its routes read `/emails/` and `/emails/batch`.
        const route = (labels.route ?? '').replace(/\/+$/, '');
        if (labels.method !== 'POST' || !sendRoutes.includes(route)) continue;
        const status = labels.status ?? '?';
        counts[status] = (counts[status] ?? 0) + value;
      }
      return counts;
    },

    /** Every email the sandbox holds, oldest first. */
    async emails(): Promise<SandboxEmailEntry[]> {
      const response = await fetch(`${sandboxUrl}/sandbox/resend/emails`, {
        signal: AbortSignal.timeout(120_000),
      });
      if (!response.ok) throw new Error(`sandbox emails answered ${response.status}`);
      return ((await response.json()) as { data: SandboxEmailEntry[] }).data;
    },
  };
}

export type SandboxClient = ReturnType<typeof createSandboxClient>;
