import rascal from 'rascal';
import type { BrokerConfig } from 'rascal';
import type { Connection, Options } from 'amqplib/callback_api';
import {
  buildTopology,
  TopologyVhostName,
  type HeraldMessage,
  type TopologyOptions,
} from '@herald/contracts';
import type { Logger } from 'pino';
import { coalesceAmqpWrites } from './amqp-write-coalescing';
import { createConfirmPublisher, type PublicationTarget } from './confirm-publisher';
import { assertValidMessage } from './message-validation';

const { BrokerAsPromised } = rascal;

export interface PublishOverrides {
  /** Overrides the publication's routing key (a retry returning to its lane). */
  readonly routingKey?: string;
  readonly headers?: Record<string, string | number>;
  /** Per-message TTL in ms, for delay queues. */
  readonly expirationMs?: number;
}

export interface Broker {
  /** Validates `message` against its schema, publishes it persistently, and resolves once the broker confirms it. */
  publish(publication: string, message: HeraldMessage, overrides?: PublishOverrides): Promise<void>;
  /** The underlying rascal broker, for subscriptions (publishing goes through `publish`). */
  readonly rascal: rascal.BrokerAsPromised;
  /** Whether the connection is up right now: readiness. */
  isConnected(): boolean;
  /** A readiness probe that throws while the connection is down. */
  ping(): Promise<void>;
  /** Stops consuming and closes the connection; idempotent. */
  close(): Promise<void>;
}

export interface BrokerOptions {
  readonly url: string;
  readonly log: Logger;
  /** Prefixes every queue and exchange: tests use a fresh namespace and nuke it after. */
  readonly namespace?: string | undefined;
  readonly topology?: TopologyOptions;
  /** How long a publish may wait for its confirm before it fails. */
  readonly confirmTimeoutMs?: number;
}

function brokerConfig(options: BrokerOptions): BrokerConfig {
  const topology = buildTopology(options.topology);
  const vhost = topology.vhosts[TopologyVhostName];
  return {
    vhosts: {
      [TopologyVhostName]: {
        ...vhost,
        ...(options.namespace ? { namespace: options.namespace } : {}),
        connection: {
          url: options.url,
          // A dead peer is noticed within ~20 s; reconnect attempts start at once and back off to 5 s.
          options: { heartbeat: 10 },
          socketOptions: { timeout: 5_000 },
          retry: { min: 250, max: 5_000, factor: 2, strategy: 'exponential' },
        },
      },
    },
    redeliveries: topology.redeliveries,
  } as BrokerConfig;
}

/** Connects to RabbitMQ and declares Herald's topology from the contracts. */
export async function createBroker(options: BrokerOptions): Promise<Broker> {
  const { log } = options;
  if (!coalesceAmqpWrites()) log.warn('amqplib has changed: its frames are written one at a time');
  const broker = await BrokerAsPromised.create(brokerConfig(options));
  let connected = true;
  let closing: Promise<void> | undefined;
  broker.on('error', (error: Error) => log.warn({ err: error }, 'broker error'));
  broker.on('disconnect', () => {
    connected = false;
    log.warn('broker connection lost; reconnecting');
  });
  broker.on('connect', () => {
    if (!connected) log.info('broker connection restored');
    connected = true;
  });
  broker.on('blocked', (reason: string) => log.warn({ reason }, 'broker blocked the connection'));

  const confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
  const publisher = createConfirmPublisher({
    connect: () =>
      (broker as unknown as { connect(vhost: string): Promise<Connection> }).connect(TopologyVhostName),
    log,
    confirmTimeoutMs,
  });
  const publications = (broker.config as { publications: Record<string, PublicationTarget | undefined> })
    .publications;

  return {
    rascal: broker,
    async publish(publication, message, overrides = {}) {
      assertValidMessage(message);
      const target = publications[publication];
      if (!target) throw new Error(`no publication called ${publication} in the topology`);
      const headers = overrides.headers
        ? { ...target.options.headers, ...overrides.headers }
        : target.options.headers;
      const publishOptions: Options.Publish = {
        ...target.options,
        contentType: 'application/json',
        messageId: message.message_id,
        correlationId: message.correlation_id,
        type: message.type,
        timestamp: Math.floor(Date.now() / 1000),
        ...(headers ? { headers } : {}),
        ...(overrides.expirationMs !== undefined
          ? { expiration: String(Math.round(overrides.expirationMs)) }
          : {}),
      };
      const routed = overrides.routingKey ? { ...target, routingKey: overrides.routingKey } : target;
      await publisher.publish(routed, Buffer.from(JSON.stringify(message)), publishOptions);
    },
    isConnected: () => connected,
    async ping() {
      if (!connected) throw new Error('not connected to RabbitMQ');
    },
    close() {
      closing ??= publisher.close().then(() => broker.shutdown());
      return closing;
    },
  };
}
