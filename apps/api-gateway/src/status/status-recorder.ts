import type { Kysely } from 'kysely';
import type { DeliveryStatus, TimelineStatus } from '@herald/contracts';
import type { GatewayDatabase } from '../database';
import { recordStep, type StatusChange } from '../notifications/notifications.repository';

/** One thing learned about a notification: from a worker's status message, a caller's report, or a webhook. */
export interface StatusReport {
  notification_id: string;
  status: DeliveryStatus | 'pending';
  detail: string | null;
  attempt?: number;
  provider_message_id?: string | undefined;
  /** The status message's id, so a redelivered message records nothing twice. */
  message_id?: string;
  at?: Date;
}

function changeFor(report: StatusReport): StatusChange {
  const attempts = report.attempt === undefined ? {} : { attempts: report.attempt };
  switch (report.status) {
    case 'queued':
    case 'complained':
      return {};
    case 'pending':
      return { status: 'pending' };
    case 'attempt_failed':
      return { ...attempts, error: report.detail };
    case 'delivered':
      return {
        status: 'delivered',
        ...attempts,
        error: null,
        ...(report.provider_message_id ? { provider_message_id: report.provider_message_id } : {}),
      };
    case 'bounced':
      return { status: 'failed', error: report.detail ? `bounced: ${report.detail}` : 'bounced' };
    case 'failed':
    case 'skipped':
      return { status: report.status, ...attempts, error: report.detail };
  }
}

function timelineDetail(report: StatusReport): string | null {
  if (report.status === 'attempt_failed' && report.attempt !== undefined) {
    return `attempt ${report.attempt} failed: ${report.detail ?? 'unknown reason'}`;
  }
  return report.detail;
}

/**
 * Records a status in the notification's timeline and moves its state, in one statement; returns false when
 * the notification is unknown or the same status message was recorded before.
 */
export async function recordStatus(db: Kysely<GatewayDatabase>, report: StatusReport): Promise<boolean> {
  const changed = await recordStep(
    db,
    {
      notification_id: report.notification_id,
      status: report.status as TimelineStatus,
      detail: timelineDetail(report),
      message_id: report.message_id ?? null,
      ...(report.at ? { at: report.at } : {}),
    },
    changeFor(report),
  );
  return changed !== undefined;
}
