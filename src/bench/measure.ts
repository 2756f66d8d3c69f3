// Rate measurement for benchmarks: operations per second over a fixed wall-clock window, repeated in
// rounds that interleave the subjects so a slow moment of the machine does not land on one subject only.

/** Nanoseconds of the monotonic clock. */
function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Operations per second of a synchronous `op` run back to back for `durationMs`. */
export function measureSyncRate(op: () => void, durationMs: number): number {
  const start = nowNs();
  const end = start + BigInt(durationMs) * 1_000_000n;
  let count = 0;
  let now = start;
  while (now < end) {
    op();
    count += 1;
    now = nowNs();
  }
  return (count * 1e9) / Number(now - start);
}

/** Operations per second of an asynchronous `op` for `durationMs`, with `inFlight` calls outstanding at any time. */
export async function measureAsyncRate(op: () => Promise<unknown>, durationMs: number, inFlight = 1): Promise<number> {
  const start = nowNs();
  const end = start + BigInt(durationMs) * 1_000_000n;
  let count = 0;
  const worker = async (): Promise<void> => {
    while (nowNs() < end) {
      await op();
      count += 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (count * 1e9) / Number(nowNs() - start);
}

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A thing to measure: returns its rate (operations per second) for one window. */
export interface RateSubject {
  readonly name: string;
  measure(durationMs: number): Promise<number> | number;
}

/** Rates of every subject over `rounds` rounds, subjects interleaved within each round, after one warm-up window each. */
export async function measureRounds(
  subjects: readonly RateSubject[],
  options: { readonly rounds: number; readonly durationMs: number; readonly warmupMs: number },
): Promise<Map<string, number[]>> {
  for (const subject of subjects) await subject.measure(options.warmupMs);
  const rates = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const subject of subjects) rates.get(subject.name)?.push(await subject.measure(options.durationMs));
  }
  return rates;
}
