import pg from 'pg';

/** When one notification passed each step the gateway records, in epoch ms. */
export interface NotificationTimeline {
  readonly notificationId: string;
  readonly acceptedAt: number;
  readonly queuedAt: number | undefined;
  readonly reportedDeliveredAt: number | undefined;
  readonly storeUpdatedAt: number;
}

const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * Queries on the run's gateway database, read-only but for the vacuum before the end-to-end phase: the
 * authoritative list of what was accepted (including the few accepts whose 202 the client never read because
 * autocannon hung up at the end of a phase), when each was accepted, and how far the outbox relay and the status
 * consumer have got.
 */
export function createGatewayStore(serverUrl: string, database: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  pool.on('error', () => undefined);

  return {
    /** Outbox rows not yet published to RabbitMQ (the relay deletes a row once the broker confirmed it). */
    async outboxBacklog(): Promise<number> {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
      return Number(rows[0]?.n ?? 0);
    },

    /**
     * VACUUM (ANALYZE) of the whole gateway database: the dead rows the accept phases left (every relayed outbox
     * row, every notification's old versions) are cleaned before the end-to-end phase, as autovacuum would clean
     * them in the minutes between on a server that runs it. This machine's PostgreSQL runs with autovacuum off.
     */
    async vacuum(): Promise<{ deadRowsBefore: number }> {
      const { rows } = await pool.query<{ n: string }>(
        'SELECT coalesce(sum(n_dead_tup), 0) AS n FROM pg_stat_user_tables',
      );
      await pool.query('VACUUM (ANALYZE)');
      return { deadRowsBefore: Number(rows[0]?.n ?? 0) };
    },

    /** Notifications of one phase (request_id prefix) by status, as the gateway's status store sees them. */
    async statusCounts(requestIdPrefix: string): Promise<Record<string, number>> {
      const { rows } = await pool.query<{ status: string; n: string }>(
        'SELECT status, count(*) AS n FROM notifications WHERE request_id LIKE $1 GROUP BY status',
        [likePrefix(requestIdPrefix)],
      );
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    },

    /** Every notification of one phase with the time it was accepted (its transaction's start). */
    async acceptedSince(requestIdPrefix: string): Promise<Map<string, number>> {
      const { rows } = await pool.query<{ notification_id: string; created_at: Date }>(
        'SELECT notification_id, created_at FROM notifications WHERE request_id LIKE $1',
        [likePrefix(requestIdPrefix)],
      );
      return new Map(rows.map((row) => [row.notification_id, row.created_at.getTime()]));
    },

    /**
     * The timeline of every notification of one phase: accepted (created_at), queued (the relay's claim), the
     * worker's `delivered` status (its occurred_at) and the store's last update, for the latency breakdown.
     */
    async timelines(requestIdPrefix: string): Promise<NotificationTimeline[]> {
      const { rows } = await pool.query<{
        id: string;
        created: Date;
        updated: Date;
        queued: Date | null;
        delivered: Date | null;
      }>(
        `SELECT n.notification_id AS id, n.created_at AS created, n.updated_at AS updated,
                (SELECT min(e.at) FROM notification_events e WHERE e.notification_id = n.notification_id AND e.status = 'queued') AS queued,
                (SELECT min(e.at) FROM notification_events e WHERE e.notification_id = n.notification_id AND e.status = 'delivered') AS delivered
           FROM notifications n WHERE n.request_id LIKE $1`,
        [likePrefix(requestIdPrefix)],
      );
      return rows.map((row) => ({
        notificationId: row.id,
        acceptedAt: row.created.getTime(),
        queuedAt: row.queued?.getTime(),
        reportedDeliveredAt: row.delivered?.getTime(),
        storeUpdatedAt: row.updated.getTime(),
      }));
    },

    /** The relay's batches since `since`: rows per batch and when each was claimed (one `queued` time per batch). */
    async relayBatches(since: Date): Promise<{ startedAt: number; rows: number }[]> {
      const { rows } = await pool.query<{ at: Date; n: string }>(
        "SELECT at, count(*) AS n FROM notification_events WHERE status = 'queued' AND at >= $1 GROUP BY at ORDER BY at",
        [since],
      );
      return rows.map((row) => ({ startedAt: row.at.getTime(), rows: Number(row.n) }));
    },

    async close(): Promise<void> {
      await pool.end().catch(() => undefined);
    },
  };
}

export type GatewayStore = ReturnType<typeof createGatewayStore>;
