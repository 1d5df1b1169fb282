import { sql, type Kysely } from 'kysely';
import type { PushDatabase } from '../database';
import type {
  DeviceDeliveryRow,
  NewDeviceDeliveryRow,
  NewNotificationRow,
  NotificationRow,
} from './deliveries.table';

export async function findNotification(
  db: Kysely<PushDatabase>,
  notificationId: string,
): Promise<NotificationRow | undefined> {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('notification_id', '=', notificationId)
    .executeTakeFirst();
}

/** Records how a notification ended; a delivered notification is final and is never overwritten. */
export async function recordNotification(db: Kysely<PushDatabase>, row: NewNotificationRow): Promise<void> {
  await db
    .insertInto('notifications')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('notification_id')
        .doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          attempts: eb.ref('excluded.attempts'),
          detail: eb.ref('excluded.detail'),
          updated_at: sql`now()`,
        }))
        .where('notifications.status', '<>', 'delivered'),
    )
    .execute();
}

/** Every device outcome recorded for a notification, oldest first. */
export async function listDeviceDeliveries(
  db: Kysely<PushDatabase>,
  notificationId: string,
): Promise<DeviceDeliveryRow[]> {
  return db
    .selectFrom('device_deliveries')
    .selectAll()
    .where('notification_id', '=', notificationId)
    .orderBy('created_at')
    .execute();
}

/** Records how one device's send ended; a device that took the notification stays delivered. */
export async function recordDeviceDelivery(
  db: Kysely<PushDatabase>,
  row: NewDeviceDeliveryRow,
): Promise<void> {
  await db
    .insertInto('device_deliveries')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['notification_id', 'device_id'])
        .doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          provider_message_id: eb.ref('excluded.provider_message_id'),
          attempts: eb.ref('excluded.attempts'),
          error: eb.ref('excluded.error'),
          updated_at: sql`now()`,
        }))
        .where('device_deliveries.status', '<>', 'delivered'),
    )
    .execute();
}
