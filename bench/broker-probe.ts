import amqp, { type Channel, type ChannelModel } from 'amqplib';

export interface QueueDepth {
  readonly messages: number;
  readonly consumers: number;
}

/** Reads queue depths and consumer counts with passive declares: cheap enough to poll every second. */
export async function createBrokerProbe(amqpUrl: string) {
  const connection: ChannelModel = await amqp.connect(amqpUrl);
  connection.on('error', () => undefined);
  let channel: Channel | undefined;

  // A passive declare of a missing queue closes the channel, so a fresh one is opened after a failure.
  async function channelOf(): Promise<Channel> {
    if (!channel) {
      const opened = await connection.createChannel();
      opened.on('error', () => undefined);
      opened.on('close', () => {
        if (channel === opened) channel = undefined;
      });
      channel = opened;
    }
    return channel;
  }

  return {
    async depth(queue: string): Promise<QueueDepth | undefined> {
      try {
        const { messageCount, consumerCount } = await (await channelOf()).checkQueue(queue);
        return { messages: messageCount, consumers: consumerCount };
      } catch {
        return undefined;
      }
    },
    async purge(queue: string): Promise<number> {
      const { messageCount } = await (await channelOf()).purgeQueue(queue);
      return messageCount;
    },
    async close(): Promise<void> {
      await connection.close().catch(() => undefined);
    },
  };
}

export type BrokerProbe = Awaited<ReturnType<typeof createBrokerProbe>>;
