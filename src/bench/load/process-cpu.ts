// CPU time of other processes (the servers under load), read from /proc on Linux, so a run can say which
// process used the cores. Elsewhere it reports nothing rather than guessing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc times (CLK_TCK; 100 on every common Linux). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User plus system CPU time of process `pid` in milliseconds, or undefined when it cannot be read. */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name, field 3 (state) is index 0, so utime (14) and stime (15) are indexes 11 and 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / clockTicks() : undefined;
}

/** CPU time each named process used between the meter's creation and `stop()`, and the wall time between. */
export interface CpuReading {
  /** By process name, in milliseconds; a process whose times cannot be read is left out. */
  readonly cpuMs: Readonly<Record<string, number>>;
  readonly wallMs: number;
}

/** Starts metering the CPU time of the named processes (by pid). */
export function cpuMeter(pids: Readonly<Record<string, number>>): { stop(): CpuReading } {
  const startedMs = performance.now();
  const before = Object.entries(pids).map(([name, pid]) => ({ name, pid, cpuMs: processCpuMs(pid) }));
  return {
    stop() {
      const cpuMs: Record<string, number> = {};
      for (const { name, pid, cpuMs: was } of before) {
        const now = processCpuMs(pid);
        if (was !== undefined && now !== undefined) cpuMs[name] = now - was;
      }
      return { cpuMs, wallMs: performance.now() - startedMs };
    },
  };
}
