import type { Migration } from 'kysely';
import * as createDeliveries from './20261201T1200-create-deliveries';

/** The email worker's migrations, by the name kysely records (the file name without .ts); list every file here. */
export const migrations: Readonly<Record<string, Migration>> = {
  '20261201T1200-create-deliveries': createDeliveries,
};
