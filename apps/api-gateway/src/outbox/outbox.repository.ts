import { sql, type Kysely, type Transaction } from 'kysely';
import type { HeraldMessage } from '@herald/contracts';
import type { GatewayDatabase } from '../database';
import type { OutboxRow } from './outbox.table';

type Db = Kysely<GatewayDatabase> | Transaction<GatewayDatabase>;

export async function insertOutboxMessage(
  db: Db,
  entry: { notification_id: string; publication: string; message: HeraldMessage },
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({ notification_id: entry.notification_id, publication: entry.publication, message: JSON.stringify(entry.message) })
    .execute();
}

/**
 * Locks the oldest unpublished messages for this transaction. SKIP LOCKED lets any number of gateway copies
 * relay at once: each takes rows no other copy holds, so nothing is published twice by two relays.
 */
export async function claimUnpublished(trx: Transaction<GatewayDatabase>, limit: number): Promise<OutboxRow[]> {
  return trx
    .selectFrom('outbox')
    .selectAll()
    .where('published_at', 'is', null)
    .orderBy('outbox_id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markPublished(trx: Transaction<GatewayDatabase>, outboxIds: readonly number[]): Promise<void> {
  if (outboxIds.length === 0) return;
  await trx.updateTable('outbox').set({ published_at: sql`now()` }).where('outbox_id', 'in', outboxIds).execute();
}

/** Forgets published messages older than `olderThanSeconds`; they are kept a while for inspection. */
export async function deletePublished(db: Db, olderThanSeconds: number): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('published_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
