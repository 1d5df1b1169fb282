import type { NotificationType } from '../http/notifications.schema';
import { MessageTypes } from '../messages/message-registry';
import { delayLabel, RetryPolicy } from './retry-policy';
import {
  Exchanges,
  MessageHeaders,
  Publications,
  Queues,
  retryPublication,
  retryQueueName,
  routingKeyFor,
  Subscriptions,
} from './topology.names';
import type {
  Topology,
  TopologyPublication,
  TopologyQueue,
  TopologySubscription,
  TopologyVhost,
} from './topology.types';

/** The vhost key of the topology; runtime attaches the connection to it. */
export const TopologyVhostName = '/';

/** The redelivery counter the subscriptions use; runtime may swap its type for a shared one. */
export const RedeliveryCounter = 'herald';

export interface TopologyOptions {
  /** The retry tiers; tests pass short ones. Must match the RetryPolicy the workers plan retries with. */
  readonly delayTiersMs?: readonly number[];
}

const channels: readonly NotificationType[] = ['email', 'push'];
const json = 'application/json';

function workQueue(): TopologyQueue {
  // A rejected message, or one past its redelivery limit, is dead-lettered to failed.queue.
  return { options: { durable: true, arguments: { 'x-dead-letter-exchange': Exchanges.dead } } };
}

function delayQueue(tierMs: number): TopologyQueue {
  // No x-dead-letter-routing-key: an expired message keeps its routing key and returns to the lane it came from.
  return {
    options: {
      durable: true,
      arguments: { 'x-message-ttl': tierMs, 'x-dead-letter-exchange': Exchanges.notifications },
    },
  };
}

// Confirmed and persistent: a publish resolves only once the broker has the message on disk.
function publication(exchange: string, routingKey: string, type?: string): TopologyPublication {
  const options = type
    ? { persistent: true, contentType: json, type }
    : { persistent: true, contentType: json };
  return { exchange, routingKey, confirm: true, options };
}

function subscription(queue: string, prefetch: number, redeliveryLimit = 10): TopologySubscription {
  return {
    queue,
    prefetch,
    contentType: json,
    redeliveries: { limit: redeliveryLimit, counter: RedeliveryCounter },
  };
}

function addRetryTiers(vhost: TopologyVhost, channel: NotificationType, tiersMs: readonly number[]): void {
  const type = channel === 'email' ? MessageTypes.emailRequested : MessageTypes.pushRequested;
  for (const tierMs of tiersMs) {
    const queue = retryQueueName(channel, tierMs);
    const tier = `${channel}.${delayLabel(tierMs)}`;
    vhost.queues[queue] = delayQueue(tierMs);
    vhost.bindings[`${Exchanges.retry}[${tier}] -> ${queue}`] = {
      source: Exchanges.retry,
      destination: queue,
      destinationType: 'queue',
      options: { 'x-match': 'all', [MessageHeaders.retryTier]: tier },
    };
    // The default routing key is the bulk lane; a critical retry passes its own (RetryPlan.routingKey).
    const retry = publication(Exchanges.retry, routingKeyFor(type), type);
    retry.options.headers = { [MessageHeaders.retryTier]: tier };
    vhost.publications[retryPublication(channel, tierMs)] = retry;
  }
}

/**
 * Builds Herald's rascal topology as plain data: a fresh object on every call, since rascal mutates its config.
 * Routing keys are message type names; the critical lane's are suffixed `.critical` (see routingKeyFor).
 */
export function buildTopology(options: TopologyOptions = {}): Topology {
  const tiersMs = options.delayTiersMs ?? RetryPolicy.delayTiersMs;
  if (tiersMs.length === 0) throw new Error('A topology needs at least one retry tier');
  const { emailRequested, pushRequested, statusReported } = MessageTypes;
  const bind = (key: string, queue: string) => ({
    source: Exchanges.notifications,
    destination: queue,
    destinationType: 'queue' as const,
    bindingKey: key,
  });

  const vhost: TopologyVhost = {
    exchanges: {
      [Exchanges.notifications]: { type: 'direct', options: { durable: true } },
      [Exchanges.retry]: { type: 'headers', options: { durable: true } },
      [Exchanges.dead]: { type: 'fanout', options: { durable: true } },
    },
    queues: {
      [Queues.email]: workQueue(),
      [Queues.emailCritical]: workQueue(),
      [Queues.push]: workQueue(),
      [Queues.pushCritical]: workQueue(),
      [Queues.status]: workQueue(),
      [Queues.failed]: { options: { durable: true, arguments: {} } },
    },
    bindings: {
      emailRequested: bind(routingKeyFor(emailRequested), Queues.email),
      emailRequestedCritical: bind(routingKeyFor(emailRequested, 10), Queues.emailCritical),
      pushRequested: bind(routingKeyFor(pushRequested), Queues.push),
      pushRequestedCritical: bind(routingKeyFor(pushRequested, 10), Queues.pushCritical),
      statusReported: bind(routingKeyFor(statusReported), Queues.status),
      failed: { source: Exchanges.dead, destination: Queues.failed, destinationType: 'queue' },
    },
    publications: {
      [Publications.emailRequested]: publication(
        Exchanges.notifications,
        routingKeyFor(emailRequested),
        emailRequested,
      ),
      [Publications.emailRequestedCritical]: publication(
        Exchanges.notifications,
        routingKeyFor(emailRequested, 10),
        emailRequested,
      ),
      [Publications.pushRequested]: publication(
        Exchanges.notifications,
        routingKeyFor(pushRequested),
        pushRequested,
      ),
      [Publications.pushRequestedCritical]: publication(
        Exchanges.notifications,
        routingKeyFor(pushRequested, 10),
        pushRequested,
      ),
      [Publications.statusReported]: publication(
        Exchanges.notifications,
        routingKeyFor(statusReported),
        statusReported,
      ),
      // A fanout: the caller may pass the failed message's routing key to keep it visible in failed.queue.
      [Publications.failed]: publication(Exchanges.dead, ''),
    },
    // Prefetch bounds each copy's concurrent work: deliveries are I/O-bound (provider, lookups), so a worker
    // keeps many in flight; more copies share the queue. An email spends ~45 ms in its worker under load (the
    // provider, batched database writes, a confirmed status), so 50 in flight held one copy to ~1,100 a second.
    subscriptions: {
      [Subscriptions.emailRequests]: subscription(Queues.email, 200),
      [Subscriptions.emailCriticalRequests]: subscription(Queues.emailCritical, 10),
      [Subscriptions.pushRequests]: subscription(Queues.push, 50),
      [Subscriptions.pushCriticalRequests]: subscription(Queues.pushCritical, 10),
      // Status messages are recorded in batches of what one prefetch window brings, so it is wide.
      [Subscriptions.statusReports]: subscription(Queues.status, 500),
      // failed.queue is the end of the line: a generous limit, since nothing dead-letters past it.
      [Subscriptions.failedMessages]: subscription(Queues.failed, 10, 100),
    },
  };
  for (const channel of channels) addRetryTiers(vhost, channel, tiersMs);

  return {
    vhosts: { [TopologyVhostName]: vhost },
    redeliveries: { counters: { [RedeliveryCounter]: { type: 'inMemory', size: 1000 } } },
  };
}
