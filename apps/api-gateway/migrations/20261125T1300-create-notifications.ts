import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    .addColumn('notification_id', 'uuid', (c) => c.primaryKey())
    .addColumn('api_key_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    // SHA-256 of the canonical request body: a replay with another body is refused, not silently merged.
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('notification_type', 'text', (c) => c.notNull().check(sql`notification_type IN ('email', 'push')`))
    .addColumn('user_id', 'uuid', (c) => c.notNull())
    .addColumn('template_code', 'text', (c) => c.notNull())
    .addColumn('variables', 'jsonb', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('metadata', 'jsonb')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status IN ('pending', 'delivered', 'failed', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('correlation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('notifications_request_key')
    .unique()
    .on('notifications')
    .columns(['api_key_id', 'request_id'])
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('notifications_status_idx').on('notifications').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('notifications_created_idx').on('notifications').columns(['created_at', 'notification_id']).execute();
  await sql`CREATE INDEX notifications_provider_message_idx ON notifications (provider_message_id) WHERE provider_message_id IS NOT NULL`.execute(db);

  await db.schema
    .createTable('notification_events')
    .addColumn('event_id', 'bigserial', (c) => c.primaryKey())
    .addColumn('notification_id', 'uuid', (c) => c.notNull().references('notifications.notification_id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The status message that recorded this step: a redelivered status message adds nothing twice.
    .addColumn('message_id', 'uuid', (c) => c.unique())
    .execute();
  await db.schema.createIndex('notification_events_by_notification').on('notification_events').columns(['notification_id', 'event_id']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('outbox_id', 'bigserial', (c) => c.primaryKey())
    .addColumn('notification_id', 'uuid', (c) => c.notNull())
    .addColumn('publication', 'text', (c) => c.notNull())
    .addColumn('message', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .execute();
  await sql`CREATE INDEX outbox_unpublished_idx ON outbox (outbox_id) WHERE published_at IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('outbox').execute();
  await db.schema.dropTable('notification_events').execute();
  await db.schema.dropTable('notifications').execute();
}
