// Every latency of a load run, kept exactly: a few hundred thousand doubles at most (a 10 s window at
// 20,000 requests a second is 1.6 MB), so percentiles need no histogram approximation.

/** Latency percentiles of a run, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** A growable list of latencies in milliseconds. */
export class LatencySamples {
  private values = new Float64Array(1024);
  private length = 0;

  /** How many latencies are recorded. */
  get count(): number {
    return this.length;
  }

  /** Records one latency in milliseconds. */
  add(ms: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = ms;
  }

  /** Mean, p50, p90, p99 and max (nearest-rank percentiles); all zero when nothing was recorded. */
  summary(): LatencySummary {
    const n = this.length;
    if (n === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    const sorted = this.values.slice(0, n).sort();
    let sum = 0;
    for (const v of sorted) sum += v;
    return { count: n, mean: sum / n, p50: nearestRank(sorted, 50), p90: nearestRank(sorted, 90), p99: nearestRank(sorted, 99), max: sorted[n - 1] as number };
  }
}

/** The nearest-rank percentile `p` (0 < p ≤ 100) of an ascending, non-empty array. */
export function nearestRank(sorted: Float64Array, p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
