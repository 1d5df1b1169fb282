import { after, before } from 'node:test';
import { createHeraldClient } from '@herald/api-client';
import { loadConfig, type RunningService } from '@herald/runtime';
import {
  createTestNamespace,
  freePort,
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
  gateway: RunningService;
  /** A client holding the admin API key. */
  admin: ReturnType<typeof createHeraldClient>;
  /** A client for any other credential. */
  clientWith(credentials: { apiKey?: string; accessToken?: string }): ReturnType<typeof createHeraldClient>;
}

/**
 * For one test file: the user service as its own process and the gateway in this one, on a fresh namespace,
 * removed after.
 */
export function useGateway(): GatewayFixture {
  const fixture = {} as GatewayFixture;
  before(async () => {
    fixture.ns = createTestNamespace();
    const userServicePort = await freePort();
    fixture.userService = await startServiceProcess('user-service', {
      port: userServicePort,
      env: { ...namespaceEnv(fixture.ns, 'users'), USER_SERVICE_PORT: String(userServicePort) },
    });
    const env = namespaceEnv(fixture.ns, 'gateway');
    const config = loadConfig(GatewayEnv, {
      ...env,
      HERALD_ADMIN_API_KEY: adminKey,
      USER_SERVICE_URL: fixture.userService.url,
    });
    fixture.gateway = await startApiGateway(config, {
      database: env.DATABASE_NAME,
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      port: 0,
    });
    fixture.clientWith = (credentials) => createHeraldClient({ baseUrl: fixture.gateway.url, ...credentials });
    fixture.admin = fixture.clientWith({ apiKey: adminKey });
  });
  after(async () => {
    await fixture.gateway?.close();
    await fixture.userService?.stop();
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
