import { describe, expect, it } from 'vitest';
import { FifoMutex } from './fifo-mutex.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('FifoMutex', () => {
  it('runs callers one at a time, in the order they asked, even when earlier ones take longer', async () => {
    const mutex = new FifoMutex();
    const events: string[] = [];
    let running = 0;
    const delays = [30, 1, 20, 0, 5];
    await Promise.all(
      delays.map((ms, i) =>
        mutex.run(async () => {
          running += 1;
          expect(running).toBe(1);
          events.push(`start ${i}`);
          await tick(ms);
          events.push(`end ${i}`);
          running -= 1;
        }),
      ),
    );
    expect(events).toEqual(delays.flatMap((_, i) => [`start ${i}`, `end ${i}`]));
    expect(mutex.size).toBe(0);
  });

  it('releases the mutex when a caller throws, and passes the error and results through', async () => {
    const mutex = new FifoMutex();
    const failing = mutex.run(async () => {
      await tick(1);
      throw new Error('boom');
    });
    const next = mutex.run(() => 42);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
  });

  it('counts the callers running or waiting', async () => {
    const mutex = new FifoMutex();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const first = mutex.run(() => gate);
    const second = mutex.run(() => undefined);
    expect(mutex.size).toBe(2);
    open();
    await Promise.all([first, second]);
    expect(mutex.size).toBe(0);
  });
});
