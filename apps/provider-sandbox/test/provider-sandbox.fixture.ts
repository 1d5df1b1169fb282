import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach } from 'node:test';
import { Resend, type CreateEmailOptions } from 'resend';
import { loadConfig } from '@herald/runtime';
import { ProviderSandboxEnv } from '../src/config';
import { startProviderSandbox, type ProviderSandbox } from '../src/provider-sandbox';
import type { SandboxEmail, SandboxRequest } from '../src/resend/resend.store';

/** The key the sandbox accepts by default. */
export const sandboxApiKey = 're_sandbox_local_key';

export interface ProviderSandboxFixture {
  sandbox: ProviderSandbox;
  /** The official Resend SDK, pointed at the sandbox. */
  resend: Resend;
  emails(query?: Record<string, string>): Promise<SandboxEmail[]>;
  requests(query?: Record<string, string>): Promise<SandboxRequest[]>;
  /** Queues a script; answers the raw response so tests can check refusals too. */
  script(body: unknown): Promise<Response>;
  /** `GET` on the control API, answering its `data`. */
  control<T>(path: string, query?: Record<string, string>): Promise<T>;
  /** `POST` (or another method) on the control API, answering the raw response. */
  controlSend(path: string, body?: unknown, method?: string): Promise<Response>;
}

/** A state directory of its own for one test file, removed when the process exits. */
export function temporaryStateDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-sandbox-test-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function dataOf<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { data: T }).data;
}

/**
 * Starts the sandbox in-process on free ports, with a state directory of its own, for one test file; wipes
 * it before each test, stops it after. `env` overrides its variables; `now` replaces its clock.
 */
export function useProviderSandbox(
  options: { env?: Record<string, string>; now?: () => Date } = {},
): ProviderSandboxFixture {
  const fixture = {} as ProviderSandboxFixture;
  before(async () => {
    const config = loadConfig(ProviderSandboxEnv, {
      LOG_LEVEL: 'warn',
      SANDBOX_STATE_DIR: temporaryStateDir(),
      ...options.env,
    });
    const sandbox = await startProviderSandbox(config, {
      port: 0,
      apnsPort: 0,
      ...(options.now ? { now: options.now } : {}),
    });
    const list = async <T>(path: string, query: Record<string, string> = {}) =>
      dataOf<T>(await fetch(`${sandbox.url}${path}?${new URLSearchParams(query)}`));
    Object.assign(fixture, {
      sandbox,
      resend: new Resend(sandboxApiKey, { baseUrl: sandbox.url }),
      emails: (query?: Record<string, string>) => list<SandboxEmail[]>('/sandbox/resend/emails', query),
      requests: (query?: Record<string, string>) => list<SandboxRequest[]>('/sandbox/resend/requests', query),
      script: (body: unknown) =>
        fetch(`${sandbox.url}/sandbox/resend/script`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      control: list,
      controlSend: (path: string, body?: unknown, method = 'POST') =>
        fetch(`${sandbox.url}${path}`, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
    });
  });
  beforeEach(async () => {
    const response = await fetch(`${fixture.sandbox.url}/sandbox/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`reset answered ${response.status}`);
  });
  after(async () => {
    await fixture.sandbox?.close();
  });
  return fixture;
}

let counter = 0;
/** A valid email with a unique recipient. */
export function newEmail(
  overrides: Partial<Record<keyof CreateEmailOptions, unknown>> = {},
): CreateEmailOptions {
  counter += 1;
  return {
    from: 'Herald <noreply@example.com>',
    to: `user.${counter}@example.com`,
    subject: `Welcome ${counter}`,
    html: `<p>Hello number ${counter}</p>`,
    text: `Hello number ${counter}`,
    ...overrides,
  } as CreateEmailOptions;
}

/** Posts a raw body to a Resend endpoint, for what the SDK's types would not let through. */
export async function postRaw(
  fixture: ProviderSandboxFixture,
  path: string,
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${sandboxApiKey}` },
): Promise<{ status: number; body: { statusCode?: number; name?: string; message?: string } }> {
  const response = await fetch(`${fixture.sandbox.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { statusCode?: number; name?: string; message?: string },
  };
}
