import pg from 'pg';

/** What PostgreSQL did for the run's databases during one phase: commits and row writes, and cluster WAL. */
export interface DatabaseWork {
  readonly phase: string;
  /** Per database: commits and rows inserted/updated/deleted during the phase. */
  readonly databases: Record<string, { commits: number; inserted: number; updated: number; deleted: number }>;
  /** WAL written by the whole cluster during the phase (other engineers' tests included). */
  readonly cluster_wal_mb: number;
  /** Sampled every 500 ms: the run's backends per sample, by `database: state / wait event`. */
  readonly activity: Record<string, number>;
  /** The statements most often seen running (or holding a transaction open), with how many samples saw each. */
  readonly busiest_statements: { query: string; samples: number }[];
}

/** Per table of a database at the end of the run: how much was written, and how many updates were HOT. */
export interface TableWork {
  readonly table: string;
  readonly inserted: number;
  readonly updated: number;
  readonly hot_updated: number;
  readonly deleted: number;
  readonly seq_scans: number;
  readonly index_scans: number;
  readonly indexes: number;
}

interface Counters {
  lsn: string;
  rows: Map<string, { commits: number; inserted: number; updated: number; deleted: number }>;
}

/**
 * Watches PostgreSQL from the outside, read-only (pg_stat_statements is not loaded on this server, and loading it
 * needs a restart other engineers would feel): pg_stat_database counters, pg_stat_activity samples, WAL position.
 */
export async function createPostgresObserver(serverUrl: string, databasePrefix: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  const like = `${databasePrefix.replace(/[\\%_]/g, '\\$&')}%`;
  const shortName = (database: string) => database.slice(databasePrefix.length + 1) || database;
  let phase:
    | {
        name: string;
        start: Counters;
        activity: Map<string, number>;
        statements: Map<string, number>;
        samples: number;
      }
    | undefined;
  const results: DatabaseWork[] = [];

  async function counters(): Promise<Counters> {
    const { rows } = await client.query<{ datname: string; c: string; i: string; u: string; d: string }>(
      `SELECT datname, xact_commit AS c, tup_inserted AS i, tup_updated AS u, tup_deleted AS d
         FROM pg_stat_database WHERE datname LIKE $1`,
      [like],
    );
    const lsn =
      (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]?.lsn ?? '0/0';
    return {
      lsn,
      rows: new Map(
        rows.map((row) => [
          row.datname,
          { commits: +row.c, inserted: +row.i, updated: +row.u, deleted: +row.d },
        ]),
      ),
    };
  }

  async function sampleActivity(): Promise<void> {
    if (!phase) return;
    const { rows } = await client.query<{
      datname: string;
      state: string | null;
      wait: string | null;
      query: string;
    }>(
      `SELECT datname, state, wait_event_type || ':' || wait_event AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
         FROM pg_stat_activity WHERE datname LIKE $1 AND pid <> pg_backend_pid()`,
      [like],
    );
    phase.samples += 1;
    for (const row of rows) {
      const database = shortName(row.datname);
      const key = `${database}: ${row.state ?? 'unknown'}${row.wait ? ` / ${row.wait}` : ''}`;
      phase.activity.set(key, (phase.activity.get(key) ?? 0) + 1);
      // Idle in transaction: the transaction waits for its service to send the next statement.
      if (row.state === 'active' || row.state === 'idle in transaction') {
        const statement = `${database} (${row.state}): ${row.query}`;
        phase.statements.set(statement, (phase.statements.get(statement) ?? 0) + 1);
      }
    }
  }

  const timer = setInterval(() => void sampleActivity().catch(() => undefined), 500);
  timer.unref();

  async function close(): Promise<void> {
    if (!phase) return;
    const end = await counters();
    const { name, start } = phase;
    const databases: DatabaseWork['databases'] = {};
    for (const [database, after] of end.rows) {
      const before = start.rows.get(database) ?? { commits: 0, inserted: 0, updated: 0, deleted: 0 };
      databases[shortName(database)] = {
        commits: after.commits - before.commits,
        inserted: after.inserted - before.inserted,
        updated: after.updated - before.updated,
        deleted: after.deleted - before.deleted,
      };
    }
    const wal = await client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff($1, $2) AS bytes', [
      end.lsn,
      start.lsn,
    ]);
    const perSample = (count: number) => Math.round((count / Math.max(1, phase?.samples ?? 1)) * 10) / 10;
    results.push({
      phase: name,
      databases,
      cluster_wal_mb: Math.round(Number(wal.rows[0]?.bytes ?? 0) / 1e5) / 10,
      activity: Object.fromEntries(
        [...phase.activity].sort((a, b) => b[1] - a[1]).map(([key, n]) => [key, perSample(n)]),
      ),
      busiest_statements: [...phase.statements]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([query, samples]) => ({ query, samples })),
    });
    phase = undefined;
  }

  return {
    /** Ends the current phase (if any) and starts counting `name`. */
    async phase(name: string): Promise<void> {
      await close();
      phase = { name, start: await counters(), activity: new Map(), statements: new Map(), samples: 0 };
    },
    endPhase: close,
    work: (): readonly DatabaseWork[] => results,
    /** Writes per table of one database of the run, and how many indexes each table carries. */
    async tables(database: string): Promise<TableWork[]> {
      const url = new URL(serverUrl);
      url.pathname = `/${database}`;
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      try {
        const { rows } = await db.query<Record<string, string>>(
          `SELECT t.relname AS table, n_tup_ins AS inserted, n_tup_upd AS updated, n_tup_hot_upd AS hot_updated,
                  n_tup_del AS deleted, coalesce(seq_scan, 0) AS seq_scans, coalesce(idx_scan, 0) AS index_scans,
                  (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.relid) AS indexes
             FROM pg_stat_user_tables t ORDER BY n_tup_ins + n_tup_upd DESC`,
        );
        return rows.map((row) => ({
          table: row.table ?? '',
          inserted: +(row.inserted ?? 0),
          updated: +(row.updated ?? 0),
          hot_updated: +(row.hot_updated ?? 0),
          deleted: +(row.deleted ?? 0),
          seq_scans: +(row.seq_scans ?? 0),
          index_scans: +(row.index_scans ?? 0),
          indexes: +(row.indexes ?? 0),
        }));
      } finally {
        await db.end();
      }
    },
    async close(): Promise<void> {
      clearInterval(timer);
      await client.end().catch(() => undefined);
    },
  };
}

export type PostgresObserver = Awaited<ReturnType<typeof createPostgresObserver>>;
