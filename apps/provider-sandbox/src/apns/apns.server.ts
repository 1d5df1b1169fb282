import { once } from 'node:events';
import {
  createSecureServer,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { Logger } from '@herald/runtime';
import type { ApnsCredentials } from './apns.credentials';
import type { ApnsOutcome, ApnsService } from './apns.service';
import type { ApnsStore } from './apns.store';

// Read a little past the largest payload APNs takes (5 KB for VoIP), enough to know it is too large.
const maxBodyBytes = 5_121;

export interface ApnsServer {
  readonly port: number;
  /** Stops accepting connections, sends every open one a GOAWAY, and drops what is still open after `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

function headerValues(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(':')) values[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return values;
}

async function readBody(stream: ServerHttp2Stream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    // The rest is read and dropped: the answer is PayloadTooLarge either way.
    if (size < maxBodyBytes) chunks.push(buffer.subarray(0, maxBodyBytes - size));
    size += buffer.length;
  }
  return Buffer.concat(chunks);
}

function respond(stream: ServerHttp2Stream, outcome: ApnsOutcome): void {
  if (stream.destroyed || stream.closed) return;
  if (outcome.body === null) {
    stream.respond({ ':status': outcome.status, ...outcome.headers }, { endStream: true });
    return;
  }
  stream.respond({ ':status': outcome.status, 'content-type': 'application/json', ...outcome.headers });
  stream.end(JSON.stringify(outcome.body));
}

/** APNs' provider API: HTTP/2 over TLS, with a certificate signed by the sandbox CA; counts every connection. */
export async function startApnsServer(deps: {
  service: ApnsService;
  store: ApnsStore;
  credentials: ApnsCredentials;
  log: Logger;
  now: () => Date;
  port: number;
  host?: string;
}): Promise<ApnsServer> {
  const { service, store, log, now } = deps;
  const server = createSecureServer({
    key: deps.credentials.server.key,
    cert: deps.credentials.server.cert,
    allowHTTP1: false,
    // What APNs settles on once a connection is trusted.
    settings: { maxConcurrentStreams: 1_000 },
  });
  const sessions = new Map<ServerHttp2Session, number>();

  server.on('session', (session: ServerHttp2Session) => {
    const connection = store.openConnection(session.socket?.remoteAddress ?? null, now());
    sessions.set(session, connection.id);
    session.once('close', () => {
      sessions.delete(session);
      store.closeConnection(connection, now());
    });
    session.on('error', (error) =>
      log.debug({ err: error, connection: connection.id }, 'APNs connection failed'),
    );
  });

  server.on('stream', (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    const receivedAt = now();
    const connectionId = sessions.get(stream.session as ServerHttp2Session) ?? 0;
    stream.on('error', (error) => log.debug({ err: error }, 'APNs stream failed'));
    readBody(stream)
      .then((body) =>
        service.handle({
          method: String(headers[':method'] ?? ''),
          path: String(headers[':path'] ?? ''),
          headers: headerValues(headers),
          body,
          connectionId,
          receivedAt,
        }),
      )
      .then((outcome) => {
        if (outcome.disconnect) stream.session?.destroy();
        else respond(stream, outcome);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'unhandled error in the APNs stand-in');
        respond(stream, {
          status: 500,
          headers: {},
          body: { reason: 'InternalServerError' },
          disconnect: false,
        });
      });
  });
  server.on('tlsClientError', (error) => log.debug({ err: error }, 'APNs TLS handshake failed'));

  server.listen(deps.port, deps.host ?? '0.0.0.0');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('the APNs stand-in is not on a TCP port');

  return {
    port: address.port,
    async close(graceMs = 5_000) {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions.keys()) session.close();
      const force = setTimeout(() => {
        for (const session of sessions.keys()) session.destroy();
      }, graceMs);
      force.unref();
      try {
        await closed;
      } finally {
        clearTimeout(force);
      }
    },
  };
}
