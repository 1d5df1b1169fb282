import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { createLogger, DatabaseEnv, executePrepared, loadConfig, openDatabase } from '../src';

describe('a statement run with executePrepared', () => {
  const serverUrl = loadConfig(DatabaseEnv).DATABASE_URL;
  const database = `t_${randomUUID().replaceAll('-', '').slice(0, 12)}_prepared`;
  let db: Kysely<unknown>;

  before(async () => {
    const log = createLogger({ service: 'prepared-statements-test', level: 'silent' });
    // One connection, so every statement below runs in the session that prepared it.
    db = await openDatabase({ serverUrl, database, migrations: {}, log, poolSize: 1 });
  });
  after(async () => {
    await db?.destroy();
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
    await client.end();
  });

  const doubled = (values: number[]) =>
    executePrepared(
      db,
      sql<{ n: number }>`SELECT n * 2 AS n FROM unnest(${values}::int[]) AS u(n) ORDER BY n`,
    );
  const prepared = async () =>
    (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db)).rows.map(
      (row) => row.statement,
    );

  it('is prepared once in the session and answers for the values of each call', async () => {
    assert.deepEqual((await doubled([1, 2])).rows, [{ n: 2 }, { n: 4 }]);
    assert.deepEqual((await doubled([5])).rows, [{ n: 10 }]);
    assert.deepEqual((await doubled([])).rows, []);
    const statements = await prepared();
    assert.equal(statements.filter((text) => text.includes('unnest')).length, 1);
  });

  it('leaves every other statement unnamed', async () => {
    await sql`SELECT ${1}::int AS one`.execute(db);
    assert.equal(
      (await prepared()).some((text) => text.includes('AS one')),
      false,
    );
  });
});
