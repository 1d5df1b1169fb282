import { sql, type Kysely, type Transaction } from 'kysely';
import type { HeraldMessage } from '@herald/contracts';
import type { GatewayDatabase } from '../database';
import type { OutboxRow } from './outbox.table';

/** An outbox message as the relay publishes it, with its place in the outbox. */
export type ClaimedMessage = Pick<OutboxRow, 'outbox_id' | 'publication' | 'message'>;

type Db = Kysely<GatewayDatabase> | Transaction<GatewayDatabase>;

export async function insertOutboxMessage(
  db: Db,
  entry: { notification_id: string; publication: string; message: HeraldMessage },
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      notification_id: entry.notification_id,
      publication: entry.publication,
      message: JSON.stringify(entry.message),
    })
    .execute();
}

/**
 * Takes the oldest unpublished messages for this transaction: deletes their rows and records each notification's
 * `queued` step, in one statement (one round trip). Both only count once the transaction commits, which the relay
 * does after the broker has confirmed every message, so a failed publish rolls them back and leaves the rows to be
 * sent again. SKIP LOCKED lets any number of gateway copies relay at once: each takes rows no other copy holds, so
 * nothing is published twice by two relays.
 *
 * `queued` takes the statement's start on the database's clock, the clock of `accepted`: the statement sees the
 * rows it claims, so it began after their accepts committed, and it is before the publish, so before any status
 * a worker reports about the message.
 */
export async function claimUnpublished(
  trx: Transaction<GatewayDatabase>,
  limit: number,
  /** Claims only rows from this id up; all rows when undefined. */
  fromId?: number,
): Promise<ClaimedMessage[]> {
  return trx
    .with('claimed', (qb) => {
      const oldest = qb.selectFrom('outbox').select('outbox_id');
      return (fromId === undefined ? oldest : oldest.where('outbox_id', '>=', fromId))
        .orderBy('outbox_id')
        .limit(limit)
        .forUpdate()
        .skipLocked();
    })
    .with('removed', (qb) =>
      qb
        .deleteFrom('outbox')
        .where('outbox_id', 'in', (eb) => eb.selectFrom('claimed').select('claimed.outbox_id'))
        .returning(['outbox_id', 'notification_id', 'publication', 'message']),
    )
    .with('queued', (qb) =>
      qb
        .insertInto('notification_events')
        .columns(['notification_id', 'status', 'detail', 'message_id', 'at'])
        .expression((eb) =>
          eb
            .selectFrom('removed')
            .select((s) => [
              'removed.notification_id',
              s.val('queued').as('status'),
              sql<null>`null::text`.as('detail'),
              sql<null>`null::uuid`.as('message_id'),
              sql<Date>`statement_timestamp()`.as('at'),
            ])
            .orderBy('removed.outbox_id'),
        ),
    )
    .selectFrom('removed')
    // What publishing needs and no more: every column read back is parsed for each message.
    .select(['outbox_id', 'publication', 'message'])
    .orderBy('outbox_id')
    .execute();
}
