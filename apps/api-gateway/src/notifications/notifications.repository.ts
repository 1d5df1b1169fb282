import { sql, type Kysely, type Transaction } from 'kysely';
import type { NotificationStatus, NotificationType } from '@herald/contracts';
import { executePrepared } from '@herald/runtime';
import type { GatewayDatabase } from '../database';
import type {
  NewNotificationEventRow,
  NewNotificationRow,
  NotificationEventRow,
  NotificationRow,
} from './notifications.table';

type Db = Kysely<GatewayDatabase> | Transaction<GatewayDatabase>;

export async function findNotificationByRequest(
  db: Db,
  apiKeyId: string,
  requestId: string,
): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('api_key_id', '=', apiKeyId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}

export async function findNotification(db: Db, notificationId: string): Promise<NotificationRow | undefined> {
  return db.selectFrom('notifications').selectAll().where('notification_id', '=', notificationId).executeTakeFirst();
}

export async function findNotificationByProviderMessage(db: Db, providerMessageId: string): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('notification_id', '=', (eb) =>
      eb
        .selectFrom('notification_events')
        .select('notification_events.notification_id')
        .where('notification_events.provider_message_id', '=', providerMessageId)
        .limit(1),
    )
    .executeTakeFirst();
}

export interface NotificationFilter {
  user_id?: string | undefined;
  status?: NotificationStatus | undefined;
  notification_type?: NotificationType | undefined;
  offset: number;
  limit: number;
}

export async function listNotifications(db: Db, filter: NotificationFilter): Promise<{ rows: NotificationRow[]; total: number }> {
  let query = db.selectFrom('notifications');
  if (filter.user_id) query = query.where('user_id', '=', filter.user_id);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.notification_type) query = query.where('notification_type', '=', filter.notification_type);
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('notification_id', 'desc')
      .offset(filter.offset)
      .limit(filter.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}

/** Records a timeline step; one recorded by the same status message before adds nothing (false). */
export async function insertEvent(db: Db, event: NewNotificationEventRow): Promise<boolean> {
  const inserted = await db
    .insertInto('notification_events')
    .values(event)
    .onConflict((oc) => oc.column('message_id').where('message_id', 'is not', null).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function listEventsOf(db: Db, notificationIds: readonly string[]): Promise<NotificationEventRow[]> {
  if (notificationIds.length === 0) return [];
  return db
    .selectFrom('notification_events')
    .selectAll()
    .where('notification_id', 'in', notificationIds)
    // Status messages are consumed concurrently, so the time a step happened orders the timeline, not arrival.
    .orderBy('at')
    .orderBy('event_id')
    .execute();
}

/** Makes a failed notification pending again for a retry; undefined when it is not failed. */
export async function reopenFailedNotification(db: Db, notificationId: string): Promise<NotificationRow | undefined> {
  return db
    .updateTable('notifications')
    .set({ status: 'pending', error: null, updated_at: sql`now()` })
    .where('notification_id', '=', notificationId)
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirst();
}

/** One accept to write: the notification, its outbox message and the detail of its `accepted` step. */
export interface AcceptedNotificationEntry {
  row: NewNotificationRow;
  outbox: { publication: string; message: string };
  acceptedDetail: string | null;
}

/**
 * Accepts notifications in one statement: each notification, its outbox message and its `accepted` step are
 * written together or not at all (one implicit transaction, one round trip, one commit for the lot). Answers
 * the ids of the notifications written; an entry whose (api key, request_id) is taken, by an earlier accept or by
 * an entry before it in the same batch, writes nothing and is missing from the answer. Only the ids come back:
 * the caller has the rest, and whole rows read back (their jsonb parsed again, their dates) cost CPU for nothing.
 */
export async function insertAcceptedNotifications(
  db: Db,
  entries: readonly AcceptedNotificationEntry[],
): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  // One array per column, not one parameter per value: the statement stays the same size however many it carries.
  const column = <T>(pick: (entry: AcceptedNotificationEntry) => T) => entries.map(pick);
  const result = await executePrepared(
    db,
    sql<{ notification_id: string }>`
    WITH input AS (
      SELECT * FROM unnest(
        ${column((e) => e.row.notification_id)}::uuid[],
        ${column((e) => e.row.api_key_id)}::text[],
        ${column((e) => e.row.request_id)}::text[],
        ${column((e) => e.row.request_hash)}::text[],
        ${column((e) => e.row.notification_type)}::text[],
        ${column((e) => e.row.user_id)}::uuid[],
        ${column((e) => e.row.template_code)}::text[],
        ${column((e) => e.row.variables)}::jsonb[],
        ${column((e) => e.row.priority)}::int[],
        ${column((e) => e.row.language ?? null)}::text[],
        ${column((e) => e.row.metadata ?? null)}::jsonb[],
        ${column((e) => e.row.correlation_id)}::text[],
        ${column((e) => e.outbox.publication)}::text[],
        ${column((e) => e.outbox.message)}::jsonb[],
        ${column((e) => e.acceptedDetail)}::text[]
      ) WITH ORDINALITY AS i(notification_id, api_key_id, request_id, request_hash, notification_type, user_id,
                              template_code, variables, priority, language, metadata, correlation_id, publication,
                              message, detail, ord)
    ), accepted AS (
      INSERT INTO notifications (notification_id, api_key_id, request_id, request_hash, notification_type, user_id,
                                 template_code, variables, priority, language, metadata, correlation_id)
      SELECT notification_id, api_key_id, request_id, request_hash, notification_type, user_id, template_code,
             variables, priority, language, metadata, correlation_id
      FROM input ORDER BY ord
      ON CONFLICT (api_key_id, request_id) DO NOTHING
      RETURNING notification_id
    ), queued AS (
      -- The outbox is relayed in id order: keep the order the requests came in.
      INSERT INTO outbox (notification_id, publication, message)
      SELECT i.notification_id, i.publication, i.message FROM accepted a JOIN input i USING (notification_id)
      ORDER BY i.ord
    ), stepped AS (
      INSERT INTO notification_events (notification_id, status, detail)
      SELECT i.notification_id, 'accepted', i.detail FROM accepted a JOIN input i USING (notification_id)
    )
    SELECT notification_id FROM accepted`,
  );
  return new Set(result.rows.map((row) => row.notification_id));
}
