import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { PreparingClient } from './prepared-statements';

// COUNT(*) and BIGSERIAL come back as int8; our counts fit comfortably in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** The URL of `database` on the server `serverUrl` points at. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const duplicateDatabase = '42P04';
const uniqueViolation = '23505';

/** Creates `database` on the server if it is missing; safe when several copies start at once. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== duplicateDatabase && code !== uniqueViolation) throw error;
  } finally {
    await client.end();
  }
}

/** Drops each database, closing the connections still on it; one that is missing is no error. For test and benchmark clean-up. */
export async function dropDatabases(serverUrl: string, databases: Iterable<string>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const database of databases) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/**
 * Runs every migration of `migrations` that has not run yet; kysely's lock keeps concurrent copies in line.
 * The migrations are imported statically (each app's migrations/index.ts), so plain node runs them from a bundle.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  migrations: Readonly<Record<string, Migration>>,
  log: Logger,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success') log.info({ migration: result.migrationName }, 'migration applied');
    if (result.status === 'Error') log.error({ migration: result.migrationName }, 'migration failed');
  }
  if (error) throw error;
}

export interface DatabaseOptions {
  /** DATABASE_URL: the server; the service's own database lives on it. */
  readonly serverUrl: string;
  readonly database: string;
  /** By the name kysely records: the migration's file name without `.ts`. */
  readonly migrations: Readonly<Record<string, Migration>>;
  readonly log: Logger;
  readonly poolSize?: number;
}

/** Opens a service's own database: created if missing, migrated to the latest version. */
export async function openDatabase<DB>(options: DatabaseOptions): Promise<Kysely<DB>> {
  await ensureDatabase(options.serverUrl, options.database);
  const pool = new pg.Pool({
    connectionString: databaseUrlFor(options.serverUrl, options.database),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    Client: PreparingClient,
  });
  // A connection the server closes (a restart, a failover, an administrator) makes its client emit 'error'. Unheard,
  // that is an uncaught exception and the service exits; heard, the query or transaction using the client fails and
  // the pool replaces it. The pool hears it only for idle clients, and a client can be lost in use: a transaction
  // holding one while it waits (the outbox relay's, for the broker's confirms) took the whole gateway down.
  pool.on('connect', (client) =>
    client.on('error', (error) => options.log.warn({ err: error }, 'database connection lost')),
  );
  // Idle ones are also reported to the pool; their own listener above has logged it.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db as Kysely<unknown>, options.migrations, options.log);
  return db;
}

/** A readiness probe: one round trip to the database. */
export async function pingDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
