import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { executePrepared } from '../src';
import { useScratchDatabase } from './scratch-database.fixture';

describe('a statement run with executePrepared', () => {
  // One connection, so every statement below runs in the session that prepared it.
  const scratch = useScratchDatabase('prepared', { poolSize: 1 });
  let db: Kysely<unknown>;
  before(() => {
    db = scratch();
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
