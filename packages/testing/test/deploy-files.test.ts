import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const infrastructureNames = ['postgres', 'redis', 'rabbitmq'];

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string | number> | string[];
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: unknown[];
  container_name?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const compose = parse(readFileSync(path.join(workspaceRoot, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as ComposeFile;
const appNames = readdirSync(path.join(workspaceRoot, 'apps'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const builtServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);

function environmentOf(service: ComposeService): Record<string, string> {
  const entries = Array.isArray(service.environment)
    ? service.environment.map((line) => line.split(/=(.*)/s).slice(0, 2))
    : Object.entries(service.environment ?? {});
  return Object.fromEntries(entries.map(([name, value]) => [name, String(value ?? '')]));
}

function dependencyConditions(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependsOn).map(([name, { condition }]) => [name, condition ?? 'service_started']),
  );
}

describe('docker-compose.yml', () => {
  it('has a service for every app under apps/', () => {
    const missing = appNames.filter((app) => compose.services[app] === undefined);
    assert.deepEqual(missing, []);
  });

  it('has postgres 16, redis 7 and rabbitmq 3.13 with the management plugin', () => {
    assert.equal(compose.services.postgres?.image, 'postgres:16');
    assert.equal(compose.services.redis?.image, 'redis:7');
    assert.equal(compose.services.rabbitmq?.image, 'rabbitmq:3.13-management');
  });

  it('gives every service a healthcheck, and every built service one that asks its /health', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      assert.ok(service.healthcheck?.test, `${name} has no healthcheck`);
    }
    for (const [name, service] of builtServices) {
      assert.match(
        [service.healthcheck?.test ?? []].flat().join(' '),
        /\/health\b/,
        `${name} does not check /health`,
      );
    }
  });

  it('makes every app wait for postgres, redis and rabbitmq to be healthy', () => {
    for (const [name, service] of builtServices) {
      const conditions = dependencyConditions(service);
      const needed = name === 'provider-sandbox' ? [] : infrastructureNames;
      for (const dependency of needed)
        assert.ok(conditions[dependency], `${name} does not depend on ${dependency}`);
      for (const dependency of infrastructureNames.filter((dependency) => conditions[dependency])) {
        assert.equal(conditions[dependency], 'service_healthy', `${name} -> ${dependency}`);
      }
    }
  });

  it('lets workers scale: no published port and no fixed container name', () => {
    const workers = Object.entries(compose.services).filter(([name]) => name.endsWith('-worker'));
    assert.deepEqual(
      workers.map(([name]) => name).sort(),
      appNames.filter((name) => name.endsWith('-worker')).sort(),
    );
    for (const [name, service] of workers) {
      assert.equal(service.ports, undefined, `${name} publishes a port`);
      assert.equal(service.container_name, undefined, `${name} has a container_name`);
    }
  });

  it('publishes the gateway on 8080 and the provider sandbox on 8025', () => {
    assert.ok(compose.services['api-gateway']?.ports?.map(String).includes('8080:8080'));
    assert.ok(compose.services['provider-sandbox']?.ports?.map(String).includes('8025:8025'));
  });

  it('points the apps at the compose hostnames', () => {
    for (const [name, service] of builtServices.filter(([name]) => name !== 'provider-sandbox')) {
      const env = environmentOf(service);
      assert.equal(env.DATABASE_URL, 'postgres://postgres:postgres@postgres:5432/postgres', name);
      assert.equal(env.AMQP_URL, 'amqp://guest:guest@rabbitmq:5672', name);
      assert.equal(env.REDIS_URL, 'redis://redis:6379', name);
    }
  });

  it('takes the secrets from the environment with a local default', () => {
    const gateway = environmentOf(compose.services['api-gateway'] ?? {});
    const users = environmentOf(compose.services['user-service'] ?? {});
    assert.match(gateway.HERALD_ADMIN_API_KEY ?? '', /^\$\{HERALD_ADMIN_API_KEY:-.+\}$/);
    for (const env of [gateway, users]) assert.match(env.JWT_SECRET ?? '', /^\$\{JWT_SECRET:-.{32,}\}$/);
  });
});

interface DockerStage {
  name: string;
  from: string;
  instructions: { keyword: string; args: string }[];
}

function parseDockerfile(text: string): DockerStage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: DockerStage[] = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [, from = '', name = String(stages.length)] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ name, from, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(path.join(workspaceRoot, 'Dockerfile'), 'utf8'));

