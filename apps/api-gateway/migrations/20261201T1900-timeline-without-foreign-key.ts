import { sql, type Kysely } from 'kysely';

/**
 * A timeline step no longer checks its notification through a foreign key. Every step is written by a statement
 * that has the notification at hand (the accept that inserts it, the relay's claim of its outbox row, a status
 * joined to its row), so the check found nothing new, while it ran a lookup and took a key-share lock on the
 * notification for each of the three steps of every email: a fifth of the status statement's time. Nothing
 * deletes notifications; whatever comes to (a retention job) deletes their steps with them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notification_events DROP CONSTRAINT IF EXISTS notification_events_notification_id_fkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notification_events ADD CONSTRAINT notification_events_notification_id_fkey
            FOREIGN KEY (notification_id) REFERENCES notifications (notification_id) ON DELETE CASCADE`.execute(db);
}
