import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../load/load-options.js';
import { formatErrors, purchaseTable, purchaseVerdict, summarizeRuns, type HttpMeasurement } from './purchase-report.js';

// One run: `okPerSecond` answers in a one-second window, twice as many in the whole two-second run.
const run = (okPerSecond: number, p50: number, p99: number, errors: Record<string, number> = {}): LoadResult => ({
  completed: okPerSecond,
  ok: okPerSecond,
  okPerSecond,
  elapsedSeconds: 1,
  latencyMs: { count: okPerSecond, mean: p50, p50, p90: p99, p99, max: p99 },
  errors,
  answeredTotal: 2 * okPerSecond,
  socketsOpened: 1,
  generatorCpuMs: 500,
  runSeconds: 2,
});

const measured = (subject: string, connections: number, runs: LoadResult[], cpu: Record<string, number>[] = runs.map(() => ({}))): HttpMeasurement => ({
  subject,
  connections,
  runs,
  serverCpuMs: cpu,
});

const cellsOf = (lines: string[], subject: string, conns: string) => lines.map((l) => l.split(/\s{2,}/)).find((c) => c[0] === subject && c[1] === conns);

describe('purchase report', () => {
  it('takes the median of each metric on its own, sums the errors and divides CPU by every answered request', () => {
    const runs = [run(100, 5, 50, { '503': 2 }), run(300, 1, 90), run(200, 3, 10, { '503': 1, ECONNRESET: 4 })];
    const cpu = [{ web: 100, db: 20 }, { web: 300, db: 300 }, { web: 200, db: 200 }];
    const s = summarizeRuns(measured('p', 1, runs, cpu));
    expect(s).toMatchObject({ rate: 200, minRate: 100, maxRate: 300, p50Ms: 3, p99Ms: 50, errors: { '503': 3, ECONNRESET: 4 }, generatorCores: 0.25 });
    // Server CPU per request: (100+20)/200, 600/600, 400/400 → median 1; by process web 0.5, 0.5, 0.5 and db 0.1, 0.5, 0.5.
    expect(s.serverCpuMsPerRequest).toBe(1);
    expect(s.serverCpuMsPerRequestByProcess).toEqual({ web: 0.5, db: 0.5 });
    expect(s.generatorCpuMsPerRequest).toBe(500 / 400);
    expect(Number.isNaN(summarizeRuns(measured('p', 1, runs)).serverCpuMsPerRequest)).toBe(true);
    expect(formatErrors(s.errors)).toBe('503×3 ECONNRESET×4');
    expect(formatErrors({})).toBe('0');
  });

  it('divides purchases by hello-world at the same connection count and by the best purchase rate for other bounds', () => {
    const purchases = [measured('purchase', 16, [run(1000, 10, 40)]), measured('purchase', 64, [run(1500, 30, 90)], [{ web: 3000 }])];
    const hello = [measured('hello', 16, [run(4000, 2, 8)]), measured('hello', 64, [run(6000, 8, 20)])];
    const lines = purchaseTable(purchases, hello, [{ subject: 'signatures', rates: [2000, 3000, 4000] }]);
    expect(cellsOf(lines, 'hello', '16')?.at(-1)).toBe((1000 / 4000).toFixed(3));
    expect(cellsOf(lines, 'hello', '64')?.at(-1)).toBe((1500 / 6000).toFixed(3));
    // Bound rows leave the HTTP columns blank and end with the best purchase rate ÷ their median.
    expect(lines.find((l) => l.startsWith('signatures'))?.split(/\s{2,}/)).toEqual(['signatures', '3 000', '2 000-4 000', (1500 / 3000).toFixed(3)]);
    expect(cellsOf(lines, 'purchase', '64')?.slice(2, 9)).toEqual(['1 500', '1 500-1 500', '30.0', '90.0', '0', '0.25', (3000 / 3000).toFixed(3)]);
  });

  it('names the best purchase run and the CPU ceiling its cost per purchase sets', () => {
    const purchases = [measured('purchase', 16, [run(500, 3, 9)]), measured('purchase', 64, [run(1500, 30, 90)], [{ web: 1800, 'processing-1': 1200 }])];
    const hello = [measured('hello POST', 64, [run(6000, 8, 20)], [{ 'hello-world': 1200 }])];
    const lines = purchaseVerdict(purchases, hello, { targetPerSecond: 3000, cores: 2, helloPostSubject: 'hello POST' });
    expect(lines[0]).toMatch(/^Best: 1 500 purchases\/s at 64 connections \(p50 30\.0 ms, p99 90\.0 ms\); target 3 000\/s not reached/);
    // 3000 ms of server CPU over 3000 answers = 1 ms each; the generator 500 ms / 3000 answers.
    expect(lines[1]).toBe('CPU per purchase at 64 connections: servers 1.000 ms (web 0.600, processing-1 0.400), generator 0.167 ms; a hello-world POST costs its server 0.100 ms.');
    const withGenerator = Math.round(2000 / (1 + 500 / 3000));
    expect(lines[2]).toContain(`about ${withGenerator.toLocaleString('en-US').replace(/,/g, ' ')} purchases/s with this generator beside the servers, 2 000/s with it on another machine`);
  });
});
