import { after, before } from 'node:test';
import { createHeraldClient } from '@herald/api-client';
import { loadConfig, type RunningService } from '@herald/runtime';
import { createTestNamespace, namespaceEnv, type TestNamespace } from '@herald/testing';
import { UserServiceEnv } from '../src/config';
import { startUserService } from '../src/user-service';

export interface UserServiceFixture {
  ns: TestNamespace;
  service: RunningService;
  client: ReturnType<typeof createHeraldClient>;
}

/** Starts the user service on a fresh database and Redis prefix for one test file, and drops them after. */
export function useUserService(): UserServiceFixture {
  const fixture = {} as UserServiceFixture;
  before(async () => {
    fixture.ns = createTestNamespace();
    const env = namespaceEnv(fixture.ns, 'users');
    const config = loadConfig(UserServiceEnv, env);
    fixture.service = await startUserService(config, {
      database: env.DATABASE_NAME,
      redisKeyPrefix: env.REDIS_KEY_PREFIX,
      port: 0,
    });
    fixture.client = createHeraldClient({ baseUrl: fixture.service.url });
  });
  after(async () => {
    await fixture.service?.close();
    await fixture.ns?.drop();
  });
  return fixture;
}

let counter = 0;
/** A valid create-user body with a unique email. */
export function newUser(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    name: `Ada ${counter}`,
    email: `ada.${counter}.${Date.now()}@example.com`,
    password: 'correct horse battery',
    preferences: { email: true, push: true },
    ...overrides,
  };
}
