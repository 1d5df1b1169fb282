import { createBatcher, isolatingRefusedRows } from '@herald/runtime';
import type { Kysely } from 'kysely';
import type { EmailDatabase } from '../database';
import { findDeliveries, recordDeliveries } from './deliveries.repository';
import type { DeliveryRow, NewDeliveryRow } from './deliveries.table';

export interface DeliveryBatches {
  /** The notification's row, looked up together with every other lookup of the same turn. */
  find(notificationId: string): Promise<DeliveryRow | undefined>;
  /** Records how a notification ended, in one statement and commit with the other records of the same turn. */
  record(row: NewDeliveryRow): Promise<void>;
}

// Postgres answers uuids in lower case, and a request may carry one in upper case.
const keyOf = (notificationId: string) => notificationId.toLowerCase();

/**
 * One row per notification, as if the records had run one after another: the later one wins, except over a
 * delivered row, which is final. Sorted by notification id, so concurrent statements lock rows in one order.
 */
function oneRowPerNotification(rows: readonly NewDeliveryRow[]): NewDeliveryRow[] {
  const latest = new Map<string, NewDeliveryRow>();
  for (const row of rows) {
    const key = keyOf(row.notification_id);
    if (latest.get(key)?.status !== 'delivered') latest.set(key, row);
  }
  return [...latest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** The deliveries table as the worker uses it: concurrent lookups and records grouped into one statement each. */
export function createDeliveryBatches(db: Kysely<EmailDatabase>): DeliveryBatches {
  // Sends finish one by one (each when its provider answers), so a batch waits a few ms for company: a delivery
  // hardly notices, and the database sees one statement and one commit for many.
  const finds = createBatcher<string, DeliveryRow | undefined>({
    maxWaitMs: 5,
    run: async (notificationIds) => {
      const distinct = [...new Set(notificationIds.map(keyOf))];
      const found = await isolatingRefusedRows(distinct, async (ids) => {
        const rows = await findDeliveries(db, ids);
        const byId = new Map(rows.map((row) => [keyOf(row.notification_id), row]));
        return ids.map((id) => byId.get(id));
      });
      const byId = new Map(distinct.map((id, index) => [id, found[index]]));
      return notificationIds.map((id) => byId.get(keyOf(id)));
    },
  });

  const records = createBatcher<NewDeliveryRow, void>({
    maxWaitMs: 5,
    run: async (rows) => {
      const distinct = oneRowPerNotification(rows);
      const written = await isolatingRefusedRows(distinct, async (batch) => {
        await recordDeliveries(db, batch);
        return batch.map(() => undefined);
      });
      const byId = new Map(distinct.map((row, index) => [keyOf(row.notification_id), written[index]]));
      return rows.map((row) => byId.get(keyOf(row.notification_id)));
    },
  });

  return { find: (notificationId) => finds.add(notificationId), record: (row) => records.add(row) };
}
