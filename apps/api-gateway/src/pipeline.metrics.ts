import { Counter, type Registry } from 'prom-client';
import type { NotificationType, TimelineStatus } from '@herald/contracts';

/**
 * What the gateway counts as notifications pass through it, served on `/metrics`. Backlogs are differences of
 * counters, so nobody has to count rows to see them: outbox written minus published, summed over every gateway
 * copy, is what waits to be relayed; published minus the `delivered`, `failed` and `skipped` steps recorded is
 * what the workers have in hand.
 */
export interface PipelineMetrics {
  /** New notifications committed (not replays). */
  accepted(channel: NotificationType): void;
  /** Outbox messages written: one per accept, one per retry. */
  outboxWritten(): void;
  /** Outbox messages the broker confirmed and whose rows the relay deleted. */
  published(count: number): void;
  /** Timeline steps recorded in the status store (a repeated status message records nothing). */
  recorded(status: TimelineStatus): void;
}

export function createPipelineMetrics(registry: Registry): PipelineMetrics {
  const accepted = new Counter({
    name: 'herald_notifications_accepted_total',
    help: 'Notifications accepted (202) and written with their outbox message, by channel; replays are not counted',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const written = new Counter({
    name: 'herald_outbox_written_total',
    help: 'Outbox messages written, by accepts and retries',
    registers: [registry],
  });
  const published = new Counter({
    name: 'herald_outbox_published_total',
    help: 'Outbox messages published with a broker confirm and removed from the outbox',
    registers: [registry],
  });
  const recorded = new Counter({
    name: 'herald_status_steps_recorded_total',
    help: 'Timeline steps recorded in the status store, by status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  return {
    accepted: (channel) => accepted.inc({ channel }),
    outboxWritten: () => written.inc(),
    published: (count) => published.inc(count),
    recorded: (status) => recorded.inc({ status }),
  };
}