/** What a container built from `target` runs with: the stage's own instructions over its ancestors'. */
function effectiveSettings(target: string, buildArgs: Record<string, string> = {}): Record<string, string> {
  const chain: DockerStage[] = [];
  for (
    let stage = stages.find((s) => s.name === target);
    stage;
    stage = stages.find((s) => s.name === stage?.from)
  ) {
    chain.unshift(stage);
  }
  const settings: Record<string, string> = { BASE: chain[0]?.from ?? '' };
  const variables: Record<string, string> = {};
  for (const { keyword, args } of chain.flatMap((stage) => stage.instructions)) {
    const expanded = args.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => variables[name] ?? whole);
    if (keyword === 'ARG') {
      const [name = '', value] = expanded.split('=');
      variables[name] = buildArgs[name] ?? value ?? variables[name] ?? '';
    }
    if (keyword === 'ENV') {
      for (const [, name = '', value = ''] of expanded.matchAll(/(\w+)=(\S+)/g)) variables[name] = value;
    }
    settings[keyword] = expanded;
  }
  settings.APP = variables.APP ?? '';
  return settings;
}

describe('Dockerfile', () => {
  it('installs the dependencies with npm ci in a node:20-bookworm-slim deps stage', () => {
    const deps = stages.find((stage) => stage.name === 'deps');
    assert.equal(deps?.from, 'node:20-bookworm-slim');
    assert.ok(deps?.instructions.some(({ keyword, args }) => keyword === 'RUN' && /\bnpm ci\b/.test(args)));
  });

  it('has a runtime stage that takes the app as ARG APP', () => {
    const runtime = stages.find((stage) => stage.name === 'runtime');
    assert.ok(runtime?.instructions.some(({ keyword, args }) => keyword === 'ARG' && /^APP\b/.test(args)));
    assert.equal(effectiveSettings('runtime', { APP: 'user-service' }).WORKDIR, '/app/apps/user-service');
  });

  it('bundles every app in the image, after the code is copied in', () => {
    const base = stages.find((stage) => stage.name === 'base');
    const copied =
      base?.instructions.findIndex(({ keyword, args }) => keyword === 'COPY' && args === '. .') ?? -1;
    const built =
      base?.instructions.findIndex(
        ({ keyword, args }) => keyword === 'RUN' && /scripts\/build\.mjs/.test(args),
      ) ?? -1;
    assert.ok(copied >= 0 && built > copied, 'the base stage runs scripts/build.mjs after COPY . .');
  });

  it('builds every app: as the node user, in its folder, running its bundle with plain node, stopped by SIGTERM', () => {
    for (const app of new Set([...appNames, ...builtServices.map(([name]) => name)])) {
      const service = compose.services[app];
      const build = typeof service?.build === 'object' ? service.build : {};
      const target = build.target ?? 'runtime';
      const settings = effectiveSettings(target, { APP: build.args?.APP ?? app });
      assert.ok(
        stages.some((stage) => stage.name === target),
        `${app}: no stage ${target}`,
      );
      assert.equal(settings.BASE, 'node:20-bookworm-slim', app);
      assert.equal(settings.USER, 'node', app);
      assert.equal(settings.WORKDIR, `/app/apps/${app}`, app);
      assert.equal(settings.APP, app, app);
      assert.equal(settings.STOPSIGNAL, 'SIGTERM', app);
      assert.match(settings.CMD ?? '', /^\["node",( "--[a-z-]+(=[0-9]+)?",)* "dist\/main\.mjs"\]$/, app);
    }
  });

  it('keeps node_modules and local secrets out of the build context', () => {
    const ignored = readFileSync(path.join(workspaceRoot, '.dockerignore'), 'utf8').split(/\r?\n/);
    assert.ok(ignored.includes('**/node_modules'));
    assert.ok(ignored.includes('.herald'));
  });
});

interface UnreachableService {
  name: string;
  variable: string;
  address?: string;
}
interface InfrastructureScript {
  checkInfrastructure(env: Record<string, string | undefined>): Promise<UnreachableService[]>;
  reportUnreachable(unreachable: UnreachableService[], write: (line: string) => void): void;
}

async function importScript<T>(name: string): Promise<T> {
  return (await import(pathToFileURL(path.join(workspaceRoot, 'scripts', name)).href)) as T;
}

