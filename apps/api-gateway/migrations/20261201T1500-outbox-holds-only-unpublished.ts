import { sql, type Kysely } from 'kysely';

/**
 * The relay now deletes a row once the broker has confirmed it, so the outbox holds only what is still to be
 * sent. Kept for an hour behind a partial index, published rows left a dead index entry each that every claim
 * walked again (the planner chose a bitmap scan, which never marks entries dead): at 300 accepts/s the claim
 * was 1.2 ms and most of PostgreSQL's CPU. The notification's timeline records `queued` for inspection.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM outbox WHERE published_at IS NOT NULL`.execute(db);
  await sql`DROP INDEX IF EXISTS outbox_unpublished_idx`.execute(db);
  await db.schema.alterTable('outbox').dropColumn('published_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('published_at', 'timestamptz').execute();
  await sql`CREATE INDEX outbox_unpublished_idx ON outbox (outbox_id) WHERE published_at IS NULL`.execute(db);
}
