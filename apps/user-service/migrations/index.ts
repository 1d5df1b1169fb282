import type { Migration } from 'kysely';
import * as createUsers from './20261125T1200-create-users';
import * as createDevices from './20261125T1201-create-devices';

/** The user service's migrations, by the name kysely records (the file name without .ts); list every file here. */
export const migrations: Readonly<Record<string, Migration>> = {
  '20261125T1200-create-users': createUsers,
  '20261125T1201-create-devices': createDevices,
};
