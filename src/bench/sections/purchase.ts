// End-to-end purchases per second over HTTP on loopback against the whole started system (web server,
// processing servers, authority), beside the machine's bounds measured in the same run: a bare Fastify
// hello-world under the same generator and connection counts, raw ECDSA P-256 signatures on one core,
// and durable commits. Prints one table of every rate with purchases/s ÷ each bound.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSection } from '../bench-section.js';
import { HELLO_PATHS, startHelloWorld } from '../bounds/hello-world.js';
import type { LoadResult } from '../load/load-options.js';
import { runLoadInChild } from '../load/run-load-in-child.js';
import { formatCount } from '../table.js';
import { measureOfflineBounds } from './purchase-bounds.js';
import { measureHttpRounds, type HttpRoundsPlan, type HttpSubject } from './purchase-http.js';
import { bestPurchase, formatErrors, purchaseTable, purchaseVerdict } from './purchase-report.js';
import { checkPurchase, PURCHASE_BODY, startBenchSystem, type BenchSystem } from './purchase-system.js';

/** Durations in milliseconds. 3 rounds × 3 counts × (4.5 + 2 × 2.5 s) plus bounds and start-up stays near 2 minutes. */
const PLAN = {
  http: { connections: [16, 64, 128], rounds: 3, warmupMs: 500 } satisfies HttpRoundsPlan,
  purchaseWindowMs: 4_000,
  helloWindowMs: 2_000,
  /** One longer warm-up of the started system before any window: JIT, connection pools, PSD caches. */
  systemWarmupMs: 3_000,
  bounds: { rounds: 3, windowMs: 1_000 },
  /** The goal of the issue: durable, signed purchases per second on this 2-core machine. */
  targetPerSecond: 3_000,
} as const;

const PURCHASE = 'purchase POST /v1/stamps';
const HELLO_GET = `hello-world GET ${HELLO_PATHS.get}`;
const HELLO_POST = `hello-world POST ${HELLO_PATHS.post}`;

/** The purchase section of `npm run bench`. */
export const purchaseSection: BenchSection = {
  name: 'purchase',
  summary: 'end-to-end purchases/s, p50 and p99 over HTTP against the started system, beside HTTP, signing and commit bounds',
  async run(print) {
    print(machineLine('at the start'));
    print(`Bounds without HTTP: median of ${PLAN.bounds.rounds} rounds of ${PLAN.bounds.windowMs} ms, interleaved`);
    const bounds = await measureOfflineBounds(PLAN.bounds, print);
    const dir = await mkdtemp(join(tmpdir(), 'indicia-bench-purchase-'));
    const hello = await startHelloWorld();
    let system: BenchSystem | undefined;
    try {
      const startedMs = performance.now();
      system = await startBenchSystem(join(dir, 'data'));
      print(`System started in ${((performance.now() - startedMs) / 1000).toFixed(1)} s: ${system.shape}; processes ${Object.keys(system.pids).join(', ')}`);
      await checkPurchase(system);
      const subjects = httpSubjects(system, hello.url);
      const warm = await runLoadInChild({ ...(subjects[0] as HttpSubject).request, connections: 64, durationMs: PLAN.systemWarmupMs });
      print(`Warm-up: ${formatCount(warm.okPerSecond)} purchases/s at 64 connections, errors ${formatErrors(warm.errors)}`);
      print(`Runs: ${PLAN.http.rounds} rounds × connections ${PLAN.http.connections.join('/')}, each after a ${PLAN.http.warmupMs} ms warm-up; generator in its own process`);
      const http = await measureHttpRounds(subjects, PLAN.http, (subject, connections, result) => print(progressLine(subject, connections, result)));
      const purchases = http.filter((m) => m.subject === PURCHASE);
      const helloRuns = http.filter((m) => m.subject !== PURCHASE);
      print('');
      print(`Rates are medians; purchases/s ÷ this: same connection count for HTTP rows, best purchase rate (${formatCount(bestPurchase(purchases).summary.rate)}/s) for the others.`);
      for (const line of purchaseTable(purchases, helloRuns, bounds)) print(line);
      print('');
      const context = { targetPerSecond: PLAN.targetPerSecond, cores: availableParallelism(), helloPostSubject: HELLO_POST };
      for (const line of purchaseVerdict(purchases, helloRuns, context)) print(line);
      print(machineLine('at the end'));
    } finally {
      await system?.stop();
      await hello.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function httpSubjects(system: BenchSystem, helloUrl: string): HttpSubject[] {
  // The hello-world server runs in this process, which only waits for the generator meanwhile.
  const helloPids = () => ({ 'hello-world': process.pid });
  return [
    {
      name: PURCHASE,
      request: {
        url: `${system.webUrl}/v1/stamps`,
        method: 'POST',
        headers: { authorization: `Bearer ${system.apiKey}` },
        uniqueHeaders: ['idempotency-key'],
        body: PURCHASE_BODY,
      },
      windowMs: PLAN.purchaseWindowMs,
      serverPids: () => system.pids,
    },
    { name: HELLO_GET, request: { url: `${helloUrl}${HELLO_PATHS.get}`, method: 'GET' }, windowMs: PLAN.helloWindowMs, serverPids: helloPids },
    { name: HELLO_POST, request: { url: `${helloUrl}${HELLO_PATHS.post}`, method: 'POST', body: PURCHASE_BODY }, windowMs: PLAN.helloWindowMs, serverPids: helloPids },
  ];
}

/** The machine's size and how busy it is: on a shared machine other work takes cores from every row. */
function machineLine(when: string): string {
  return `Machine: ${availableParallelism()} cores, 1-minute load average ${(loadavg()[0] ?? 0).toFixed(1)} ${when}`;
}

function progressLine(subject: string, connections: number, r: LoadResult): string {
  const latency = `p50 ${r.latencyMs.p50.toFixed(1)} ms, p99 ${r.latencyMs.p99.toFixed(1)} ms`;
  return `  ${subject} @${connections}: ${formatCount(r.okPerSecond)}/s, ${latency}, errors ${formatErrors(r.errors)}, generator ${(r.generatorCpuMs / 1000 / r.runSeconds).toFixed(2)} cores`;
}
