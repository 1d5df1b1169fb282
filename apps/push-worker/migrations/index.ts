import type { Migration } from 'kysely';
import * as createDeliveries from './20261210T1200-create-deliveries';

/** The push worker's migrations, by the name kysely records (the file name without .ts); list every file here. */
export const migrations: Readonly<Record<string, Migration>> = {
  '20261210T1200-create-deliveries': createDeliveries,
};
