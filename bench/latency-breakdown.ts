import type { NotificationTimeline } from './gateway-store';
import { summarizeLatencies, type LatencySummary } from './latency.stats';
import type { SandboxEmailEntry } from './sandbox-client';

/**
 * Where the end-to-end time of a notification goes, stage by stage, from what the gateway and the sandbox
 * recorded. Each stage's p50/p99 over the notifications of the phase.
 */
export interface LatencyBreakdown {
  /** Accepted to claimed by the outbox relay: the relay's lag. */
  readonly accepted_to_queued: LatencySummary;
  /** Claimed by the relay to the send request reaching the sandbox: RabbitMQ, email.queue, and the worker's user and template lookups. */
  readonly queued_to_sent: LatencySummary;
  /** The sandbox's own time to answer. */
  readonly provider: LatencySummary;
  /** The sandbox's answer to the worker's `delivered` status event: recording the delivery, publishing the status. */
  readonly answered_to_reported: LatencySummary;
  /** The status event to the gateway's status store showing it. */
  readonly reported_to_stored: LatencySummary;
}

/** The relay's batches during the phase: how many rows each carried and how long each cycle took. */
export interface RelayBatches {
  readonly batches: number;
  readonly rows_per_batch: LatencySummary;
  /** Start of one batch to the start of the next, in ms. */
  readonly cycle_ms: LatencySummary;
}

export function breakDownLatency(
  timelines: readonly NotificationTimeline[],
  emails: readonly SandboxEmailEntry[],
): LatencyBreakdown {
  const firstEmail = new Map<string, SandboxEmailEntry>();
  for (const email of emails) {
    if (email.idempotency_key && !firstEmail.has(email.idempotency_key))
      firstEmail.set(email.idempotency_key, email);
  }
  const stages = {
    queued: [] as number[],
    sent: [] as number[],
    provider: [] as number[],
    reported: [] as number[],
    stored: [] as number[],
  };
  for (const timeline of timelines) {
    const email = firstEmail.get(timeline.notificationId);
    const received = email ? Date.parse(email.received_at) : undefined;
    const answered = email ? Date.parse(email.answered_at) : undefined;
    if (timeline.queuedAt !== undefined) stages.queued.push(timeline.queuedAt - timeline.acceptedAt);
    if (timeline.queuedAt !== undefined && received !== undefined)
      stages.sent.push(received - timeline.queuedAt);
    if (received !== undefined && answered !== undefined) stages.provider.push(answered - received);
    if (answered !== undefined && timeline.reportedDeliveredAt !== undefined)
      stages.reported.push(timeline.reportedDeliveredAt - answered);
    if (timeline.reportedDeliveredAt !== undefined)
      stages.stored.push(timeline.storeUpdatedAt - timeline.reportedDeliveredAt);
  }
  return {
    accepted_to_queued: summarizeLatencies(stages.queued),
    queued_to_sent: summarizeLatencies(stages.sent),
    provider: summarizeLatencies(stages.provider),
    answered_to_reported: summarizeLatencies(stages.reported),
    reported_to_stored: summarizeLatencies(stages.stored),
  };
}

export function summarizeRelayBatches(batches: readonly { startedAt: number; rows: number }[]): RelayBatches {
  const cycles = batches
    .slice(1)
    .map((batch, index) => batch.startedAt - (batches[index]?.startedAt ?? batch.startedAt));
  return {
    batches: batches.length,
    rows_per_batch: summarizeLatencies(batches.map((batch) => batch.rows)),
    cycle_ms: summarizeLatencies(cycles),
  };
}
