import { sql, type Kysely } from 'kysely';
import type { EmailDatabase } from '../database';
import type { DeliveryRow, NewDeliveryRow } from './deliveries.table';

/** The rows of the given notifications, in no particular order; a notification without one is absent. */
export async function findDeliveries(
  db: Kysely<EmailDatabase>,
  notificationIds: readonly string[],
): Promise<DeliveryRow[]> {
  if (notificationIds.length === 0) return [];
  // One array parameter, so every batch size is the same statement text.
  return db
    .selectFrom('deliveries')
    .selectAll()
    .where(sql<boolean>`notification_id = ANY(${[...notificationIds]}::uuid[])`)
    .execute();
}

/**
 * Records how notifications ended, in one statement and one commit; a delivered row is final and is never
 * overwritten. The rows must name distinct notifications: Postgres refuses to update one row twice in a statement.
 */
export async function recordDeliveries(
  db: Kysely<EmailDatabase>,
  rows: readonly NewDeliveryRow[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('deliveries')
    .values([...rows])
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
