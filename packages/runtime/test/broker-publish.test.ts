import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Message } from 'amqplib';
import { Publications, Subscriptions } from '@herald/contracts';
import { createBroker, createLogger, statusReportFor, type Broker } from '../src/index';
import { emailRequest } from './broker.fixture';

describe('publishing', () => {
  let broker: Broker;
  const received = new Map<string, number>();

  before(async () => {
    broker = await createBroker({
      url: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
      log: createLogger({ service: 'runtime-test', level: 'silent' }),
      namespace: `rt-${randomUUID().slice(0, 8)}`,
      confirmTimeoutMs: 3_000,
    });
    const session = await broker.rascal.subscribe(Subscriptions.statusReports);
    session.on('message', (_message: Message, content: { notification_id: string }, ackOrNack) => {
      received.set(content.notification_id, (received.get(content.notification_id) ?? 0) + 1);
      ackOrNack();
    });
    session.on('error', () => undefined);
  });
  after(async () => {
    await broker?.rascal.nuke().catch(() => undefined);
    await broker?.close().catch(() => undefined);
  });

  async function waitForReceived(ids: readonly string[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!ids.every((id) => received.has(id))) {
      if (Date.now() > deadline)
        throw new Error(`${ids.filter((id) => !received.has(id)).length} never arrived`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('confirms hundreds of publishes made at once, and each arrives once', async () => {
    const reports = Array.from({ length: 500 }, () => statusReportFor(emailRequest(), 'delivered'));
    await Promise.all(reports.map((report) => broker.publish(Publications.statusReported, report)));
    const ids = reports.map((report) => report.notification_id);
    await waitForReceived(ids);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(
      ids.filter((id) => received.get(id) !== 1),
      [],
    );
  });

  it('rejects a message no queue is bound for, instead of losing it silently', async () => {
    const report = statusReportFor(emailRequest(), 'delivered');
    await assert.rejects(
      broker.publish(Publications.statusReported, report, { routingKey: 'nothing.is.bound.here' }),
      /returned as unroutable/,
    );
    // The channel is still good for the next one.
    const next = statusReportFor(emailRequest(), 'delivered');
    await broker.publish(Publications.statusReported, next);
    await waitForReceived([next.notification_id]);
  });
});
