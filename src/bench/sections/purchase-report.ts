// The purchase section's table: every rate measured in the run (purchases, the HTTP bound, the signing
// and commit bounds) and, beside each bound, the purchase rate as a fraction of it; then the CPU each
// purchase costs, which is what bounds the rate on a small machine. Pure: numbers in, lines out.
import type { LoadResult } from '../load/load-options.js';
import { median } from '../measure.js';
import { formatCount, formatTable } from '../table.js';

/** Repeated load runs of one HTTP subject at one connection count. */
export interface HttpMeasurement {
  readonly subject: string;
  readonly connections: number;
  readonly runs: readonly LoadResult[];
  /** Per run, the CPU time of each server process over the whole run, in milliseconds (empty when not metered). */
  readonly serverCpuMs: readonly Readonly<Record<string, number>>[];
}

/** Repeated rate measurements of one bound that is not HTTP (signatures, commits). */
export interface RateMeasurement {
  readonly subject: string;
  /** Operations per second, one per round. */
  readonly rates: readonly number[];
}

/** The medians of repeated load runs (each metric on its own); errors are summed over the runs. */
export interface HttpSummary {
  readonly rate: number;
  readonly minRate: number;
  readonly maxRate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: Readonly<Record<string, number>>;
  /** Cores the load generator used. */
  readonly generatorCores: number;
  /** Generator CPU per answered request, in milliseconds. */
  readonly generatorCpuMsPerRequest: number;
  /** CPU of all server processes per answered request, in milliseconds; NaN when not metered. */
  readonly serverCpuMsPerRequest: number;
  /** The same by server process. */
  readonly serverCpuMsPerRequestByProcess: Readonly<Record<string, number>>;
}

const perRequest = (cpuMs: number, run: LoadResult): number => (run.answeredTotal > 0 ? cpuMs / run.answeredTotal : NaN);
const sum = (values: Iterable<number>): number => [...values].reduce((a, b) => a + b, 0);

/** Medians over the runs of one measurement. */
export function summarizeRuns(m: Pick<HttpMeasurement, 'runs' | 'serverCpuMs'>): HttpSummary {
  const { runs } = m;
  const rates = runs.map((r) => r.okPerSecond);
  const errors: Record<string, number> = {};
  for (const run of runs) for (const [key, n] of Object.entries(run.errors)) errors[key] = (errors[key] ?? 0) + n;
  const metered = runs.flatMap((run, i) => (Object.keys(m.serverCpuMs[i] ?? {}).length > 0 ? [{ run, cpu: m.serverCpuMs[i] as Record<string, number> }] : []));
  const byProcess: Record<string, number> = {};
  for (const name of Object.keys(metered[0]?.cpu ?? {})) byProcess[name] = median(metered.map(({ run, cpu }) => perRequest(cpu[name] ?? 0, run)));
  return {
    rate: median(rates),
    minRate: Math.min(...rates),
    maxRate: Math.max(...rates),
    p50Ms: median(runs.map((r) => r.latencyMs.p50)),
    p99Ms: median(runs.map((r) => r.latencyMs.p99)),
    errors,
    generatorCores: median(runs.map((r) => (r.runSeconds > 0 ? r.generatorCpuMs / 1000 / r.runSeconds : 0))),
    generatorCpuMsPerRequest: median(runs.map((r) => perRequest(r.generatorCpuMs, r))),
    serverCpuMsPerRequest: metered.length === 0 ? NaN : median(metered.map(({ run, cpu }) => perRequest(sum(Object.values(cpu)), run))),
    serverCpuMsPerRequestByProcess: byProcess,
  };
}

/** "0", or the error counts by status or code: "503×12 ECONNRESET×1". */
export function formatErrors(errors: Readonly<Record<string, number>>): string {
  const entries = Object.entries(errors).filter(([, n]) => n > 0);
  return entries.length === 0 ? '0' : entries.map(([key, n]) => `${key}×${n}`).join(' ');
}

/** The purchase measurement with the highest median rate. */
export function bestPurchase(purchases: readonly HttpMeasurement[]): { readonly measurement: HttpMeasurement; readonly summary: HttpSummary } {
  return purchases.map((measurement) => ({ measurement, summary: summarizeRuns(measurement) })).reduce((a, b) => (b.summary.rate > a.summary.rate ? b : a));
}

const ratio = (numerator: number, denominator: number): string => (denominator > 0 ? numerator / denominator : NaN).toFixed(3);
const ms = (value: number, digits = 1): string => (Number.isNaN(value) ? '' : value.toFixed(digits));

