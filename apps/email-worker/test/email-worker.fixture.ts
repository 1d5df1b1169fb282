import { watchSubscription, type BrokerWatch } from '@herald/testing';
import { randomUUID } from 'node:crypto';
import { after, before } from 'node:test';
import { createHeraldClient, type HeraldClient } from '@herald/api-client';
import {
  MessageTypes,
  requestPublication,
  Subscriptions,
  type NotificationEmailRequestedV1,
} from '@herald/contracts';
import { createBroker, createLogger, loadConfig, type Broker, type RunningService } from '@herald/runtime';
import {
  createTestNamespace,
  freePort,
  namespaceEnv,
  startServiceProcess,
  type ServiceProcess,
  type TestNamespace,
} from '@herald/testing';
import { EmailWorkerEnv } from '../src/config';
import { startEmailWorker } from '../src/email-worker';
import { sandboxClient, type SandboxClient } from '@herald/testing';

/** Short retry tiers, for the tests' broker and the worker alike. */
export const testDelayTiersMs = [200, 400, 800] as const;

export interface EmailWorkerFixture {
  ns: TestNamespace;
  /** The worker running in this process; absent with `{ worker: 'none' }`. */
  worker: RunningService | undefined;
  /** The environment the worker runs with, for starting more copies as processes. */
  workerEnv: Record<string, string>;
  /** The tests' own broker in the namespace: publishes requests, watches status events and failed.queue. */
  broker: Broker;
  statuses: BrokerWatch;
  failed: BrokerWatch;
  users: HeraldClient;
  templates: HeraldClient;
  templateServiceUrl: string;
  sandbox: SandboxClient;
}

async function startDependency(
  ns: TestNamespace,
  app: string,
  portVariable: string,
  service: string,
): Promise<ServiceProcess> {
  const port = await freePort();
  return startServiceProcess(app, {
    env: { ...namespaceEnv(ns, service), [portVariable]: String(port) },
    port,
  });
}

/**
 * Starts the user service, the template service and the provider sandbox as processes, and the email worker
 * in this process, all in a fresh namespace with short retry tiers; everything is stopped and dropped after.
 */
export function useEmailWorker(
  env: Record<string, string> = {},
  options: { worker?: 'in-process' | 'none' } = {},
): EmailWorkerFixture {
  const fixture = {} as EmailWorkerFixture;
  const processes: ServiceProcess[] = [];
  before(async () => {
    fixture.ns = createTestNamespace();
    const [userService, templateService, sandbox] = await Promise.all([
      startDependency(fixture.ns, 'user-service', 'USER_SERVICE_PORT', 'users'),
      startDependency(fixture.ns, 'template-service', 'TEMPLATE_SERVICE_PORT', 'templates'),
      startDependency(fixture.ns, 'provider-sandbox', 'SANDBOX_PORT', 'sandbox'),
    ]);
    processes.push(userService, templateService, sandbox);
    fixture.users = createHeraldClient({ baseUrl: userService.url });
    fixture.templates = createHeraldClient({ baseUrl: templateService.url });
    fixture.templateServiceUrl = templateService.url;
    fixture.sandbox = sandboxClient(sandbox.url);

    fixture.broker = await createBroker({
      url: fixture.ns.amqpUrl,
      namespace: fixture.ns.brokerNamespace,
      log: createLogger({ service: 'email-worker-test', level: 'silent' }),
      topology: { delayTiersMs: testDelayTiersMs },
    });
    fixture.statuses = await watchSubscription(fixture.broker, Subscriptions.statusReports);
    fixture.failed = await watchSubscription(fixture.broker, Subscriptions.failedMessages);

    fixture.workerEnv = {
      ...namespaceEnv(fixture.ns, 'email'),
      USER_SERVICE_URL: userService.url,
      TEMPLATE_SERVICE_URL: templateService.url,
      RESEND_BASE_URL: sandbox.url,
      RETRY_DELAY_TIERS_MS: testDelayTiersMs.join(','),
      ...env,
    };
    if (options.worker === 'none') return;
    const config = loadConfig(EmailWorkerEnv, fixture.workerEnv);
    fixture.worker = await startEmailWorker(config, {
      database: config.DATABASE_NAME,
      redisKeyPrefix: config.REDIS_KEY_PREFIX,
      amqpNamespace: config.AMQP_NAMESPACE,
      port: 0,
    });
  });
  after(async () => {
    await fixture.worker?.close();
    await Promise.all(processes.map((process) => process.stop()));
    // The namespace's drop() knows the default tiers only; nuking removes every queue this topology declared.
    await fixture.broker?.rascal.nuke();
    await fixture.broker?.close().catch(() => undefined);
    await fixture.ns?.drop();
  });
  return fixture;
}

