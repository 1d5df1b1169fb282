import { readdirSync, readFileSync } from 'node:fs';

/** Peak memory of one service process, from /proc/<pid>/status. */
export interface MemoryPeak {
  readonly name: string;
  readonly app: string;
  /** The highest VmRSS seen in the 500 ms samples. */
  readonly max_rss_mb: number;
  /** The kernel's own high-water mark (VmHWM) at the last sample: catches peaks between samples. */
  readonly hwm_mb: number;
}

/** CPU used during one phase, in percent of one core (the machine has `cores` × 100). */
export interface CpuShare {
  readonly phase: string;
  readonly seconds: number;
  readonly services: Record<string, number>;
  readonly infrastructure: Record<string, number>;
  readonly bench: number;
  /** Everything else on the machine: other engineers' tests, the kernel. The noise figure. */
  readonly others: number;
  readonly machine_busy: number;
  /**
   * Time the hypervisor ran other guests while this machine's cores wanted to run (`steal` in /proc/stat):
   * CPU nobody here used, and the machine did not have. Not in `machine_busy` or `others`.
   */
  readonly steal: number;
  /** CLOCK_MONOTONIC in µs, the clock V8's CPU profiles use: selects a phase's samples in a profile. */
  readonly start_us: number;
  readonly end_us: number;
}

const ticksPerSecond = 100;
const infrastructureCommands: Record<string, string> = {
  postgres: 'postgres',
  'beam.smp': 'rabbitmq',
  'redis-server': 'redis',
};

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime of a process (and its waited-for children), in clock ticks; comm is the command name. */
function processTicks(pid: number | string): { comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // Fields after the command, counted from `state` = 0: utime 11, stime 12, and cutime 13, cstime 14 of the
    // children it has reaped: a PostgreSQL backend that exits within a phase (a pool closing an idle connection)
    // takes its CPU with it, and finds it again in the postmaster's.
    return {
      comm,
      ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return undefined;
  }
}

function machineTicks(): { busy: number; steal: number } {
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const cpu =
    readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  return { busy: user + nice + system + irq + softirq, steal };
}

interface Snapshot {
  at: number;
  monoUs: number;
  services: Map<string, number>;
  infrastructure: Map<string, number>;
  bench: number;
  machineBusy: number;
  machineSteal: number;
}

/**
 * Samples every 500 ms the RSS of each service process and, per phase, the CPU each used, what PostgreSQL,
 * RabbitMQ and Redis used, and what the rest of the machine used (the noise other engineers' work adds).
 */
export function createProcessSampler() {
  const tracked = new Map<string, { pid: number; app: string }>();
  const peaks = new Map<string, { app: string; rss: number; hwm: number }>();
  // Ticks of exited processes stay counted, so a phase's CPU does not go negative when a worker stops.
  const lastTicks = new Map<string, number>();
  let phase: { name: string; start: Snapshot } | undefined;
  const shares: CpuShare[] = [];

  function sampleMemory(): void {
    for (const [name, { pid, app }] of tracked) {
      const rss = statusKb(pid, 'VmRSS');
      const hwm = statusKb(pid, 'VmHWM');
      if (rss === undefined) continue;
      const ticks = processTicks(pid)?.ticks;
      if (ticks !== undefined) lastTicks.set(name, ticks);
      const peak = peaks.get(name) ?? { app, rss: 0, hwm: 0 };
      peak.rss = Math.max(peak.rss, rss);
      peak.hwm = Math.max(peak.hwm, hwm ?? 0);
      peaks.set(name, peak);
    }
  }

  function snapshot(): Snapshot {
    const services = new Map<string, number>();
    for (const [name, { pid }] of tracked) {
      const ticks = processTicks(pid)?.ticks;
      if (ticks !== undefined) lastTicks.set(name, ticks);
      services.set(name, lastTicks.get(name) ?? 0);
    }
    const infrastructure = new Map<string, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = processTicks(entry);
      const group = stat && infrastructureCommands[stat.comm];
      if (group) infrastructure.set(group, (infrastructure.get(group) ?? 0) + stat.ticks);
    }
    const usage = process.cpuUsage();
    const machine = machineTicks();
    return {
      at: Date.now(),
      monoUs: Number(process.hrtime.bigint() / 1000n),
      services,
      infrastructure,
      bench: ((usage.user + usage.system) / 1e6) * ticksPerSecond,
      machineBusy: machine.busy,
      machineSteal: machine.steal,
    };
  }

  function percent(ticks: number, seconds: number): number {
    return Math.round((ticks / ticksPerSecond / seconds) * 1000) / 10;
  }

  function closePhase(end: Snapshot): void {
    if (!phase) return;
    const { name, start } = phase;
    const seconds = (end.at - start.at) / 1000;
    if (seconds <= 0) return;
    const services: Record<string, number> = {};
    let ours = 0;
    for (const [service, ticks] of end.services) {
      const used = ticks - (start.services.get(service) ?? 0);
      services[service] = percent(used, seconds);
      ours += used;
    }
    const infrastructure: Record<string, number> = {};
    for (const [group, ticks] of end.infrastructure) {
      // A process that exited mid-phase takes its ticks with it; never report less than nothing.
      const used = Math.max(0, ticks - (start.infrastructure.get(group) ?? 0));
      infrastructure[group] = percent(used, seconds);
      ours += used;
    }
    const bench = end.bench - start.bench;
    const busy = end.machineBusy - start.machineBusy;
    shares.push({
      phase: name,
      seconds: Math.round(seconds * 10) / 10,
      services,
      infrastructure,
      bench: percent(bench, seconds),
      others: Math.max(0, percent(busy - ours - bench, seconds)),
      machine_busy: percent(busy, seconds),
      steal: percent(end.machineSteal - start.machineSteal, seconds),
      start_us: start.monoUs,
      end_us: end.monoUs,
    });
  }

  const timer = setInterval(sampleMemory, 500);
  timer.unref();

  return {
    track(name: string, app: string, pid: number): void {
      tracked.set(name, { pid, app });
      sampleMemory();
    },
    /** Ends the current phase (if any) and starts measuring `name`. */
    phase(name: string): void {
      const now = snapshot();
      closePhase(now);
      phase = { name, start: now };
    },
    /** Ends the current phase. */
    endPhase(): void {
      closePhase(snapshot());
      phase = undefined;
    },
    memory(): MemoryPeak[] {
      sampleMemory();
      return [...peaks].map(([name, peak]) => ({
        name,
        app: peak.app,
        max_rss_mb: Math.round(peak.rss / 1024),
        hwm_mb: Math.round(peak.hwm / 1024),
      }));
    },
    cpu: (): readonly CpuShare[] => shares,
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type ProcessSampler = ReturnType<typeof createProcessSampler>;
