import { sql, type Kysely, type Transaction } from 'kysely';
import type { NotificationStatus, NotificationType, TimelineStatus } from '@herald/contracts';
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
    .where('provider_message_id', '=', providerMessageId)
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
    .onConflict((oc) => oc.column('message_id').doNothing())
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

export interface StatusChange {
  status?: NotificationStatus;
  attempts?: number;
  error?: string | null;
  provider_message_id?: string;
}

/**
 * Records one step of a notification's timeline and applies its state change, in one statement. A step
 * carrying a status message id that was recorded before changes nothing (a redelivered status message), and
 * neither does a step for an unknown notification: both answer undefined. A final state (delivered, failed,
 * skipped) is never overwritten by a late `pending`, and attempts only grow, so status messages arriving out
 * of order cannot move a notification back.
 */
export async function recordStep(
  db: Db,
  step: { notification_id: string; status: TimelineStatus; detail: string | null; message_id: string | null; at?: Date },
  change: StatusChange,
): Promise<NotificationRow | undefined> {
  return db
    .with('step', (qb) =>
      qb
        .insertInto('notification_events')
        .columns(['notification_id', 'status', 'detail', 'message_id', 'at'])
        .expression((eb) =>
          eb
            .selectFrom('notifications')
            .select((s) => [
              'notifications.notification_id',
              s.val(step.status).as('status'),
              s.val(step.detail).as('detail'),
              sql<string | null>`${step.message_id}::uuid`.as('message_id'),
              sql<Date>`coalesce(${step.at ?? null}::timestamptz, now())`.as('at'),
            ])
            .where('notifications.notification_id', '=', step.notification_id),
        )
        .onConflict((oc) => oc.column('message_id').doNothing())
        .returning('notification_id'),
    )
    .updateTable('notifications')
    .set((eb) => ({
      ...(change.status
        ? {
            status:
              change.status === 'pending'
                ? sql<NotificationStatus>`CASE WHEN status = 'pending' THEN 'pending' ELSE status END`
                : change.status,
          }
        : {}),
      ...(change.attempts !== undefined ? { attempts: sql<number>`GREATEST(attempts, ${change.attempts})` } : {}),
      ...(change.error !== undefined
        ? {
            // As in recordStepsOnce: a failed attempt reported late leaves a settled notification's error alone.
            error:
              change.status === undefined
                ? sql<string | null>`CASE WHEN status = 'pending' THEN ${change.error} ELSE error END`
                : change.error,
          }
        : {}),
      ...(change.provider_message_id ? { provider_message_id: change.provider_message_id } : {}),
      updated_at: eb.fn('now', []) as never,
    }))
    .where('notification_id', 'in', (eb) => eb.selectFrom('step').select('step.notification_id'))
    .returningAll()
    .executeTakeFirst();
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

interface AcceptExtra {
  notification_id: string;
  publication: string;
  message: string;
  detail: string | null;
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
 * the rows written; an entry whose (api key, request_id) is taken, by an earlier accept or by an entry before it
 * in the same batch, writes nothing and is missing from the answer.
 */
export async function insertAcceptedNotifications(
  db: Db,
  entries: readonly AcceptedNotificationEntry[],
): Promise<NotificationRow[]> {
  if (entries.length === 0) return [];
  const ids = entries.map((entry) => entry.row.notification_id);
  const extras = sql<AcceptExtra>`(SELECT * FROM unnest(
    ${ids}::uuid[],
    ${entries.map((entry) => entry.outbox.publication)}::text[],
    ${entries.map((entry) => entry.outbox.message)}::jsonb[],
    ${entries.map((entry) => entry.acceptedDetail)}::text[]
  ) AS extra(notification_id, publication, message, detail))`;
  return db
    .with('accepted', (qb) =>
      qb
        .insertInto('notifications')
        .values(entries.map((entry) => entry.row))
        .onConflict((oc) => oc.columns(['api_key_id', 'request_id']).doNothing())
        .returningAll(),
    )
    .with('extras', () => extras)
    .with('queued', (qb) =>
      qb
        .insertInto('outbox')
        .columns(['notification_id', 'publication', 'message'])
        .expression((eb) =>
          eb
            .selectFrom('accepted')
            .innerJoin('extras', 'extras.notification_id', 'accepted.notification_id')
            .select([
              'accepted.notification_id',
              'extras.publication',
              sql<string>`extras.message`.as('message'),
            ])
            // The outbox is relayed in id order: keep the order the requests came in.
            .orderBy(sql`array_position(${ids}::uuid[], accepted.notification_id)`),
        ),
    )
    .with('stepped', (qb) =>
      qb
        .insertInto('notification_events')
        .columns(['notification_id', 'status', 'detail'])
        .expression((eb) =>
          eb
            .selectFrom('accepted')
            .innerJoin('extras', 'extras.notification_id', 'accepted.notification_id')
            .select((s) => ['accepted.notification_id', s.val('accepted').as('status'), 'extras.detail']),
        ),
    )
    .selectFrom('accepted')
    .selectAll()
    .execute();
}
