import { createBroker, type Broker, type BrokerOptions } from './broker';

export interface BrokerConnector {
  /** The broker once connected; undefined until then. */
  current(): Broker | undefined;
  /** A readiness probe: throws until connected, then as the broker's own ping. */
  ping(): Promise<void>;
  /** Stops trying and closes the broker if it was reached; idempotent. */
  close(): Promise<void>;
}

/**
 * Connects to RabbitMQ in the background, retrying with backoff until it answers, then runs `onConnected`.
 * A service that must keep working while the broker is away (the gateway keeps accepting into its outbox)
 * starts with this instead of waiting for the broker.
 */
export function connectBrokerInBackground(
  options: BrokerOptions & { onConnected: (broker: Broker) => Promise<void> },
): BrokerConnector {
  const { log, onConnected, ...brokerOptions } = options;
  let broker: Broker | undefined;
  let closed = false;
  let wake: (() => void) | undefined;

  const connecting = (async () => {
    for (let failures = 0; !closed; failures++) {
      try {
        const connected = await createBroker({ ...brokerOptions, log });
        if (closed) {
          await connected.close();
          return;
        }
        try {
          await onConnected(connected);
        } catch (error) {
          await connected.close().catch(() => undefined);
          throw error;
        }
        broker = connected;
        return;
      } catch (error) {
        if (failures === 0) log.warn({ err: error }, 'RabbitMQ not reachable yet; retrying in the background');
        else log.debug({ err: error }, 'RabbitMQ still not reachable');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(500 * 2 ** failures, 5_000));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  })();

  let closing: Promise<void> | undefined;
  return {
    current: () => broker,
    async ping() {
      if (!broker) throw new Error('not connected to RabbitMQ yet');
      await broker.ping();
    },
    close() {
      closing ??= (async () => {
        closed = true;
        wake?.();
        await connecting;
        await broker?.close();
      })();
      return closing;
    },
  };
}