/**
 * One table: purchases at each connection count, the hello-world runs, then the other bounds. The last
 * column is purchases/s ÷ that row's rate: at the same connection count for HTTP rows, and the best
 * purchase rate for the signing and commit bounds.
 */
export function purchaseTable(purchases: readonly HttpMeasurement[], hello: readonly HttpMeasurement[], bounds: readonly RateMeasurement[]): string[] {
  const purchaseRate = new Map(purchases.map((p) => [p.connections, summarizeRuns(p).rate]));
  const best = bestPurchase(purchases).summary.rate;
  const httpRow = (m: HttpMeasurement, isPurchase: boolean): string[] => {
    const s = summarizeRuns(m);
    const mine = purchaseRate.get(m.connections);
    const last = isPurchase ? '' : mine === undefined ? 'n/a' : ratio(mine, s.rate);
    const rates = `${formatCount(s.minRate)}-${formatCount(s.maxRate)}`;
    return [m.subject, String(m.connections), formatCount(s.rate), rates, ms(s.p50Ms), ms(s.p99Ms), formatErrors(s.errors), s.generatorCores.toFixed(2), ms(s.serverCpuMsPerRequest, 3), last];
  };
  const boundRow = (b: RateMeasurement): string[] => {
    const rate = median(b.rates);
    return [b.subject, '', formatCount(rate), `${formatCount(Math.min(...b.rates))}-${formatCount(Math.max(...b.rates))}`, '', '', '', '', '', ratio(best, rate)];
  };
  const headers = ['rate', 'conns', 'median/s', 'min-max/s', 'p50 ms', 'p99 ms', 'errors', 'gen cores', 'server CPU ms/req', 'purchases/s ÷ this'];
  return formatTable(headers, [...purchases.map((p) => httpRow(p, true)), ...hello.map((h) => httpRow(h, false)), ...bounds.map(boundRow)]);
}

/** What the verdict needs besides the measurements. */
export interface VerdictContext {
  readonly targetPerSecond: number;
  /** Cores of the machine. */
  readonly cores: number;
  /** Subject name of the hello-world POST rows, whose server CPU per request is the HTTP floor. */
  readonly helloPostSubject: string;
}

/** Lines under the table: the best purchase rate, what each purchase costs in CPU, and the ceiling that cost sets. */
export function purchaseVerdict(purchases: readonly HttpMeasurement[], hello: readonly HttpMeasurement[], context: VerdictContext): string[] {
  const { measurement, summary } = bestPurchase(purchases);
  const at = measurement.connections;
  const reached = summary.rate >= context.targetPerSecond ? 'reached' : 'not reached';
  const lines = [
    `Best: ${formatCount(summary.rate)} purchases/s at ${at} connections (p50 ${ms(summary.p50Ms)} ms, p99 ${ms(summary.p99Ms)} ms); target ${formatCount(context.targetPerSecond)}/s ${reached}.`,
  ];
  if (Number.isNaN(summary.serverCpuMsPerRequest)) return [...lines, 'Server CPU was not metered (no /proc): no CPU ceiling to report.'];
  const byProcess = Object.entries(summary.serverCpuMsPerRequestByProcess).map(([name, v]) => `${name} ${ms(v, 3)}`).join(', ');
  const helloPost = hello.find((h) => h.subject === context.helloPostSubject && h.connections === at);
  const helloCpu = helloPost === undefined ? NaN : summarizeRuns(helloPost).serverCpuMsPerRequest;
  lines.push(
    `CPU per purchase at ${at} connections: servers ${ms(summary.serverCpuMsPerRequest, 3)} ms (${byProcess}), generator ${ms(summary.generatorCpuMsPerRequest, 3)} ms` +
      (Number.isNaN(helloCpu) ? '.' : `; a hello-world POST costs its server ${ms(helloCpu, 3)} ms.`),
  );
  const withGenerator = (context.cores * 1000) / (summary.serverCpuMsPerRequest + summary.generatorCpuMsPerRequest);
  const serversOnly = (context.cores * 1000) / summary.serverCpuMsPerRequest;
  lines.push(
    `CPU ceiling on ${context.cores} idle cores: about ${formatCount(withGenerator)} purchases/s with this generator beside the servers, ` +
      `${formatCount(serversOnly)}/s with it on another machine; the best run reached ${((summary.rate / withGenerator) * 100).toFixed(0)}% of the first.`,
  );
  return lines;
}
