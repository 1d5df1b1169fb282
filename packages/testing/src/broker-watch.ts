import type { Broker } from '@herald/runtime';

/** The part of an AMQP message a watch reads. */
interface Message {
  readonly content: Buffer;
  readonly properties: { readonly headers?: Record<string, unknown> };
}

export interface Received {
  readonly content: Record<string, unknown>;
  readonly headers: Record<string, unknown>;
}

export interface BrokerWatch {
  readonly items: Received[];
  /** Resolves with the first item `match` accepts, waiting up to `timeoutMs`. */
  waitFor(match: (item: Received) => boolean, timeoutMs?: number): Promise<Received>;
}

/** Records everything that arrives on a subscription (status events, failed.queue), acking it. */
export async function watchSubscription(broker: Broker, subscription: string): Promise<BrokerWatch> {
  const items: Received[] = [];
  const session = await broker.rascal.subscribe(subscription);
  const record = (content: Record<string, unknown>, message: Message) =>
    items.push({ content, headers: message.properties.headers ?? {} });
  session.on('message', (message: Message, content: unknown, ackOrNack) => {
    record(content as Record<string, unknown>, message);
    ackOrNack();
  });
  session.on('invalid_content', (_error: Error, message: Message, ackOrNack) => {
    record({ raw: message.content.toString() }, message);
    ackOrNack();
  });
  session.on('error', () => undefined);
  return {
    items,
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = items.find(match);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`nothing matched on ${subscription} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}
