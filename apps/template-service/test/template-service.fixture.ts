import { after, before } from 'node:test';
import { createHeraldClient } from '@herald/api-client';
import { loadConfig, type RunningService } from '@herald/runtime';
import { createTestNamespace, namespaceEnv, type TestNamespace } from '@herald/testing';
import { TemplateServiceEnv } from '../src/config';
import { startTemplateService } from '../src/template-service';

export interface TemplateServiceFixture {
  ns: TestNamespace;
  service: RunningService;
  client: ReturnType<typeof createHeraldClient>;
}

/**
 * Starts the template service on a fresh database and Redis prefix for one test file, and drops them after;
 * `prepareEnv` may change the environment first (point REDIS_URL at a proxy, say).
 */
export function useTemplateService(
  options: { prepareEnv?: (env: Record<string, string>) => Promise<Record<string, string>> } = {},
): TemplateServiceFixture {
  const fixture = {} as TemplateServiceFixture;
  before(async () => {
    fixture.ns = createTestNamespace();
    const namespaced = namespaceEnv(fixture.ns, 'templates');
    const env = options.prepareEnv ? await options.prepareEnv(namespaced) : namespaced;
    const config = loadConfig(TemplateServiceEnv, env);
    fixture.service = await startTemplateService(config, {
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
/** A code no other test uses. */
export function uniqueCode(name = 'welcome'): string {
  counter += 1;
  return `${name}.${counter}.${Date.now()}`;
}

/** A valid create-template body for an email template. */
export function newEmailTemplate(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    channel: 'email' as const,
    subject: 'Welcome, {{name}}',
    body: 'Hello {{name}}, open {{link}}',
    html: '<p>Hello {{name}}, <a href="{{link}}">open</a></p>',
    ...overrides,
  };
}

/** A valid create-template body for a push template. */
export function newPushTemplate(code: string, overrides: Record<string, unknown> = {}) {
  return {
    code,
    channel: 'push' as const,
    title: 'Hi {{name}}',
    body: 'You have {{count}} new messages',
    ...overrides,
  };
}
