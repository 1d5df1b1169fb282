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

/**
 * Marks relayed messages published and records each notification's `queued` step, in one statement (one round
 * trip inside the relay's transaction).
 */
export async function markPublishedAndQueued(
  trx: Transaction<GatewayDatabase>,
  outboxIds: readonly number[],
  queuedAt: Date,
): Promise<void> {
  if (outboxIds.length === 0) return;
  await trx
    .with('marked', (qb) =>
      qb
        .updateTable('outbox')
        .set({ published_at: sql`now()` })
        .where('outbox_id', '=', sql<number>`ANY(${outboxIds}::bigint[])`)
        .returning(['outbox_id', 'notification_id']),
    )
    .insertInto('notification_events')
    .columns(['notification_id', 'status', 'detail', 'message_id', 'at'])
    .expression((eb) =>
      eb
        .selectFrom('marked')
        .select((s) => [
          'marked.notification_id',
          s.val('queued').as('status'),
          sql<null>`null::text`.as('detail'),
          sql<null>`null::uuid`.as('message_id'),
          sql<Date>`${queuedAt}::timestamptz`.as('at'),
        ])
        .orderBy('marked.outbox_id'),
    )
    .execute();
}

/** Forgets published messages older than `olderThanSeconds`; they are kept a while for inspection. */
export async function deletePublished(db: Db, olderThanSeconds: number): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('published_at', '<', sql<Date>`now() - make_interval(secs => ${olderThanSeconds})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
