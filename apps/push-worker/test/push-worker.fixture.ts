import {
  watchSubscription,
  type BrokerWatch,
  pushSandboxClient,
  type IssuedSubscription,
  type PushSandboxClient,
} from '@herald/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import webpush from 'web-push';
import { createHeraldClient, type HeraldClient } from '@herald/api-client';
import {
  MessageTypes,
  requestPublication,
  Subscriptions,
  type NotificationPushRequestedV1,
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
import { PushWorkerEnv } from '../src/config';
import { startPushWorker } from '../src/push-worker';

/** Short retry tiers, for the tests' broker and the worker alike. */
export const testDelayTiersMs = [200, 400, 800] as const;

export interface PushWorkerFixture {
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
  sandbox: PushSandboxClient;
}

async function startDependency(
  ns: TestNamespace,
  app: string,
  portVariable: string,
  service: string,
  extra: Record<string, string> = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  return startServiceProcess(app, {
    env: { ...namespaceEnv(ns, service), [portVariable]: String(port), ...extra },
    port,
  });
}

/**
 * Starts the user service, the template service and the provider sandbox (its APNs stand-in on a free port, its
 * CA and key in a temporary folder) as processes, and the push worker in this process, all in a fresh namespace
 * with short retry tiers; everything is stopped and dropped after. `env` overrides the worker's environment.
 */
export function usePushWorker(
  env: Record<string, string | undefined> = {},
  options: { worker?: 'in-process' | 'none' } = {},
): PushWorkerFixture {
  const fixture = {} as PushWorkerFixture;
  const processes: ServiceProcess[] = [];
  let stateDir: string | undefined;
  before(async () => {
    fixture.ns = createTestNamespace();
    stateDir = await mkdtemp(path.join(tmpdir(), 'herald-push-sandbox-'));
    const [userService, templateService, sandbox] = await Promise.all([
      startDependency(fixture.ns, 'user-service', 'USER_SERVICE_PORT', 'users'),
      startDependency(fixture.ns, 'template-service', 'TEMPLATE_SERVICE_PORT', 'templates'),
      startDependency(fixture.ns, 'provider-sandbox', 'SANDBOX_PORT', 'sandbox', {
        SANDBOX_APNS_PORT: String(await freePort()),
        SANDBOX_STATE_DIR: stateDir,
      }),
    ]);
    processes.push(userService, templateService, sandbox);
    fixture.users = createHeraldClient({ baseUrl: userService.url });
    fixture.templates = createHeraldClient({ baseUrl: templateService.url });
    fixture.sandbox = pushSandboxClient(sandbox.url);

    fixture.broker = await createBroker({
      url: fixture.ns.amqpUrl,
      namespace: fixture.ns.brokerNamespace,
      log: createLogger({ service: 'push-worker-test', level: 'silent' }),
      topology: { delayTiersMs: testDelayTiersMs },
    });
    fixture.statuses = await watchSubscription(fixture.broker, Subscriptions.statusReports);
    fixture.failed = await watchSubscription(fixture.broker, Subscriptions.failedMessages);

    const apns = await fixture.sandbox.apnsSettings();
    const vapid = webpush.generateVAPIDKeys();
    const workerEnv: Record<string, string | undefined> = {
      ...namespaceEnv(fixture.ns, 'push'),
      USER_SERVICE_URL: userService.url,
      TEMPLATE_SERVICE_URL: templateService.url,
      APNS_HOST: apns.host,
      APNS_PORT: String(apns.port),
      APNS_CA_FILE: apns.ca_file,
      APNS_KEY_FILE: apns.key_file,
      APNS_KEY_ID: apns.key_id,
      APNS_TEAM_ID: apns.team_id,
      APNS_TOPIC: apns.topic,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:push-tests@example.com',
      RETRY_DELAY_TIERS_MS: testDelayTiersMs.join(','),
      ...env,
    };
    fixture.workerEnv = Object.fromEntries(
      Object.entries(workerEnv).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    if (options.worker === 'none') return;
    const config = loadConfig(PushWorkerEnv, fixture.workerEnv);
    fixture.worker = await startPushWorker(config, {
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
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });
  return fixture;
}

/** Starts a copy of the worker as its own process, as production runs it. */
export async function startWorkerProcess(fx: PushWorkerFixture): Promise<ServiceProcess> {
  const port = await freePort();
  return startServiceProcess('push-worker', {
    env: { ...fx.workerEnv, PUSH_WORKER_PORT: String(port) },
    port,
  });
}

let counter = 0;

/** Creates a user with a unique email through the user service. */
export async function createUser(fx: PushWorkerFixture, overrides: Record<string, unknown> = {}) {
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

/** Registers an iOS device token for a user. */
export async function addIosDevice(fx: PushWorkerFixture, userId: string, token: string) {
  const { data, error } = await fx.users.POST('/api/v1/users/{id}/devices', {
    params: { path: { id: userId } },
    body: { platform: 'ios', token },
  });
  if (!data) throw new Error(`could not add a device: ${JSON.stringify(error)}`);
  return data.data;
}

/** Registers a Web Push subscription the sandbox issued as a user's `web` device. */
export async function addWebDevice(fx: PushWorkerFixture, userId: string, subscription: IssuedSubscription) {
  const { endpoint, keys } = subscription;
  const { data, error } = await fx.users.POST('/api/v1/users/{id}/devices', {
    params: { path: { id: userId } },
    body: { platform: 'web', token: { endpoint, expirationTime: null, keys } },
  });
  if (!data) throw new Error(`could not add a device: ${JSON.stringify(error)}`);
  return data.data;
}

/** The user's devices as the user service lists them. */
export async function devicesOf(fx: PushWorkerFixture, userId: string) {
  const { data } = await fx.users.GET('/api/v1/users/{id}/devices', { params: { path: { id: userId } } });
  return data?.data ?? [];
}

/** Creates a push template with a unique code through the template service. */
export async function createPushTemplate(fx: PushWorkerFixture, overrides: Record<string, unknown> = {}) {
  counter += 1;
  const { data, error } = await fx.templates.POST('/api/v1/templates', {
    body: {
      code: `push.${counter}.${randomUUID().slice(0, 8)}`,
      channel: 'push',
      title: 'Hi {{name}}',
      body: 'Your order {{order}} has shipped',
      ...overrides,
    },
  });
  if (!data) throw new Error(`could not create a template: ${JSON.stringify(error)}`);
  return data.data;
}

/** A `notification.push.requested.v1` for a fresh notification. */
export function pushRequest(
  userId: string,
  templateCode: string,
  overrides: Omit<Partial<NotificationPushRequestedV1>, 'variables'> & {
    variables?: Record<string, unknown>;
  } = {},
): NotificationPushRequestedV1 {
  const { variables, ...fields } = overrides;
  return {
    type: MessageTypes.pushRequested,
    message_id: randomUUID(),
    notification_id: randomUUID(),
    request_id: `req-${randomUUID()}`,
    correlation_id: `corr-${randomUUID()}`,
    attempt: 1,
    occurred_at: new Date().toISOString(),
    user_id: userId,
    template_code: templateCode,
    // Any other key is allowed next to name, link and meta; the schema's static type does not say so.
    variables: (variables ?? {
      name: 'Ada',
      order: 'A-42',
      link: 'https://example.com/orders/A-42',
    }) as NotificationPushRequestedV1['variables'],
    priority: 5,
    ...fields,
  };
}

/** Publishes a request on its lane, as the gateway's outbox relay does. */
export async function publishRequest(
  fx: PushWorkerFixture,
  request: NotificationPushRequestedV1,
): Promise<void> {
  await fx.broker.publish(requestPublication('push', request.priority), request);
}

/** Waits for the status event of a notification with the given status. */
export function waitForStatus(
  fx: PushWorkerFixture,
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
export function statusesOf(fx: PushWorkerFixture, notificationId: string): string[] {
  return fx.statuses.items
    .filter((s) => s.content.notification_id === notificationId)
    .map((s) => String(s.content.status));
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
