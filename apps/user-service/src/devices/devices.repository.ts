import { sql, type Kysely } from 'kysely';
import type { UserDatabase } from '../database';
import type { DeviceRow, NewDeviceRow } from './devices.table';

/** Inserts a device, or moves an already known one to this user and makes it active again. */
export async function upsertDevice(
  db: Kysely<UserDatabase>,
  device: NewDeviceRow,
): Promise<{ row: DeviceRow; created: boolean }> {
  const result = await db
    .insertInto('devices')
    .values(device)
    .onConflict((oc) =>
      oc.columns(['platform', 'token_key']).doUpdateSet({
        user_id: (eb) => eb.ref('excluded.user_id'),
        token: (eb) => eb.ref('excluded.token'),
        active: true,
        deactivated_reason: null,
        updated_at: sql`now()`,
      }),
    )
    .returningAll()
    // xmax is 0 only for a freshly inserted row: the one reliable "was this an insert" signal of an upsert.
    .returning(sql<boolean>`(xmax = 0)`.as('created'))
    .executeTakeFirstOrThrow();
  const { created, ...row } = result;
  return { row, created };
}

export async function listDevicesOfUser(db: Kysely<UserDatabase>, userId: string): Promise<DeviceRow[]> {
  return db.selectFrom('devices').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
}

export async function deleteDevice(
  db: Kysely<UserDatabase>,
  userId: string,
  deviceId: string,
): Promise<DeviceRow | undefined> {
  return db
    .deleteFrom('devices')
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .returningAll()
    .executeTakeFirst();
}

/** Marks a device inactive with the reason; undefined when the user has no such device. */
export async function deactivateDevice(
  db: Kysely<UserDatabase>,
  userId: string,
  deviceId: string,
  reason: string,
): Promise<DeviceRow | undefined> {
  return db
    .updateTable('devices')
    .set({ active: false, deactivated_reason: reason, updated_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .returningAll()
    .executeTakeFirst();
}
