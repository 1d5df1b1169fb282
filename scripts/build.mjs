// `npm run build [-- <app>...]`: bundles each app's src/main.ts into apps/<app>/dist/main.mjs, plain JavaScript
// that `node dist/main.mjs` runs without a TypeScript loader. Our @herald/* packages are bundled in; every npm
// package stays an import that node_modules answers at run time. A source map sits beside each bundle.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { workspaceRoot } from './ensure-installed.mjs';
import { isMainModule } from './main-module.mjs';

/** The apps with an entry point: the folders of apps/ that have src/main.ts. */
export function appNames(root = workspaceRoot) {
  return readdirSync(path.join(root, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((app) => existsSync(path.join(root, 'apps', app, 'src', 'main.ts')))
    .sort();
}

const resolvingAgain = Symbol('resolving again');

/**
 * Leaves every npm package external. An import stays bare when node, resolving it from the bundle's folder,
 * finds the copy the importing file would have found; otherwise (a package's own nested copy, such as
 * packages/runtime/node_modules/lru-cache over an older hoisted one) it becomes a relative path to that copy.
 */
function externalPackages(outdir) {
  return {
    name: 'herald-external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === resolvingAgain || isBuiltin(args.path)) return undefined;
        if (args.path.startsWith('@herald/')) return undefined;
        const again = { kind: args.kind, pluginData: resolvingAgain };
        const fromImporter = await build.resolve(args.path, { ...again, resolveDir: args.resolveDir });
        if (fromImporter.errors.length > 0) return { errors: fromImporter.errors };
        // From the app's folder: node, starting at dist/, finds what the folder above it does.
        const fromBundle = await build.resolve(args.path, { ...again, resolveDir: path.dirname(outdir) });
        if (fromBundle.errors.length === 0 && fromBundle.path === fromImporter.path) {
          return { path: args.path, external: true };
        }
        const relative = path.relative(outdir, fromImporter.path).split(path.sep).join('/');
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
    },
  };
}

/** Bundles one app into apps/<app>/dist/main.mjs (and main.mjs.map); resolves with its size in bytes. */
export async function buildApp(app, { root = workspaceRoot } = {}) {
  const esbuild = await import('esbuild');
  const appDir = path.join(root, 'apps', app);
  const outdir = path.join(appDir, 'dist');
  const outfile = path.join(outdir, 'main.mjs');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join(appDir, 'src', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Resolve as node does (no `module` condition or field), so the paths compared above are node's.
    conditions: [],
    mainFields: ['main'],
    plugins: [externalPackages(outdir)],
    // Stack traces map to the TypeScript (node --enable-source-maps); the sources themselves stay in the repo.
    sourcemap: 'linked',
    sourcesContent: false,
    // No keepNames: it wraps every closure created at run time in a __name() call.
    keepNames: false,
    logLevel: 'warning',
  });
  return statSync(outfile).size;
}

// Under load V8 lets a heap grow to 150-200 MB before it collects, though a service holds a few tens of MB:
// capped, every service stays near half that (measured by `npm run bench`). The provider sandbox keeps every
// email it receives in memory by design, so it has no cap.
const heapLimitMb = 128;
const uncappedApps = new Set(['provider-sandbox']);
// Each request allocates tens of KB that die young; with node's 16 MB semi-spaces the scavenger ran so often
// that objects still in use were promoted and collected again. 32 MB: about 10% less CPU per email in every
// service for about 30 MB more RSS (measured by `npm run bench`).
const semiSpaceMb = 32;

/** How node runs a built app, in its folder: its heap capped, stack traces mapped back to the TypeScript. */
export function builtAppArguments(app) {
  const heap = uncappedApps.has(app) ? [] : [`--max-old-space-size=${heapLimitMb}`];
  return [...heap, `--max-semi-space-size=${semiSpaceMb}`, '--enable-source-maps', 'dist/main.mjs'];
}

/** Bundles the apps (all of them by default) at once; resolves with each one's size and the time it took. */
export async function buildApps(apps = appNames(), { root = workspaceRoot } = {}) {
  const known = appNames(root);
  const unknown = apps.filter((app) => !known.includes(app));
  if (unknown.length > 0) throw new Error(`no app ${unknown.join(', ')} (apps: ${known.join(', ')})`);
  const startedAt = Date.now();
  const sizes = await Promise.all(apps.map((app) => buildApp(app, { root })));
  // esbuild's service process would otherwise stay beside `npm start` for as long as it runs.
  await (await import('esbuild')).stop();
  return { apps: apps.map((app, index) => ({ app, bytes: sizes[index] ?? 0 })), ms: Date.now() - startedAt };
}


// `npm run build` installs first (scripts/ensure-installed.mjs); the Dockerfile runs this after its npm ci.
if (isMainModule(import.meta.url)) {
  const apps = process.argv.slice(2);
  try {
    const built = await buildApps(apps.length > 0 ? apps : appNames());
    for (const { app, bytes } of built.apps)
      console.log(`built apps/${app}/dist/main.mjs (${(bytes / 1024).toFixed(0)} kB)`);
    console.log(`${built.apps.length} of ${appNames().length} apps built in ${built.ms} ms`);
  } catch (error) {
    // esbuild has printed its errors already; this says which step failed.
    console.error(`build failed: ${error.message.split('\n')[0]}`);
    process.exitCode = 1;
  }
}
