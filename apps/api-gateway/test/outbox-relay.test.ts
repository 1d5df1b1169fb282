import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { Subscriptions } from '@herald/contracts';
import { createBroker, createLogger, openDatabase, type Broker } from '@herald/runtime';
import {
  createTestNamespace,
  watchSubscription,
  type BrokerWatch,
  type TestNamespace,
} from '@herald/testing';
import type { GatewayDatabase } from '../src/database';
import { notificationRequested } from '../src/notifications/notification-requested.message';
import { createOutboxRelay, type OutboxRelay } from '../src/outbox/outbox.relay';
import { createPipelineMetrics } from '../src/pipeline.metrics';
import { migrations } from '../migrations';

const log = createLogger({ service: 'outbox-relay-test', level: 'silent' });

describe('the outbox relay', () => {
  let ns: TestNamespace;
  let db: Kysely<GatewayDatabase>;
  let broker: Broker;
  let relay: OutboxRelay;
  let published: BrokerWatch;

  before(async () => {
    ns = createTestNamespace();
    db = await openDatabase<GatewayDatabase>({
      serverUrl: ns.databaseUrl,
      database: ns.database('gateway'),
      migrations,
      log,
    });
    broker = await createBroker({ url: ns.amqpUrl, namespace: ns.brokerNamespace, log });
    published = await watchSubscription(broker, Subscriptions.emailRequests);
    // No margin: the claims start at the lowest id the last one took, so a lower row is left to the sweep.
    relay = createOutboxRelay({
      db,
      broker,
      log,
      metrics: createPipelineMetrics(new Registry()),
      sweepMs: 300,
      floorMargin: 0,
    });
    relay.start();
  });
  after(async () => {
    await relay?.stop();
    await broker?.close();
    await db?.destroy();
    await ns?.drop();
  });

  async function write(outboxId: number): Promise<string> {
    const notificationId = randomUUID();
    const { publication, message } = notificationRequested(
      notificationId,
      {
        notification_type: 'email',
        user_id: randomUUID(),
        template_code: 'welcome',
        variables: {},
        request_id: randomUUID(),
        priority: 5,
      },
      'relay-test',
    );
    await sql`INSERT INTO outbox (outbox_id, notification_id, publication, message)
              VALUES (${outboxId}, ${notificationId}, ${publication}, ${JSON.stringify(message)})`.execute(
      db,
    );
    relay.wake();
    return notificationId;
  }

  const publishedOf = (notificationId: string) =>
    published.waitFor((item) => item.content.notification_id === notificationId, 5_000);

  it('publishes a row that commits below where its claims start, at the next sweep', async () => {
    await publishedOf(await write(1_000));
    await publishedOf(await write(1_001));
    // Holds an id lower than every claim since, as an accept that took its id first and committed last does.
    const late = await write(10);
    await publishedOf(late);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox`.execute(db);
    assert.equal(rows[0]?.n, 0);
  });
});
