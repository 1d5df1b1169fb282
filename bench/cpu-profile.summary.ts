// Summarises the .cpuprofile files `--profile <app>` makes: where each service spent its CPU, by package and by
// function (self time). Also runs alone: `npx tsx bench/cpu-profile.summary.ts <file-or-folder>`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const bundleUrl = /\/apps\/[^/]+\/dist\/main\.mjs$/;
const bundleSourceMaps = new Map<string, SourceMap | undefined>();

/** The source map beside an app's bundle (`npm run build` writes dist/main.mjs.map), read once. */
function sourceMapOf(url: string): SourceMap | undefined {
  if (!bundleSourceMaps.has(url)) {
    let map: SourceMap | undefined;
    try {
      const payload = JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, 'utf8')) as SourceMapPayload;
      map = new SourceMap(payload);
    } catch {
      map = undefined;
    }
    bundleSourceMaps.set(url, map);
  }
  return bundleSourceMaps.get(url);
}

/**
 * Where a frame's function is in the TypeScript: a bundle holds the app and our packages in one file, so its
 * frames are mapped back to apps/<app>/src/... or packages/<name>/src/... through the bundle's source map.
 */
function sourceFrameOf(frame: CallFrame): CallFrame {
  if (!bundleUrl.test(frame.url)) return frame;
  const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (!entry || !('originalSource' in entry)) return frame;
  return {
    ...frame,
    url: new URL(entry.originalSource, frame.url).href,
    lineNumber: entry.originalLine,
    columnNumber: entry.originalColumn,
  };
}

/** Where a frame's code lives: an npm package, Node itself, Herald's own code, or V8's pseudo-frames. */
function ownerOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1] ?? url;
  // node:internal/deps/undici is fetch; node:internal/streams/... are streams: the second segment says what it is.
  if (url.startsWith('node:internal/deps/')) return `node:${url.slice(5).split('/').slice(0, 3).join('/')}`;
  if (url.startsWith('node:internal/')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  if (url.startsWith('node:')) return url;
  const herald = /\/(apps|packages)\/([^/]+)\//.exec(url);
  if (herald) return `${herald[1]}/${herald[2]}`;
  return url;
}

function top(map: Map<string, number>, total: number, count: number): string[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

/** A span of CLOCK_MONOTONIC in µs: only samples inside it count (the load, not the start-up). */
export interface ProfileWindow {
  readonly startUs: number;
  readonly endUs: number;
}

/** Self time by owner and by function of one profile, as printable lines. */
export function summarizeProfile(file: string, window?: ProfileWindow, count = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  let first = Infinity;
  let last = -Infinity;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window && (at < window.startUs || at > window.endUs)) return;
    first = Math.min(first, at);
    last = Math.max(last, at);
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const profiled = byId.get(id)?.callFrame;
    if (!profiled) continue;
    const frame = sourceFrameOf(profiled);
    total += us;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const owner = ownerOf(frame.url, frame.functionName);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
    const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where} [${owner}]`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const busy = total - idle;
  const seconds = Number.isFinite(first) ? (last - first) / 1e6 : 0;
  return [
    `${path.basename(file)}: ${seconds.toFixed(0)} s ${window ? 'of load ' : ''}profiled, busy ${((busy / Math.max(1, total)) * 100).toFixed(0)}% of it; shares of busy time:`,
    '  by package:',
    ...top(byOwner, busy, 12).map((line) => `    ${line}`),
    '  by function (self time):',
    ...top(byFunction, busy, count).map((line) => `    ${line}`),
  ].join('\n');
}

/** Every .cpuprofile under a folder (one sub-folder per process). */
function profilesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(entry.parentPath ?? folder, entry.name);
    if (entry.isDirectory()) return profilesUnder(full);
    return entry.name.endsWith('.cpuprofile') ? [full] : [];
  });
}

/** Summaries of the main-thread profile of every process under a folder (the largest file of each process). */
export function summarizeProfiles(folder: string, window?: ProfileWindow): string {
  if (!existsSync(folder)) return `no profiles in ${folder}`;
  const largest = new Map<string, string>();
  for (const file of profilesUnder(folder)) {
    const owner = path.dirname(file);
    const current = largest.get(owner);
    if (!current || statSync(file).size > statSync(current).size) largest.set(owner, file);
  }
  if (largest.size === 0) return `no profiles in ${folder} (a process killed with SIGKILL writes none)`;
  return [...largest]
    .map(([owner, file]) => `${path.basename(owner)}: ${summarizeProfile(file, window)}`)
    .join('\n\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: npx tsx bench/cpu-profile.summary.ts <file.cpuprofile | folder>');
    process.exit(1);
  }
  console.log(statSync(target).isDirectory() ? summarizeProfiles(target) : summarizeProfile(target));
}
