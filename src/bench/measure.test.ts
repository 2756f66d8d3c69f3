import { describe, expect, it } from 'vitest';
import { measureAsyncRate, measureRounds, measureSyncRate, median } from './measure.js';
import { formatCount, formatTable } from './table.js';

describe('bench measurement', () => {
  it('takes the median of odd and even counts and refuses an empty list', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('counts operations over the window: a 1 ms busy-wait runs at most about 1000 times a second', () => {
    const busyMs = (ms: number) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    };
    const rate = measureSyncRate(() => busyMs(1), 50);
    expect(rate).toBeGreaterThan(100);
    expect(rate).toBeLessThanOrEqual(1000);
  });

  it('keeps the asked number of async calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const op = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
    };
    expect(await measureAsyncRate(op, 40, 3)).toBeGreaterThan(0);
    expect(most).toBe(3);
  });

  it('measures every subject once per round after a warm-up, interleaved', async () => {
    const calls: string[] = [];
    const subject = (name: string) => ({ name, measure: (ms: number) => (calls.push(`${name}${ms}`), ms) });
    const rates = await measureRounds([subject('a'), subject('b')], { rounds: 2, durationMs: 7, warmupMs: 1 });
    expect(calls).toEqual(['a1', 'b1', 'a7', 'b7', 'a7', 'b7']);
    expect(rates.get('a')).toEqual([7, 7]);
  });

  it('formats tables with the first column left-aligned and the others right-aligned', () => {
    expect(formatTable(['name', 'n'], [['ab', '1'], ['c', '1 234']])).toEqual(['name      n', '----  -----', 'ab        1', 'c     1 234']);
    expect(formatCount(1234567.4)).toBe('1 234 567');
  });
});
