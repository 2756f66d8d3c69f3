/**
 * A first-in, first-out mutex for async work: callers run one at a time, in the order they asked.
 * The SQLite dialect queues every transaction and statement on its one connection through it, because
 * a transaction callback awaits (the processing server signs inside it) and better-sqlite3 has a single
 * connection state that two interleaved transactions would corrupt.
 */
export class FifoMutex {
  // Each caller chains on the promise of the caller before it, which is what makes the order FIFO.
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  /** Runs `fn` once every earlier caller has finished, and releases the mutex when it settles. */
  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.pending += 1;
    try {
      await previous;
      return await fn();
    } finally {
      this.pending -= 1;
      release();
    }
  }

  /** How many callers are running or waiting. */
  get size(): number {
    return this.pending;
  }
}
