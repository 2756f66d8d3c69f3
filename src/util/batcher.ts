/**
 * Group commit: callers submit one item each and await its result; items that arrive while a batch is
 * being processed wait and go together into the next batch. One durable commit then serves many
 * requests, which is how a server on one SQLite file or one PostgreSQL connection reaches thousands of
 * durable writes per second. Each item gets its own outcome: a batch function reports per-item errors
 * by returning an Error in that item's place; a thrown error fails every item of that batch.
 */
export interface BatcherOptions {
  /** The most items one batch may hold. */
  readonly maxBatchSize: number;
  /** How long the first item of an idle batcher waits for company, in milliseconds (0 = next tick). */
  readonly maxWaitMs: number;
}

/** Processes a batch; returns one result (or Error) per item, in order. */
export type BatchFn<TIn, TOut> = (items: readonly TIn[]) => Promise<ReadonlyArray<TOut | Error>>;

interface Pending<TIn, TOut> {
  readonly item: TIn;
  readonly resolve: (value: TOut) => void;
  readonly reject: (reason: unknown) => void;
}

/** A group-commit queue around one batch function. */
export class Batcher<TIn, TOut> {
  private queue: Pending<TIn, TOut>[] = [];
  private running = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};

  constructor(
    private readonly fn: BatchFn<TIn, TOut>,
    private readonly options: BatcherOptions,
  ) {
    if (options.maxBatchSize < 1) throw new RangeError('maxBatchSize must be at least 1');
  }

  /** Queues one item and resolves with its result once its batch has been processed. */
  submit(item: TIn): Promise<TOut> {
    return new Promise<TOut>((resolve, reject) => {
      if (this.queue.length === 0 && !this.running) this.idle = new Promise((r) => (this.markIdle = r));
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when every item submitted so far has been processed. */
  drain(): Promise<void> {
    return this.queue.length === 0 && !this.running ? Promise.resolve() : this.idle;
  }

  private schedule(): void {
    if (this.running || this.timer !== undefined) return;
    if (this.queue.length >= this.options.maxBatchSize || this.options.maxWaitMs <= 0) {
      this.timer = setTimeout(() => this.flush(), 0);
    } else {
      this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    }
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.running || this.queue.length === 0) return;
    this.running = true;
    const batch = this.queue.splice(0, this.options.maxBatchSize);
    try {
      const results = await this.fn(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch function returned ${results.length} results for ${batch.length} items`);
      batch.forEach((p, i) => {
        const r = results[i];
        if (r instanceof Error) p.reject(r);
        else p.resolve(r as TOut);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.running = false;
      // Items that queued up during the batch go next, without waiting again: they already waited.
      if (this.queue.length > 0) this.timer = setTimeout(() => this.flush(), 0);
      else this.markIdle();
    }
  }
}
