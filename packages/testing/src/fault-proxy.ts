import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface FaultProxy {
  /** `host:port` of the proxy; point a client's URL at it instead of the real service. */
  readonly port: number;
  /** Drops every open connection and refuses new ones, as a network partition or a crashed peer would. */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  close(): Promise<void>;
}

/** A TCP proxy in front of a real service (RabbitMQ, PostgreSQL, Redis), to break its connections on demand. */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy has no port');
  return {
    port: address.port,
    cut() {
      refusing = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      refusing = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A fault proxy in front of the service `url` names, and that URL pointed at the proxy instead. */
export async function startFaultProxyFor(
  url: string,
  defaultPort: number,
): Promise<{ proxy: FaultProxy; url: string }> {
  const real = new URL(url);
  const proxy = await startFaultProxy({ host: real.hostname, port: Number(real.port || defaultPort) });
  real.host = `127.0.0.1:${proxy.port}`;
  return { proxy, url: real.toString() };
}
