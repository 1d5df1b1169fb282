// `npm test`: installs if needed, checks the infrastructure, runs every project's tests through Nx one
// project at a time, and ends with one plain line `N passed, M failed`. Arguments go on to nx.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ensureInstalled, workspaceRoot } from './ensure-installed.mjs';
import { checkInfrastructure, reportUnreachable } from './infrastructure.mjs';
import { isMainModule } from './main-module.mjs';

const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
// node's spec reporter: `ℹ pass 12`, possibly behind nx's `project: ` prefix.
const SUMMARY_LINE = /^(?:(\S+):\s+)?ℹ (pass|fail|cancelled) (\d+)\s*$/;
const FAILED_TASK_LINE = /^\s*-\s+(\S+):test\b/;

/** Adds up the test runner's summary lines of every project; cancelled tests count as failed. */
export function createTestTally() {
  const failedByProject = new Map();
  const failedTasks = new Set();
  let passed = 0;
  let failed = 0;
  let inFailedTasks = false;
  return {
    line(raw) {
      const line = raw.replace(ANSI_ESCAPE, '').trimEnd();
      const summary = SUMMARY_LINE.exec(line.trimStart());
      if (summary) {
        const [, project = '', kind, count] = summary;
        if (kind === 'pass') passed += Number(count);
        else {
          failed += Number(count);
          failedByProject.set(project, (failedByProject.get(project) ?? 0) + Number(count));
        }
        return;
      }
      if (/Failed tasks:/.test(line)) inFailedTasks = true;
      else if (inFailedTasks) {
        const task = FAILED_TASK_LINE.exec(line);
        if (task) failedTasks.add(task[1]);
        else if (line.trim() !== '') inFailedTasks = false;
      }
    },
    /** The totals once nx has exited with `exitCode`: a failed project that counted no failure counts one. */
    result(exitCode) {
      let total = failed;
      for (const project of failedTasks) if (!failedByProject.get(project)) total += 1;
      if (exitCode !== 0 && total === 0) total = 1;
      return { passed, failed: total };
    },
  };
}

function pipeLines(stream, output, onLine) {
  let pending = '';
  // Decoded by the stream, so a character split between two chunks stays whole.
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    output.write(chunk);
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (pending !== '') {
        onLine(pending);
        // The summary must start on a line of its own.
        output.write('\n');
      }
      resolve();
    };
    stream.on('end', finish);
    stream.on('close', finish);
  });
}

async function main() {
  ensureInstalled();
  const unreachable = await checkInfrastructure(process.env);
  if (unreachable.length > 0) {
    reportUnreachable(unreachable);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }

  const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' };
  if (!env.JWT_SECRET) env.JWT_SECRET = randomBytes(32).toString('base64url');
  const args = [
    'nx',
    'run-many',
    '-t',
    'test',
    '--outputStyle=stream',
    '--parallel=1',
    ...process.argv.slice(2),
  ];
  const child = spawn('npx', args, {
    cwd: workspaceRoot,
    env,
    stdio: ['inherit', 'pipe', 'pipe'],
    shell: process.platform === 'win32',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));

  const tally = createTestTally();
  const exited = new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`could not start nx: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  await Promise.all([
    pipeLines(child.stdout, process.stdout, tally.line),
    pipeLines(child.stderr, process.stderr, tally.line),
  ]);
  const { passed, failed } = tally.result(await exited);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}


if (isMainModule(import.meta.url)) await main();
