// Checks that PostgreSQL, Redis and RabbitMQ answer before anything starts. No dependencies on purpose:
// it runs before `npm install` may have happened.
import net from 'node:net';
import { isMainModule } from './main-module.mjs';

const CONNECT_TIMEOUT_MS = 2_000;

/** The infrastructure every service needs, with the variable naming it and how to start it on a laptop. */
export const infrastructureServices = Object.freeze([
  {
    name: 'PostgreSQL',
    variable: 'DATABASE_URL',
    defaultUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
    startCommand: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    composeService: 'postgres',
  },
  {
    name: 'Redis',
    variable: 'REDIS_URL',
    defaultUrl: 'redis://127.0.0.1:6379',
    startCommand: 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no',
    composeService: 'redis',
  },
  {
    name: 'RabbitMQ',
    variable: 'AMQP_URL',
    defaultUrl: 'amqp://guest:guest@127.0.0.1:5672',
    startCommand: 'rabbitmq-server -detached',
    composeService: 'rabbitmq',
  },
]);

const defaultPorts = { postgres: 5432, postgresql: 5432, redis: 6379, rediss: 6379, amqp: 5672, amqps: 5671 };

/** Where a service URL points: { host, port } for TCP, { socket } for a PostgreSQL unix socket. */
export function endpointOf(url) {
  const parsed = new URL(url);
  const protocol = parsed.protocol.replace(/:$/, '');
  const port = parsed.port ? Number(parsed.port) : defaultPorts[protocol];
  if (port === undefined) throw new Error(`unknown scheme ${protocol}:`);
  const socketDirectory = parsed.searchParams.get('host');
  if (!parsed.hostname && socketDirectory?.startsWith('/')) {
    return { socket: `${socketDirectory}/.s.PGSQL.${port}`, label: socketDirectory };
  }
  const host = (parsed.hostname || 'localhost').replace(/^\[(.*)\]$/, '$1');
  return { host, port, label: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}` };
}

function canConnect(endpoint) {
  return new Promise((resolve) => {
    const socket = endpoint.socket
      ? net.connect({ path: endpoint.socket })
      : net.connect({ host: endpoint.host, port: endpoint.port });
    const finish = (reachable, reason) => {
      socket.destroy();
      resolve({ reachable, reason });
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => finish(false, 'timed out'));
    socket.once('connect', () => finish(true));
    socket.once('error', (error) => finish(false, error.code ?? error.message));
  });
}

/**
 * Opens a TCP connection to each service named by `env` (or its laptop default) and returns those that do
 * not answer within 2 s, each with its name, variable, address, reason and start commands.
 */
export async function checkInfrastructure(env = process.env) {
  const results = await Promise.all(
    infrastructureServices.map(async (service) => {
      const url = env[service.variable] || service.defaultUrl;
      let endpoint;
      try {
        endpoint = endpointOf(url);
      } catch (error) {
        return { ...service, address: undefined, reason: error.message };
      }
      const { reachable, reason } = await canConnect(endpoint);
      return reachable ? undefined : { ...service, address: endpoint.label, reason };
    }),
  );
  return results.filter((result) => result !== undefined);
}

/** The one-line explanation, with the start command, for an unreachable service. */
export function describeUnreachable(service) {
  if (service.address === undefined) {
    return `${service.name} is not reachable: ${service.variable} is not a valid URL (${service.reason}).`;
  }
  return (
    `${service.name} is not reachable at ${service.address} (${service.variable}). ` +
    `Start it with: ${service.startCommand}  (or: docker compose up -d ${service.composeService})`
  );
}

/** Prints one line per unreachable service, no stack trace. */
export function reportUnreachable(unreachable, write = (line) => console.error(line)) {
  for (const service of unreachable) write(describeUnreachable(service));
}


if (isMainModule(import.meta.url)) {
  const unreachable = await checkInfrastructure(process.env);
  reportUnreachable(unreachable);
  process.exitCode = unreachable.length === 0 ? 0 : 1;
}
