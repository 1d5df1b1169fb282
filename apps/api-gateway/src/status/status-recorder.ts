import type { Kysely } from 'kysely';
import type { DeliveryStatus, TimelineStatus } from '@herald/contracts';
import type { GatewayDatabase } from '../database';
import type { PipelineMetrics } from '../pipeline.metrics';
import { recordStepsOnce, type StatusChange, type StatusStep } from './status-steps.repository';

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

/** The status store's one way in: a worker's status messages, a caller's report, a webhook. */
export interface StatusRecorder {
  /**
   * Records a status in the notification's timeline and moves its state, in one statement; false when the
   * notification is unknown or the same status message was recorded before.
   */
  record(report: StatusReport): Promise<boolean>;
  /**
   * Records many reports (a status message's with its message id), in as few statements as there are reports for
   * the busiest notification among them, in the order given. Answers, per report, whether it was recorded (false:
   * a repeated message or an unknown notification).
   */
  recordMany(reports: readonly StatusReport[]): Promise<boolean[]>;
}

export function createStatusRecorder(db: Kysely<GatewayDatabase>, metrics: PipelineMetrics): StatusRecorder {
  async function recordMany(reports: readonly StatusReport[]): Promise<boolean[]> {
    // One UPDATE moves a row once, so a notification's second report in the batch waits for the next round.
    const rounds: { index: number; step: StatusStep }[][] = [];
    const roundOf = new Map<string, number>();
    reports.forEach((report, index) => {
      const round = roundOf.get(report.notification_id) ?? 0;
      roundOf.set(report.notification_id, round + 1);
      const step: StatusStep = {
        notification_id: report.notification_id,
        status: report.status as TimelineStatus,
        detail: timelineDetail(report),
        message_id: report.message_id ?? null,
        at: report.at ?? null,
        change: changeFor(report),
      };
      (rounds[round] ??= []).push({ index, step });
    });
    const recorded = reports.map(() => false);
    for (const round of rounds) {
      const answers = await recordStepsOnce(db, round.map((entry) => entry.step));
      round.forEach((entry, position) => {
        recorded[entry.index] = answers[position] ?? false;
        if (answers[position]) metrics.recorded(entry.step.status);
      });
    }
    return recorded;
  }

  return {
    async record(report) {
      const [recorded] = await recordMany([report]);
      return recorded ?? false;
    },
    recordMany,
  };
}