/** Starts a copy of the worker as its own process, as production runs it. */
export async function startWorkerProcess(fx: EmailWorkerFixture): Promise<ServiceProcess> {
  const port = await freePort();
  return startServiceProcess('email-worker', {
    env: { ...fx.workerEnv, EMAIL_WORKER_PORT: String(port) },
    port,
  });
}

let counter = 0;

/** Creates a user with a unique email through the user service. */
export async function createUser(fx: EmailWorkerFixture, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const { data, error } = await fx.users.POST('/api/v1/users', {
    body: {
      name: 'Ada',
      email: `ada.${counter}.${randomUUID().slice(0, 8)}@example.com`,
      password: 'correct horse battery',
      preferences: { email: true, push: true },
      ...overrides,
    },
  });
  if (!data) throw new Error(`could not create a user: ${JSON.stringify(error)}`);
  return data.data;
}

/** Creates an email template with a unique code through the template service. */
export async function createTemplate(fx: EmailWorkerFixture, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const { data, error } = await fx.templates.POST('/api/v1/templates', {
    body: {
      code: `welcome.${counter}.${randomUUID().slice(0, 8)}`,
      channel: 'email',
      subject: 'Welcome, {{name}}',
      body: 'Hello {{name}}, open {{link}}',
      html: '<p>Hello {{name}}, <a href="{{link}}">open</a></p>',
      ...overrides,
    },
  });
  if (!data) throw new Error(`could not create a template: ${JSON.stringify(error)}`);
  return data.data;
}

/** A `notification.email.requested.v1` for a fresh notification. */
export function emailRequest(
  userId: string,
  templateCode: string,
  overrides: Partial<NotificationEmailRequestedV1> = {},
): NotificationEmailRequestedV1 {
  return {
    type: MessageTypes.emailRequested,
    message_id: randomUUID(),
    notification_id: randomUUID(),
    request_id: `req-${randomUUID()}`,
    correlation_id: `corr-${randomUUID()}`,
    attempt: 1,
    occurred_at: new Date().toISOString(),
    user_id: userId,
    template_code: templateCode,
    variables: { name: 'Ada', link: 'https://example.com/start' },
    priority: 5,
    ...overrides,
  };
}

/** Publishes a request on its lane, as the gateway's outbox relay does. */
export async function publishRequest(
  fx: EmailWorkerFixture,
  request: NotificationEmailRequestedV1,
): Promise<void> {
  await fx.broker.publish(requestPublication('email', request.priority), request);
}

/** Waits for the status event of a notification with the given status. */
export function waitForStatus(
  fx: EmailWorkerFixture,
  notificationId: string,
  status: string,
  timeoutMs?: number,
) {
  return fx.statuses.waitFor(
    (s) => s.content.notification_id === notificationId && s.content.status === status,
    timeoutMs,
  );
}

/** The statuses reported for a notification so far, in order. */
export function statusesOf(fx: EmailWorkerFixture, notificationId: string): string[] {
  return fx.statuses.items
    .filter((s) => s.content.notification_id === notificationId)
    .map((s) => String(s.content.status));
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