describe('scripts/infrastructure.mjs', () => {
  const laptopEnv = {
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    AMQP_URL: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  };

  it('reports a service on a closed port as unreachable, with how to start it', async () => {
    const { checkInfrastructure, reportUnreachable } =
      await importScript<InfrastructureScript>('infrastructure.mjs');
    const unreachable = await checkInfrastructure({
      ...laptopEnv,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres',
    });
    const postgres = unreachable.find((service) => service.name === 'PostgreSQL');
    assert.equal(postgres?.address, '127.0.0.1:1');
    const lines: string[] = [];
    reportUnreachable(unreachable, (line) => lines.push(line));
    assert.ok(
      lines.includes(
        'PostgreSQL is not reachable at 127.0.0.1:1 (DATABASE_URL). Start it with: ' +
          'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start  (or: docker compose up -d postgres)',
      ),
      lines.join('\n'),
    );
  });

  it('finds the real Redis reachable', async () => {
    const { checkInfrastructure } = await importScript<InfrastructureScript>('infrastructure.mjs');
    const unreachable = await checkInfrastructure(laptopEnv);
    assert.equal(
      unreachable.find((service) => service.name === 'Redis'),
      undefined,
    );
  });
});

interface StartScript {
  LOCAL_ADMIN_API_KEY: string;
  buildLocalEnvironment(options: { root: string; env: Record<string, string | undefined> }): {
    env: Record<string, string>;
    file: string;
  };
}

describe('scripts/start.mjs', () => {
  const roots: string[] = [];
  after(async () => {
    await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
  });

  it('keeps the generated JWT secret in .herald/local.env across runs', async () => {
    const { buildLocalEnvironment, LOCAL_ADMIN_API_KEY } = await importScript<StartScript>('start.mjs');
    const root = await mkdtemp(path.join(tmpdir(), 'herald-start-'));
    roots.push(root);
    const first = buildLocalEnvironment({ root, env: {} });
    const second = buildLocalEnvironment({ root, env: {} });
    assert.ok((first.env.JWT_SECRET ?? '').length >= 32);
    assert.equal(second.env.JWT_SECRET, first.env.JWT_SECRET);
    assert.equal(first.env.HERALD_ADMIN_API_KEY, LOCAL_ADMIN_API_KEY);
    assert.ok(existsSync(first.file));
    assert.match(await readFile(first.file, 'utf8'), new RegExp(`^JWT_SECRET=${first.env.JWT_SECRET}$`, 'm'));
  });

  it('lets variables already set in the environment win', async () => {
    const { buildLocalEnvironment } = await importScript<StartScript>('start.mjs');
    const root = await mkdtemp(path.join(tmpdir(), 'herald-start-'));
    roots.push(root);
    const env = {
      JWT_SECRET: 'a-secret-set-by-the-developer-0123456789',
      HERALD_ADMIN_API_KEY: 'my-admin-key',
    };
    const { env: built } = buildLocalEnvironment({ root, env });
    assert.equal(built.JWT_SECRET, env.JWT_SECRET);
    assert.equal(built.HERALD_ADMIN_API_KEY, env.HERALD_ADMIN_API_KEY);
  });
});

interface TestScript {
  createTestTally(): {
    line(line: string): void;
    result(exitCode: number): { passed: number; failed: number };
  };
}

describe('scripts/test.mjs', () => {
  it("adds up every project's pass and fail lines", async () => {
    const { createTestTally } = await importScript<TestScript>('test.mjs');
    const tally = createTestTally();
    for (const line of [
      'contracts: ℹ pass 12',
      'contracts: ℹ fail 0',
      '\u001b[34mℹ pass 3\u001b[39m',
      'ℹ fail 2',
    ]) {
      tally.line(line);
    }
    assert.deepEqual(tally.result(1), { passed: 15, failed: 2 });
  });

  it('counts a failed project that printed no summary as one failure', async () => {
    const { createTestTally } = await importScript<TestScript>('test.mjs');
    const tally = createTestTally();
    const output = [
      'runtime: ℹ pass 4',
      'runtime: ℹ fail 0',
      'Failed tasks:',
      '',
      '- contracts:test',
      '',
      'Run duration: 1s',
    ];
    for (const line of output) tally.line(line);
    assert.deepEqual(tally.result(1), { passed: 4, failed: 1 });
  });

  it('counts a failing nx run without any summary as one failure', async () => {
    const { createTestTally } = await importScript<TestScript>('test.mjs');
    assert.deepEqual(createTestTally().result(1), { passed: 0, failed: 1 });
  });
});
