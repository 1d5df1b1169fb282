import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { adoptExpressPrototypes } from './express-prototypes';

/** Starts listening and resolves once the port is bound (0 picks a free port). */
export async function listen(app: Express, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer(adoptExpressPrototypes(app) ?? {}, app);
  server.listen(port, host);
  await once(server, 'listening');
  // Longer than a typical load balancer's idle timeout, so it never reuses a socket we just closed.
  server.keepAliveTimeout = 65_000;
  return server;
}

/** The port a listening server was given. */
export function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('server is not listening on a TCP port');
  return address.port;
}

/** Stops accepting connections, lets requests in flight finish, then drops what is still open after `graceMs`. */
export async function closeServer(server: Server, graceMs = 5_000): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  // A keep-alive connection whose request finishes after close() stays open unless closed again.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  sweep.unref();
  force.unref();
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(force);
  }
}

/** A started service as its composition root and tests see it. */
export interface RunningService {
  readonly url: string;
  readonly port: number;
  /** Stops intake, drains, closes every connection; idempotent. */
  close(): Promise<void>;
}
