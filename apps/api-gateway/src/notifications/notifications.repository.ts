import { sql, type Kysely, type Transaction } from 'kysely';
import type { NotificationStatus, NotificationType } from '@herald/contracts';
import type { GatewayDatabase } from '../database';
import type {
  NewNotificationEventRow,
  NewNotificationRow,
  NotificationEventRow,
  NotificationRow,
} from './notifications.table';

type Db = Kysely<GatewayDatabase> | Transaction<GatewayDatabase>;

/** Inserts a notification unless its (api key, request_id) is taken; undefined means it was. */
export async function insertNotificationIfNew(db: Db, row: NewNotificationRow): Promise<NotificationRow | undefined> {
  return db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) => oc.columns(['api_key_id', 'request_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

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
 * Applies a status change. A final state (delivered, failed, skipped) is never overwritten by a late
 * `pending`, and attempts only grow, so status messages arriving out of order cannot move a notification back.
 */
export async function applyStatusChange(db: Db, notificationId: string, change: StatusChange): Promise<NotificationRow | undefined> {
  return db
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
      ...(change.error !== undefined ? { error: change.error } : {}),
      ...(change.provider_message_id ? { provider_message_id: change.provider_message_id } : {}),
      updated_at: eb.fn('now', []) as never,
    }))
    .where('notification_id', '=', notificationId)
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
