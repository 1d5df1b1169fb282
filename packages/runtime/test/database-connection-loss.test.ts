import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { useScratchDatabase } from './scratch-database.fixture';

describe('a database connection the server closes while it is in use', () => {
  const scratch = useScratchDatabase('loss');
  let db: Kysely<unknown>;
  before(() => {
    db = scratch();
  });

  it('fails the transaction that held it, and the service carries on', async () => {
    let backend = 0;
    let resume = () => undefined as void;
    const waiting = new Promise<void>((resolve) => (resume = resolve));
    let holding = () => undefined as void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // Holds its connection between statements, as the outbox relay does while the broker confirms a batch.
    const transaction = db.transaction().execute(async (trx) => {
      backend = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)).rows[0]?.pid ?? 0;
      holding();
      await waiting;
      await sql`SELECT 1`.execute(trx);
    });
    await held;
    await sql`SELECT pg_terminate_backend(${backend})`.execute(db);
    // Until the fix, the client's 'error' event here was an uncaught exception that ended the process.
    await sleep(300);
    resume();
    await assert.rejects(transaction);
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
    assert.deepEqual(rows, [{ one: 1 }]);
  });
});
