import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createLogger, openDatabase } from '@herald/runtime';
import { createTestNamespace, type TestNamespace } from '@herald/testing';
import { migrations } from '../migrations';

const log = createLogger({ service: 'outbox-migration-test', level: 'silent' });
const migration = '20261201T1500-outbox-holds-only-unpublished';

describe('the migration to an outbox that holds only unpublished rows', () => {
  let ns: TestNamespace;
  let database: string;

  before(async () => {
    ns = createTestNamespace();
    database = ns.database('gateway');
  });
  after(async () => {
    await ns?.drop();
  });

  it('forgets what an earlier gateway published and keeps what it had not', async () => {
    // The schema as it was before this migration (and any after it).
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < migration));
    const earlier = await openDatabase({ serverUrl: ns.databaseUrl, database, migrations: before, log });
    const published = randomUUID();
    const waiting = randomUUID();
    try {
      await sql`INSERT INTO outbox (notification_id, publication, message, published_at)
                VALUES (${published}, 'email', '{}', now()), (${waiting}, 'email', '{}', NULL)`.execute(
        earlier,
      );
    } finally {
      await earlier.destroy();
    }

    const migrated = await openDatabase({ serverUrl: ns.databaseUrl, database, migrations, log });
    try {
      const { rows } = await sql<{ notification_id: string }>`SELECT notification_id FROM outbox`.execute(
        migrated,
      );
      assert.deepEqual(
        rows.map((row) => row.notification_id),
        [waiting],
      );
      const { rows: columns } = await sql<{ column_name: string }>`
        SELECT column_name FROM information_schema.columns WHERE table_name = 'outbox' AND column_name = 'published_at'`.execute(
        migrated,
      );
      assert.deepEqual(columns, []);
    } finally {
      await migrated.destroy();
    }
  });
});
