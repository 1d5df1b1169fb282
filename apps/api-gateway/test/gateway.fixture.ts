import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { createHeraldClient } from '@herald/api-client';
import { loadConfig, type RunningService } from '@herald/runtime';
import {
  createTestNamespace,
  freePort,
  sandboxClient,
  startFaultProxyFor,
  type FaultProxy,
  type SandboxClient,
  namespaceEnv,
  startServiceProcess,
  type ServiceProcess,
  type TestNamespace,
} from '@herald/testing';
import { GatewayEnv } from '../src/config';
import { startApiGateway } from '../src/api-gateway';

export const adminKey = 'test-admin-key-0123456789abcdef';

export interface GatewayFixture {
  ns: TestNamespace;
  userService: ServiceProcess;
  templateService: ServiceProcess;
  gateway: RunningService;
  /** A client holding the admin API key. */
  admin: ReturnType<typeof createHeraldClient>;
  /** With `{ email: ... }`: the provider sandbox and the email worker copies, as processes. */
  sandbox: SandboxClient;
  emailWorkers: ServiceProcess[];
  /** Starts one more email worker copy. */
  startEmailWorker(): Promise<ServiceProcess>;
  /** Present when the fixture was asked to reach RabbitMQ through a fault proxy. */
  brokerProxy?: FaultProxy;
  /** Present when the fixture was asked to reach the gateway's PostgreSQL through a fault proxy. */
  databaseProxy?: FaultProxy;
  /** A client for any other credential. */
  clientWith(credentials: { apiKey?: string; accessToken?: string }): ReturnType<typeof createHeraldClient>;
}

/**
 * For one test file: the user service as its own process and the gateway in this one, on a fresh namespace,
 * removed after.
 */
export function useGateway(
  options: {
    env?: Record<string, string>;
    brokerThroughProxy?: boolean;
    databaseThroughProxy?: boolean;
    email?: { workers: number };
  } = {},
): GatewayFixture {
  const fixture = {} as GatewayFixture;
  let sandboxProcess: ServiceProcess | undefined;
  before(async () => {
    fixture.ns = createTestNamespace();
    let amqpUrl = fixture.ns.amqpUrl;
    if (options.brokerThroughProxy) {
      const proxied = await startFaultProxyFor(amqpUrl, 5672);
      fixture.brokerProxy = proxied.proxy;
      amqpUrl = proxied.url;
    }
    const userServicePort = await freePort();
    fixture.userService = await startServiceProcess('user-service', {
      port: userServicePort,
      env: { ...namespaceEnv(fixture.ns, 'users'), USER_SERVICE_PORT: String(userServicePort) },
    });
    const templateServicePort = await freePort();
    fixture.templateService = await startServiceProcess('template-service', {
      port: templateServicePort,
      env: { ...namespaceEnv(fixture.ns, 'templates'), TEMPLATE_SERVICE_PORT: String(templateServicePort) },
    });
    fixture.emailWorkers = [];
    if (options.email) {
      const sandboxPort = await freePort();
      const sandbox = await startServiceProcess('provider-sandbox', {
        port: sandboxPort,
        env: { ...namespaceEnv(fixture.ns, 'sandbox'), SANDBOX_PORT: String(sandboxPort) },
      });
      sandboxProcess = sandbox;
      fixture.sandbox = sandboxClient(sandbox.url);
      fixture.startEmailWorker = async () => {
        const port = await freePort();
        const worker = await startServiceProcess('email-worker', {
          port,
          env: {
            ...namespaceEnv(fixture.ns, 'email'),
            AMQP_URL: amqpUrl,
            EMAIL_WORKER_PORT: String(port),
            USER_SERVICE_URL: fixture.userService.url,
            TEMPLATE_SERVICE_URL: fixture.templateService.url,
            RESEND_BASE_URL: sandbox.url,
          },
        });
        fixture.emailWorkers.push(worker);
        return worker;
      };
      for (let i = 0; i < options.email.workers; i++) await fixture.startEmailWorker();
    }
    const env = namespaceEnv(fixture.ns, 'gateway');
    if (options.databaseThroughProxy) {
      const proxied = await startFaultProxyFor(env.DATABASE_URL ?? '', 5432);
      fixture.databaseProxy = proxied.proxy;
      env.DATABASE_URL = proxied.url;
    }
    const config = loadConfig(GatewayEnv, {
      ...env,
      HERALD_ADMIN_API_KEY: adminKey,
      USER_SERVICE_URL: fixture.userService.url,
      TEMPLATE_SERVICE_URL: fixture.templateService.url,
      AMQP_URL: amqpUrl,
      ...options.env,
    });
    fixture.gateway = await startApiGateway(config, {
      database: env.DATABASE_NAME,
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      port: 0,
    });
    fixture.clientWith = (credentials) =>
      createHeraldClient({ baseUrl: fixture.gateway.url, ...credentials });
    fixture.admin = fixture.clientWith({ apiKey: adminKey });
  });
  after(async () => {
    await fixture.gateway?.close();
    await Promise.all((fixture.emailWorkers ?? []).map((worker) => worker.stop()));
    await sandboxProcess?.stop();
    await fixture.brokerProxy?.close();
    await fixture.databaseProxy?.close();
    await fixture.userService?.stop();
    await fixture.templateService?.stop();
    await fixture.ns?.drop();
  });
  return fixture;
}

let counter = 0;
/** A valid create-user body with a unique email. */
export function newUser(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    name: `Lin ${counter}`,
    email: `lin.${counter}.${Date.now()}@example.com`,
    password: 'correct horse battery',
    preferences: { email: true, push: true },
    ...overrides,
  };
}

/** Sends one email notification to `userId` with the admin key and a fresh request_id, as a caller's backend would. */
export function sendEmailTo(fx: GatewayFixture, userId: string, overrides: Record<string, unknown> = {}) {
  return fx.admin.POST('/api/v1/notifications', {
    body: {
      notification_type: 'email',
      user_id: userId,
      template_code: 'welcome',
      variables: {},
      request_id: randomUUID(),
      ...overrides,
    } as never,
  });
}
