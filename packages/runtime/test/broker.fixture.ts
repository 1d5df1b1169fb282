import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import type { Message } from 'amqplib';
import { MessageTypes, requestPublication, type NotificationEmailRequestedV1 } from '@herald/contracts';
import { createBroker, createLogger, type Broker } from '../src/index';

export const testTiersMs = [100, 200, 400] as const;

export interface Received {
  readonly content: Record<string, unknown>;
  readonly headers: Record<string, unknown>;
}

export interface Collector {
  readonly items: Received[];
  /** Resolves with the first item `match` accepts, waiting up to `timeoutMs` for it. */
  waitFor(match: (item: Received) => boolean, timeoutMs?: number): Promise<Received>;
}

export interface BrokerFixture {
  broker: Broker;
  statuses: Collector;
  failed: Collector;
}

async function collect(broker: Broker, subscription: string): Promise<Collector> {
  const items: Received[] = [];
  const session = await broker.rascal.subscribe(subscription);
  session.on('message', (message: Message, content: unknown, ackOrNack) => {
    items.push({ content: content as Record<string, unknown>, headers: message.properties.headers ?? {} });
    ackOrNack();
  });
  session.on('invalid_content', (error: Error, message: Message, ackOrNack) => {
    items.push({
      content: { raw: message.content.toString(), error: error.message },
      headers: message.properties.headers ?? {},
    });
    ackOrNack();
  });
  session.on('error', () => undefined);
  return {
    items,
    async waitFor(match, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = items.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`nothing matched on ${subscription} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}

/** A broker in a namespace of its own with short retry tiers, watching status events and failed.queue; nuked after. */
export function useBroker(): BrokerFixture {
  const fixture = {} as BrokerFixture;
  before(async () => {
    fixture.broker = await createBroker({
      url: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
      log: createLogger({ service: 'runtime-test', level: 'silent' }),
      namespace: `rt-${randomUUID().slice(0, 8)}`,
      topology: { delayTiersMs: testTiersMs },
    });
    fixture.statuses = await collect(fixture.broker, 'statusReports');
    fixture.failed = await collect(fixture.broker, 'failedMessages');
  });
  after(async () => {
    await fixture.broker?.rascal.nuke();
    await fixture.broker?.close().catch(() => undefined);
  });
  return fixture;
}

/** A valid email request for a fresh notification. */
export function emailRequest(
  overrides: Partial<NotificationEmailRequestedV1> = {},
): NotificationEmailRequestedV1 {
  return {
    type: MessageTypes.emailRequested,
    message_id: randomUUID(),
    notification_id: randomUUID(),
    request_id: `req-${randomUUID()}`,
    correlation_id: `corr-${randomUUID()}`,
    attempt: 1,
    occurred_at: new Date().toISOString(),
    user_id: randomUUID(),
    template_code: 'welcome',
    variables: { name: 'Ada' },
    priority: 5,
    ...overrides,
  };
}

/** Publishes an email request on its lane. */
export async function publishRequest(broker: Broker, request: NotificationEmailRequestedV1): Promise<void> {
  await broker.publish(requestPublication('email', request.priority), request);
}
