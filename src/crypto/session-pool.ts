// A PKCS#11 session runs one operation at a time (C_SignInit then C_Sign belong together), so each
// operation borrows a whole session from this pool and callers beyond the pool's size wait in line.

/** A fixed set of resources lent out one caller at a time, first come first served. */
export class SessionPool<T> {
  private readonly idle: T[];
  private readonly waiting: ((item: T) => void)[] = [];
  private readonly size: number;
  private draining: ((items: T[]) => void) | undefined;
  private closed = false;

  constructor(items: readonly T[]) {
    if (items.length === 0) throw new RangeError('A session pool needs at least one session');
    this.idle = [...items];
    this.size = items.length;
  }

  /** How many callers are waiting for a session. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `fn` with a session of its own and returns the session when `fn` settles. */
  async use<R>(fn: (item: T) => Promise<R> | R): Promise<R> {
    const item = await this.acquire();
    try {
      return await fn(item);
    } finally {
      this.release(item);
    }
  }

  /**
   * Refuses new callers, waits for every session to come back (callers already waiting still get
   * theirs) and returns all of them, for the owner to close.
   */
  drain(): Promise<T[]> {
    this.closed = true;
    if (this.idle.length === this.size && this.waiting.length === 0) return Promise.resolve(this.idle.splice(0));
    return new Promise((resolveDrain) => {
      this.draining = resolveDrain;
    });
  }

  private acquire(): Promise<T> {
    // Owners check their own closed flag first; this guards against a use() that slips past them.
    if (this.closed) return Promise.reject(new Error('The session pool is closed'));
    const item = this.idle.pop();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolveItem) => this.waiting.push(resolveItem));
  }

  private release(item: T): void {
    const next = this.waiting.shift();
    if (next !== undefined) {
      next(item);
      return;
    }
    this.idle.push(item);
    if (this.draining !== undefined && this.idle.length === this.size) {
      const done = this.draining;
      this.draining = undefined;
      done(this.idle.splice(0));
    }
  }
}
