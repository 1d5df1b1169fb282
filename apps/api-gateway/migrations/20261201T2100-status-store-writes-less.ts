import { sql, type Kysely } from 'kysely';

/**
 * An email wrote 24 index entries in the gateway's database, most of them to let a few rare queries find rows
 * faster. Now:
 * - a timeline step is keyed by (notification_id, event_id), the order the timeline is read in, instead of a
 *   key of its own plus a second index in that order;
 * - a status message's id is unique among the steps that have one: `accepted` and `queued` have none, and were
 *   two entries of NULL per email in the unique index;
 * - `delivered` moves a notification without touching an index, so PostgreSQL updates it in place on its page
 *   (a HOT update) instead of writing a new row and an entry in each of its six indexes. For that no index may
 *   cover a column a status changes: the status index goes (a list filtered by status walks the newest-first
 *   index and checks each row's status, which finds a page of a common status at once and of a rare one after
 *   scanning past the others), and the provider's email id, which a webhook without our tag is matched by, is
 *   indexed on the step that brought it instead of on the notification. Pages are filled to 80% so the new
 *   version of a row has room beside the old one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notification_events DROP CONSTRAINT notification_events_pkey`.execute(db);
  await sql`DROP INDEX IF EXISTS notification_events_by_notification`.execute(db);
  await sql`ALTER TABLE notification_events ADD PRIMARY KEY (notification_id, event_id)`.execute(db);

  await sql`ALTER TABLE notification_events DROP CONSTRAINT IF EXISTS notification_events_message_id_key`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX notification_events_message_once ON notification_events (message_id)
            WHERE message_id IS NOT NULL`.execute(db);

  await sql`ALTER TABLE notification_events ADD COLUMN provider_message_id text`.execute(db);
  await sql`UPDATE notification_events e SET provider_message_id = n.provider_message_id
            FROM notifications n
            WHERE e.notification_id = n.notification_id AND e.status = 'delivered' AND n.provider_message_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX notification_events_by_provider_message ON notification_events (provider_message_id)
            WHERE provider_message_id IS NOT NULL`.execute(db);

  await sql`DROP INDEX IF EXISTS notifications_status_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS notifications_provider_message_idx`.execute(db);
  await sql`ALTER TABLE notifications SET (fillfactor = 80)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notifications RESET (fillfactor)`.execute(db);
  await sql`CREATE INDEX notifications_provider_message_idx ON notifications (provider_message_id)
            WHERE provider_message_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX notifications_status_idx ON notifications (status, created_at)`.execute(db);

  await sql`DROP INDEX notification_events_by_provider_message`.execute(db);
  await sql`ALTER TABLE notification_events DROP COLUMN provider_message_id`.execute(db);

  await sql`DROP INDEX notification_events_message_once`.execute(db);
  await sql`ALTER TABLE notification_events ADD CONSTRAINT notification_events_message_id_key UNIQUE (message_id)`.execute(
    db,
  );

  await sql`ALTER TABLE notification_events DROP CONSTRAINT notification_events_pkey`.execute(db);
  await sql`ALTER TABLE notification_events ADD PRIMARY KEY (event_id)`.execute(db);
  await sql`CREATE INDEX notification_events_by_notification ON notification_events (notification_id, event_id)`.execute(
    db,
  );
}
