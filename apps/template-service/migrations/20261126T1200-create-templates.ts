import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('template_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel IN ('email', 'push')`))
    .addColumn('default_language', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('template_versions')
    .addColumn('template_id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (c) => c.notNull().references('template_codes.code'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('title', 'text')
    .addColumn('variables', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // clock_timestamp, not now(): versions are numbered under a lock, after their transaction began.
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .execute();
  // The backstop behind the per-code lock: one row per version number of a code and language.
  await db.schema
    .createIndex('template_versions_version_key')
    .unique()
    .on('template_versions')
    .columns(['code', 'language', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('template_versions').execute();
  await db.schema.dropTable('template_codes').execute();
}
