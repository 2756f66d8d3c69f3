import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { OnceCache } from './once-cache.js';

describe('OnceCache', () => {
  const conflict = () => new AppError('INVALID_ARGUMENT', 'reused');

  it('runs a key once, also while the first run is in flight, and refuses another fingerprint', async () => {
    const cache = new OnceCache<number>(10, conflict);
    let runs = 0;
    const run = async () => ++runs;
    const [a, b] = await Promise.all([cache.run('k', 'x', run), cache.run('k', 'x', run)]);
    expect([a, b, runs]).toEqual([1, 1, 1]);
    await expect(cache.run('k', 'y', run)).rejects.toThrow('reused');
  });

  it('forgets failed runs and the oldest keys beyond its size', async () => {
    const cache = new OnceCache<number>(2, conflict);
    await expect(cache.run('k', 'x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.run('k', 'x', async () => 2)).toBe(2);
    await cache.run('l', 'x', async () => 3);
    await cache.run('m', 'x', async () => 4);
    expect(await cache.run('k', 'other', async () => 5)).toBe(5);
  });
});
