import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const appsWithMigrations = readdirSync(path.join(workspaceRoot, 'apps'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .filter((app) => existsSync(path.join(workspaceRoot, 'apps', app, 'migrations')));

async function importFile(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

describe('migrations/index.ts', () => {
  it('is there for every app with migrations', () => {
    assert.ok(appsWithMigrations.length > 0);
    for (const app of appsWithMigrations) {
      assert.ok(existsSync(path.join(workspaceRoot, 'apps', app, 'migrations', 'index.ts')), app);
    }
  });

  it('lists every migration file of its folder, and nothing else, each under its file name without .ts', async () => {
    for (const app of appsWithMigrations) {
      const folder = path.join(workspaceRoot, 'apps', app, 'migrations');
      const files = readdirSync(folder)
        .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
        .sort();
      const { migrations } = (await importFile(path.join(folder, 'index.ts'))) as {
        migrations: Record<string, unknown>;
      };
      assert.deepEqual(
        Object.keys(migrations).sort(),
        files.map((file) => file.slice(0, -'.ts'.length)),
        `${app}: migrations/index.ts and the files of migrations/ differ`,
      );
      for (const file of files) {
        const name = file.slice(0, -'.ts'.length);
        // The same module instance: the name maps to its own file, not to another migration.
        assert.equal(migrations[name], await importFile(path.join(folder, file)), `${app}: ${name}`);
      }
    }
  });
});
