// Load runs of several HTTP subjects at several connection counts, repeated in rounds that interleave
// subjects and counts, so a busy moment of a shared machine does not land on one subject only. The CPU
// time of each subject's server processes is metered over every run.
import type { LoadOptions, LoadResult } from '../load/load-options.js';
import { cpuMeter } from '../load/process-cpu.js';
import { runLoadInChild } from '../load/run-load-in-child.js';
import type { HttpMeasurement } from './purchase-report.js';

/** What to send, without the connection count and timing, which the rounds set. */
export type HttpRequestShape = Omit<LoadOptions, 'connections' | 'warmupMs' | 'durationMs' | 'maxRequests'>;

/** One HTTP subject: a request, the length of its measured window, and the processes that serve it. */
export interface HttpSubject {
  readonly name: string;
  readonly request: HttpRequestShape;
  readonly windowMs: number;
  /** The server processes by name, read before each run (a restarted server has a new pid). */
  readonly serverPids: () => Readonly<Record<string, number>>;
}

/** How the rounds run. */
export interface HttpRoundsPlan {
  readonly connections: readonly number[];
  readonly rounds: number;
  /** Warm-up of every run, on its own connections, before its window, in milliseconds. */
  readonly warmupMs: number;
}

/** Runs every subject at every connection count, `rounds` times, and returns the runs grouped by subject and count. */
export async function measureHttpRounds(
  subjects: readonly HttpSubject[],
  plan: HttpRoundsPlan,
  onRun: (subject: string, connections: number, result: LoadResult) => void = () => {},
): Promise<HttpMeasurement[]> {
  const measurements = subjects.flatMap((subject) =>
    plan.connections.map((connections) => ({ subject: subject.name, connections, runs: [] as LoadResult[], serverCpuMs: [] as Record<string, number>[] })),
  );
  for (let round = 0; round < plan.rounds; round++) {
    for (const connections of plan.connections) {
      for (const subject of subjects) {
        const meter = cpuMeter(subject.serverPids());
        const result = await runLoadInChild({ ...subject.request, connections, warmupMs: plan.warmupMs, durationMs: subject.windowMs });
        const reading = meter.stop();
        const measurement = measurements.find((m) => m.subject === subject.name && m.connections === connections);
        measurement?.runs.push(result);
        measurement?.serverCpuMs.push({ ...reading.cpuMs });
        onRun(subject.name, connections, result);
      }
    }
  }
  return measurements;
}
