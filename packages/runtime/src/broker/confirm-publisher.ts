import type { ConfirmChannel, Connection, Message, Options } from 'amqplib/callback_api';
import type { Logger } from 'pino';

/** Where a rascal publication sends its messages, as rascal resolved it (namespace included). */
export interface PublicationTarget {
  readonly name: string;
  readonly destination: string;
  readonly routingKey: string;
  readonly options: Options.Publish;
}

export interface ConfirmPublisher {
  /** Publishes on the one confirm channel; resolves on the broker's ack, rejects on nack, return or close. */
  publish(target: PublicationTarget, content: Buffer, options: Options.Publish): Promise<void>;
  /** Closes the channel and its connection; idempotent. */
  close(): Promise<void>;
}

export interface ConfirmPublisherOptions {
  /** Opens a connection to the vhost: rascal's `broker.connect`, so its URL, heartbeat and timeouts apply. */
  readonly connect: () => Promise<Connection>;
  readonly log: Logger;
  /** How long a publish may wait for its confirm before it fails. */
  readonly confirmTimeoutMs: number;
}

interface OpenChannel {
  readonly connection: Connection;
  readonly channel: ConfirmChannel;
}

/**
 * Publishes on one long-lived confirm channel of its own connection. Rascal borrows a pooled channel per
 * publish and holds it until that message is confirmed, handing out one channel per turn of the event loop:
 * under load a relay batch of 500 waited seconds for channels (and timed out after 10), while one channel
 * carries thousands of unconfirmed messages whose acks come back together. Rascal still declares the topology
 * and runs the subscriptions; this only sends. A lost connection fails what was unconfirmed (the callers
 * retry: the outbox keeps its rows, a delivery is redelivered) and the next publish opens a new one.
 */
export function createConfirmPublisher(options: ConfirmPublisherOptions): ConfirmPublisher {
  const { log } = options;
  let open: Promise<OpenChannel> | undefined;
  let closed = false;
  // RabbitMQ sends basic.return before the basic.ack of the same message on the same channel.
  const returned = new Set<string>();

  function openChannel(): Promise<OpenChannel> {
    const opening = (async () => {
      const connection = await options.connect();
      const forget = () => {
        if (open === opening) open = undefined;
      };
      connection.on('error', (error: Error) => log.warn({ err: error }, 'publishing connection error'));
      connection.on('close', forget);
      connection.on('blocked', (reason: string) =>
        log.warn({ reason }, 'broker blocked the publishing connection'),
      );
      connection.on('unblocked', () => log.info('broker unblocked the publishing connection'));
      try {
        const channel = await new Promise<ConfirmChannel>((resolve, reject) =>
          connection.createConfirmChannel((error, created) => (error ? reject(error) : resolve(created))),
        );
        channel.on('error', (error: Error) => log.warn({ err: error }, 'publishing channel error'));
        channel.on('close', () => {
          forget();
          // The channel closed on its own (the broker closed it): its connection is of no further use.
          if (!closed) closeQuietly(connection);
        });
        channel.on('return', (message: Message) => {
          const id = message.properties.messageId as string | undefined;
          if (id) returned.add(id);
        });
        return { connection, channel };
      } catch (error) {
        closeQuietly(connection);
        throw error;
      }
    })();
    opening.catch(() => {
      if (open === opening) open = undefined;
    });
    return opening;
  }

  return {
    async publish(target, content, publishOptions) {
      if (closed) throw new Error('the broker is closed');
      open ??= openChannel();
      const { channel } = await open;
      const messageId = publishOptions.messageId;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no confirm for ${target.name} within ${options.confirmTimeoutMs} ms`)),
          options.confirmTimeoutMs,
        );
        try {
          channel.publish(target.destination, target.routingKey, content, publishOptions, (error) => {
            clearTimeout(timer);
            const wasReturned = messageId !== undefined && returned.delete(messageId);
            if (error) reject(error instanceof Error ? error : new Error(String(error)));
            // Unroutable: the topology is missing a binding; losing it silently would be worse than failing.
            else if (wasReturned) reject(new Error(`${target.name} was returned as unroutable`));
            else resolve();
          });
        } catch (error) {
          // A channel closed since it was opened: the next publish opens another.
          clearTimeout(timer);
          reject(error as Error);
        }
      });
    },
    async close() {
      closed = true;
      const current = open;
      open = undefined;
      if (!current) return;
      const { connection } = await current.catch(() => ({ connection: undefined }));
      if (!connection) return;
      await new Promise<void>((resolve) => closeQuietly(connection, resolve));
    },
  };
}

/** Closes a connection that may already be closing or closed (amqplib throws then). */
function closeQuietly(connection: Connection, done: () => void = () => undefined): void {
  try {
    connection.close(() => done());
  } catch {
    done();
  }
}
