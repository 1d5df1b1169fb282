import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createLogger, databaseUrlFor, openDatabase } from '@herald/runtime';
import { createTestNamespace, type TestNamespace } from '@herald/testing';
import { migrations } from '../migrations';
import type { EmailDatabase } from '../src/database';
import { createDeliveryBatches, type DeliveryBatches } from '../src/deliveries/deliveries.batches';
import type { DeliveryRowStatus, NewDeliveryRow } from '../src/deliveries/deliveries.table';

function row(notificationId: string, status: DeliveryRowStatus, attempts = 1): NewDeliveryRow {
  return {
    notification_id: notificationId,
    user_id: randomUUID(),
    template_code: 'welcome',
    status,
    provider_message_id: status === 'delivered' ? `re_${randomUUID()}` : null,
    attempts,
    error: status === 'delivered' ? null : `${status} on attempt ${attempts}`,
  };
}

describe('the deliveries table, batched', () => {
  let ns: TestNamespace;
  let db: Kysely<EmailDatabase>;
  let deliveries: DeliveryBatches;
  const statements: string[] = [];

  before(async () => {
    ns = createTestNamespace();
    const database = ns.database('email');
    const log = createLogger({ service: 'deliveries-test', level: 'silent' });
    await (await openDatabase({ serverUrl: ns.databaseUrl, database, migrations, log })).destroy();
    // A second handle on the migrated database that counts the statements it sends.
    db = new Kysely<EmailDatabase>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: databaseUrlFor(ns.databaseUrl, database), max: 4 }),
      }),
      log: (event) => {
        if (event.level === 'query') statements.push(event.query.sql);
      },
    });
    deliveries = createDeliveryBatches(db);
  });
  after(async () => {
    await db?.destroy();
    await ns?.drop();
  });

  const statusOf = async (notificationId: string) => (await deliveries.find(notificationId))?.status;

  it('lands every one of many concurrent records, in one statement', async () => {
    const ids = Array.from({ length: 50 }, () => randomUUID());
    statements.length = 0;
    await Promise.all(ids.map((id) => deliveries.record(row(id, 'delivered'))));
    assert.equal(statements.length, 1);

    statements.length = 0;
    const found = await Promise.all(ids.map((id) => deliveries.find(id)));
    assert.equal(statements.length, 1);
    assert.deepEqual(
      found.map((delivery) => delivery?.notification_id),
      ids,
    );
  });

  it('answers a lookup in upper case, and one for an unknown notification with nothing', async () => {
    const id = randomUUID();
    await deliveries.record(row(id, 'skipped'));
    const [upper, unknown] = await Promise.all([
      deliveries.find(id.toUpperCase()),
      deliveries.find(randomUUID()),
    ]);
    assert.equal(upper?.status, 'skipped');
    assert.equal(unknown, undefined);
  });

  it('never overwrites a delivered row with a later failed one, in a later batch or the same one', async () => {
    const earlier = randomUUID();
    await deliveries.record(row(earlier, 'delivered'));
    await deliveries.record(row(earlier, 'failed', 2));
    assert.equal(await statusOf(earlier), 'delivered');

    const together = randomUUID();
    await Promise.all([
      deliveries.record(row(together, 'delivered')),
      deliveries.record(row(together, 'failed', 2)),
    ]);
    const delivered = await deliveries.find(together);
    assert.equal(delivered?.status, 'delivered');
    assert.equal(delivered?.attempts, 1);
  });

  it('takes two records of one notification in one batch without an error, the later one winning', async () => {
    const id = randomUUID();
    await Promise.all([
      deliveries.record(row(id, 'skipped')),
      deliveries.record(row(id.toUpperCase(), 'failed', 2)),
      deliveries.record(row(randomUUID(), 'delivered')),
    ]);
    const recorded = await deliveries.find(id);
    assert.equal(recorded?.status, 'failed');
    assert.equal(recorded?.attempts, 2);
  });

  it('fails only the record Postgres refuses, and lands the rest of its batch', async () => {
    const good = randomUUID();
    const [refused, landed] = await Promise.allSettled([
      deliveries.record(row('not-a-uuid', 'failed')),
      deliveries.record(row(good, 'delivered')),
    ]);
    assert.equal(refused.status, 'rejected');
    assert.equal(landed.status, 'fulfilled');
    assert.equal(await statusOf(good), 'delivered');
  });
});
