import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

describe('Batcher (group commit)', () => {
  it('groups items that arrive together and keeps each result with its item', async () => {
    const sizes: number[] = [];
    const b = new Batcher<number, number>(async (items) => {
      sizes.push(items.length);
      return items.map((n) => n * 2);
    }, { maxBatchSize: 100, maxWaitMs: 5 });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => b.submit(i)));
    expect(results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(sizes).toEqual([10]);
  });

  it('never exceeds maxBatchSize and processes batches one at a time', async () => {
    let running = 0;
    let maxRunning = 0;
    const sizes: number[] = [];
    const b = new Batcher<number, number>(async (items) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      sizes.push(items.length);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return items;
    }, { maxBatchSize: 7, maxWaitMs: 0 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => b.submit(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(50);
    expect(maxRunning).toBe(1);
  });

  it('fails only the item whose result is an Error, and the whole batch when the function throws', async () => {
    const b = new Batcher<number, number>(async (items) => items.map((n) => (n === 3 ? new Error('three') : n)), { maxBatchSize: 10, maxWaitMs: 1 });
    const settled = await Promise.allSettled([1, 2, 3, 4].map((n) => b.submit(n)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);

    const broken = new Batcher<number, number>(async () => {
      throw new Error('disk full');
    }, { maxBatchSize: 10, maxWaitMs: 1 });
    const all = await Promise.allSettled([1, 2].map((n) => broken.submit(n)));
    expect(all.every((s) => s.status === 'rejected' && (s.reason as Error).message === 'disk full')).toBe(true);
  });

  it('drain resolves once everything submitted has been processed', async () => {
    const done: number[] = [];
    const b = new Batcher<number, void>(async (items) => {
      await new Promise((r) => setTimeout(r, 3));
      done.push(...items);
      return items.map(() => undefined);
    }, { maxBatchSize: 2, maxWaitMs: 0 });
    for (let i = 0; i < 5; i++) void b.submit(i);
    await b.drain();
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
