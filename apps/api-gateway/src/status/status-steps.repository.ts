import { sql, type Kysely } from 'kysely';
import type { NotificationStatus, TimelineStatus } from '@herald/contracts';
import type { GatewayDatabase } from '../database';

/** What a step changes on its notification. */
export interface StatusChange {
  status?: NotificationStatus;
  attempts?: number;
  error?: string | null;
  provider_message_id?: string;
}

/** One step in a notification's timeline, with the state change it brings. */
export interface StatusStep {
  notification_id: string;
  status: TimelineStatus;
  detail: string | null;
  /** The status message's id, when a message brought it: a step recorded once is never recorded again. */
  message_id: string | null;
  /** When it happened; the database's clock when not known. */
  at: Date | null;
  change: StatusChange;
}

/**
 * Records many steps in one statement; at most one step per notification (the caller splits the rest into
 * later rounds, since one UPDATE changes a row once). The rules that keep a timeline from moving back, the one place
 * they are written: a message recorded before changes nothing, an unknown notification changes nothing, a late `pending` never overwrites
 * a final state, a late failed attempt never overwrites a settled error, and attempts only grow. Answers, per step, whether it was recorded.
 */
export async function recordStepsOnce(db: Kysely<GatewayDatabase>, steps: readonly StatusStep[]): Promise<boolean[]> {
  if (steps.length === 0) return [];
  const column = <T>(pick: (step: StatusStep) => T) => steps.map(pick);
  const changedStatus = (change: StatusChange): NotificationStatus | null =>
    change.status === undefined || change.status === 'pending' ? null : change.status;
  const result = await sql<{ ord: number }>`
    WITH input AS (
      SELECT * FROM unnest(
        ${column((s) => s.notification_id)}::uuid[],
        ${column((s) => s.status)}::text[],
        ${column((s) => s.detail)}::text[],
        ${column((s) => s.message_id)}::uuid[],
        ${column((s) => s.at?.toISOString() ?? null)}::timestamptz[],
        ${column((s) => changedStatus(s.change))}::text[],
        ${column((s) => s.change.attempts ?? null)}::int[],
        ${column((s) => s.change.error !== undefined)}::bool[],
        ${column((s) => s.change.error ?? null)}::text[],
        ${column((s) => s.change.provider_message_id ?? null)}::text[]
      ) WITH ORDINALITY AS i(notification_id, status, detail, message_id, at, new_status, attempts, sets_error,
                              error, provider_message_id, ord)
    ), step AS (
      INSERT INTO notification_events (notification_id, status, detail, message_id, at, provider_message_id)
      SELECT i.notification_id, i.status, i.detail, i.message_id, coalesce(i.at, now()), i.provider_message_id
      FROM input i JOIN notifications n ON n.notification_id = i.notification_id
      ORDER BY i.ord
      ON CONFLICT (message_id) WHERE message_id IS NOT NULL DO NOTHING
      RETURNING notification_id
    )
    UPDATE notifications n SET
      status = coalesce(i.new_status, n.status),
      attempts = CASE WHEN i.attempts IS NULL THEN n.attempts ELSE GREATEST(n.attempts, i.attempts) END,
      -- A failed attempt's reason describes a notification still on its way; once it has settled (a report that
      -- arrives late, or from another gateway copy's batch), the settled state's error stands.
      error = CASE WHEN i.sets_error AND (i.new_status IS NOT NULL OR n.status = 'pending') THEN i.error ELSE n.error END,
      provider_message_id = coalesce(i.provider_message_id, n.provider_message_id),
      updated_at = now()
    FROM input i
    -- One step per notification in a statement, so the notification id names the step that was recorded.
    WHERE n.notification_id = i.notification_id AND i.notification_id IN (SELECT notification_id FROM step)
    RETURNING i.ord`.execute(db);
  const recorded = new Set(result.rows.map((row) => Number(row.ord)));
  return steps.map((_step, index) => recorded.has(index + 1));
}
