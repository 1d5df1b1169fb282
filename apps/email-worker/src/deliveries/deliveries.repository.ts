import { sql, type Kysely } from 'kysely';
import type { EmailDatabase } from '../database';
import type { DeliveryRow, NewDeliveryRow } from './deliveries.table';

export async function findDelivery(
  db: Kysely<EmailDatabase>,
  notificationId: string,
): Promise<DeliveryRow | undefined> {
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where('notification_id', '=', notificationId)
    .executeTakeFirst();
}

/** Records how a notification ended; a delivered row is final and is never overwritten. */
export async function recordDelivery(db: Kysely<EmailDatabase>, row: NewDeliveryRow): Promise<void> {
  await db
    .insertInto('deliveries')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('notification_id')
        .doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          provider_message_id: eb.ref('excluded.provider_message_id'),
          attempts: eb.ref('excluded.attempts'),
          error: eb.ref('excluded.error'),
          updated_at: sql`now()`,
        }))
        .where('deliveries.status', '<>', 'delivered'),
    )
    .execute();
}
