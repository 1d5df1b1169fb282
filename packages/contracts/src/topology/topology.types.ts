/*
 * The parts of rascal's BrokerConfig the topology uses, declared here because contracts depend on nothing but
 * TypeBox. A Topology is assignable to rascal's BrokerConfig; runtime adds the connection (and, in tests, a namespace).
 */

export interface TopologyExchange {
  type: 'direct' | 'fanout' | 'headers' | 'topic';
  options: { durable: boolean };
}

export interface TopologyQueue {
  options: { durable: boolean; arguments: Record<string, string | number> };
}

export interface TopologyBinding {
  source: string;
  destination: string;
  destinationType: 'queue';
  bindingKey?: string;
  /** Binding arguments: for the headers exchange, the headers a message must carry. */
  options?: Record<string, string>;
}

export interface TopologyPublication {
  exchange: string;
  routingKey?: string;
  confirm: boolean;
  options: { persistent: boolean; contentType: string; type?: string; headers?: Record<string, string> };
}

export interface TopologySubscription {
  queue: string;
  prefetch: number;
  contentType: string;
  redeliveries: { limit: number; counter: string };
}

export interface TopologyVhost {
  exchanges: Record<string, TopologyExchange>;
  queues: Record<string, TopologyQueue>;
  bindings: Record<string, TopologyBinding>;
  publications: Record<string, TopologyPublication>;
  subscriptions: Record<string, TopologySubscription>;
}

export interface Topology {
  vhosts: Record<string, TopologyVhost>;
  redeliveries: {
    counters: Record<string, { type: 'stub' | 'inMemory' | 'inMemoryCluster'; size?: number }>;
  };
}
