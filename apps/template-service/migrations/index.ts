import type { Migration } from 'kysely';
import * as createTemplates from './20261126T1200-create-templates';

/** The template service's migrations, by the name kysely records (the file name without .ts); list every file here. */
export const migrations: Readonly<Record<string, Migration>> = {
  '20261126T1200-create-templates': createTemplates,
};
