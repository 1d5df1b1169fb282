// Runs `npm install` when node_modules is missing or behind the lockfile or a package.json, so `npm start`
// and `npm test` work straight after a clone or a pull. No dependencies: it runs before the install.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainModule } from './main-module.mjs';

/** The workspace root: the folder above scripts/. */
export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function modifiedAt(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Every package.json of the workspace: the root's and those its `workspaces` globs (`dir/*` or `dir`) match. */
export function workspaceManifests(root = workspaceRoot) {
  const rootManifest = path.join(root, 'package.json');
  const { workspaces = [] } = JSON.parse(readFileSync(rootManifest, 'utf8'));
  const patterns = Array.isArray(workspaces) ? workspaces : (workspaces.packages ?? []);
  const folders = patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [path.join(root, pattern)];
    const parent = path.join(root, pattern.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(parent, entry.name));
  });
  const manifests = folders
    .map((folder) => path.join(folder, 'package.json'))
    .filter((file) => existsSync(file));
  return [rootManifest, ...manifests];
}

/** Why an install is needed, or undefined when node_modules is current. */
export function installReason(root = workspaceRoot) {
  const installedAt = modifiedAt(path.join(root, 'node_modules', '.package-lock.json'));
  if (installedAt === undefined) return 'node_modules is missing';
  const lockAt = modifiedAt(path.join(root, 'package-lock.json'));
  if (lockAt !== undefined && lockAt > installedAt) return 'package-lock.json changed';
  const changed = workspaceManifests(root).find((file) => (modifiedAt(file) ?? 0) > installedAt);
  return changed ? `${path.relative(root, changed)} changed` : undefined;
}

/** Runs `npm install` in the workspace root if needed; exits the process with npm's code if it fails. */
export function ensureInstalled(root = workspaceRoot) {
  const reason = installReason(root);
  if (reason === undefined) return;
  console.log(`${reason}: running npm install`);
  const result = spawnSync('npm', ['install'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`npm install failed${result.error ? `: ${result.error.message}` : ''}`);
    process.exit(result.status || 1);
  }
  // npm leaves the marker alone when nothing had to change; mark the install so the next run skips it.
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker)) {
    const now = new Date();
    utimesSync(marker, now, now);
  }
}


if (isMainModule(import.meta.url)) ensureInstalled();
