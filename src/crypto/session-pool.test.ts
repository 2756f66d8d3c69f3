import { describe, expect, it } from 'vitest';
import { SessionPool } from './session-pool.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SessionPool', () => {
  it('never lends one session to two callers at once, and serves waiters first come first served', async () => {
    const pool = new SessionPool(['s1', 's2']);
    const inUse = new Set<string>();
    const order: number[] = [];
    let maxConcurrent = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        pool.use(async (session) => {
          expect(inUse.has(session)).toBe(false);
          inUse.add(session);
          maxConcurrent = Math.max(maxConcurrent, inUse.size);
          order.push(i);
          await tick();
          inUse.delete(session);
        }),
      ),
    );
    expect(maxConcurrent).toBe(2);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('returns the session when the operation throws', async () => {
    const pool = new SessionPool(['only']);
    await expect(pool.use(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await pool.use((s) => s)).toBe('only');
  });

  it('drain waits for sessions in use, then refuses new callers', async () => {
    const pool = new SessionPool(['a', 'b']);
    let release!: () => void;
    const busy = pool.use(() => new Promise<void>((resolve) => (release = resolve)));
    const waiting = pool.use(async (s) => s);
    let drained: string[] | undefined;
    const draining = pool.drain().then((items) => (drained = items));
    await tick();
    expect(drained).toBeUndefined();
    release();
    await Promise.all([busy, waiting, draining]);
    expect(drained?.sort()).toEqual(['a', 'b']);
    await expect(pool.use((s) => s)).rejects.toThrow('closed');
  });

  it('needs at least one session', () => {
    expect(() => new SessionPool([])).toThrow(RangeError);
  });
});
