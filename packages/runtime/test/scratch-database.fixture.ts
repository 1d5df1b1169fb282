import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import type { Kysely } from 'kysely';
import { createLogger, DatabaseEnv, dropDatabases, loadConfig, openDatabase } from '../src';

/**
 * A database of the test file's own, opened through `openDatabase` before its tests and dropped after them.
 * `db()` is the Kysely instance once `before` has run.
 */
export function useScratchDatabase(
  suffix: string,
  options: { poolSize?: number } = {},
): () => Kysely<unknown> {
  const serverUrl = loadConfig(DatabaseEnv).DATABASE_URL;
  const database = `t_${randomUUID().replaceAll('-', '').slice(0, 12)}_${suffix}`;
  let db: Kysely<unknown> | undefined;

  before(async () => {
    const log = createLogger({ service: `${suffix}-test`, level: 'silent' });
    db = await openDatabase({ serverUrl, database, migrations: {}, log, ...options });
  });
  after(async () => {
    await db?.destroy();
    await dropDatabases(serverUrl, [database]);
  });

  return () => {
    if (!db) throw new Error('the scratch database is opened in before()');
    return db;
  };
}
