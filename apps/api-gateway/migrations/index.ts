import type { Migration } from 'kysely';
import * as createApiKeys from './20261125T1200-create-api-keys';
import * as createNotifications from './20261125T1300-create-notifications';

/** The gateway's migrations, by the name kysely records (the file name without .ts); list every file here. */
export const migrations: Readonly<Record<string, Migration>> = {
  '20261125T1200-create-api-keys': createApiKeys,
  '20261125T1300-create-notifications': createNotifications,
};
