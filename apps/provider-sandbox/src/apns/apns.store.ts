import { createBoundedLog } from '../control/bounded.log';
import type { ApnsPushHeaders } from './apns-request.validation';

/** A push the APNs stand-in accepted. */
export interface ApnsPush extends ApnsPushHeaders {
  token: string;
  payload: Record<string, unknown>;
  /** Every `apns-*` header as it arrived. */
  headers: Record<string, string>;
  connection_id: number;
  received_at: string;
  /** When it was accepted and answered (after any scripted hold). */
  answered_at: string;
}

/** One request to the APNs stand-in, whatever its answer. */
export interface ApnsRequestRecord {
  seq: number;
  method: string;
  path: string;
  token: string | null;
  topic: string | null;
  /** The `apns-id` answered with; null for a request refused before its headers were read. */
  apns_id: string | null;
  connection_id: number;
  received_at: string;
  /** Null while in flight, or when the connection was dropped without an answer. */
  answered_at: string | null;
  status: number | null;
  reason: string | null;
  /** Whether a scripted step decided this answer. */
  scripted: boolean;
}

/** One HTTP/2 connection (session) a client opened. */
export interface ApnsConnection {
  id: number;
  remote_address: string | null;
  opened_at: string;
  closed_at: string | null;
  requests: number;
}

export interface ApnsConnectionStats {
  /** Connections opened since the last reset, plus those still open from before it. */
  opened_total: number;
  open_now: number;
  connections: ApnsConnection[];
}

export interface ApnsFilter {
  token?: string | undefined;
  topic?: string | undefined;
  collapse_id?: string | undefined;
}

const sameToken = (token: string | null, wanted: string | undefined) =>
  wanted === undefined || token?.toLowerCase() === wanted.toLowerCase();

/** The APNs stand-in's memory: the newest `maxPushes` pushes and as many requests, the connections, gone tokens. */
export function createApnsStore(options: { maxPushes: number }) {
  const pushes = createBoundedLog<ApnsPush>(options.maxPushes);
  const requests = createBoundedLog<ApnsRequestRecord>(options.maxPushes);
  let connections = new Map<number, ApnsConnection>();
  const unregistered = new Map<string, number>();
  let seq = 0;
  let connectionSeq = 0;
  return {
    addPush: (push: ApnsPush) => pushes.add(push),
    listPushes: (filter: ApnsFilter = {}) =>
      pushes
        .list()
        .filter(
          (push) =>
            sameToken(push.token, filter.token) &&
            (filter.topic === undefined || push.topic === filter.topic) &&
            (filter.collapse_id === undefined || push.collapse_id === filter.collapse_id),
        ),
    /** Starts a request's record; the caller fills in its answer. */
    recordRequest(request: Omit<ApnsRequestRecord, 'seq'>): ApnsRequestRecord {
      seq += 1;
      const connection = connections.get(request.connection_id);
      if (connection) connection.requests += 1;
      return requests.add({ seq, ...request });
    },
    listRequests: (filter: ApnsFilter = {}) =>
      requests.list().filter((request) => sameToken(request.token, filter.token)),

    openConnection(remoteAddress: string | null, at: Date): ApnsConnection {
      connectionSeq += 1;
      const connection = {
        id: connectionSeq,
        remote_address: remoteAddress,
        opened_at: at.toISOString(),
        closed_at: null,
        requests: 0,
      };
      connections.set(connection.id, connection);
      return connection;
    },
    closeConnection(connection: ApnsConnection, at: Date): void {
      connection.closed_at = at.toISOString();
    },
    connectionStats(): ApnsConnectionStats {
      const list = [...connections.values()];
      return {
        opened_total: list.length,
        open_now: list.filter((connection) => connection.closed_at === null).length,
        connections: list.map((connection) => ({ ...connection })),
      };
    },

    /** From now on the token answers 410 Unregistered with this timestamp (ms). */
    unregister(token: string, at: number): void {
      unregistered.set(token.toLowerCase(), at);
    },
    unregisteredAt: (token: string): number | undefined => unregistered.get(token.toLowerCase()),
    listUnregistered: () => [...unregistered].map(([token, at]) => ({ token, unregistered_at: at })),

    /** Forgets every push, request, gone token and closed connection; open connections stay counted. */
    clear(): void {
      pushes.clear();
      requests.clear();
      unregistered.clear();
      connections = new Map([...connections].filter(([, connection]) => connection.closed_at === null));
    },
  };
}
export type ApnsStore = ReturnType<typeof createApnsStore>;
