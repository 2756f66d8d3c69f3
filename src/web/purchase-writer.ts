// The two writes every purchase makes, group-committed: recording it as pending before it is sent, and
// storing its stamps with the completed answer. Under load, hundreds of purchases share one durable
// commit (one fsync on SQLite, one round of WAL flush on PostgreSQL) instead of each waiting for its own.
import type { Database, Queryable } from '../db/database.js';
import { Batcher, type BatcherOptions } from '../util/batcher.js';
import type { PurchaseRecord, PurchaseRepository } from './purchase.repository.js';
import type { StampRecord, StampRepository } from './stamp.repository.js';

/** Everything that completes a purchase, written in one transaction. */
export interface PurchaseCompletion {
  readonly purchaseId: string;
  readonly serverId: string;
  readonly stamps: readonly StampRecord[];
  readonly responseStatus: number;
  readonly responseJson: string;
  readonly nowMs: number;
}

/** Group-committed purchase writes. */
export class PurchaseWriter {
  private readonly pending: Batcher<PurchaseRecord, boolean>;
  private readonly completions: Batcher<PurchaseCompletion, boolean>;

  constructor(
    private readonly db: Database,
    private readonly purchases: PurchaseRepository,
    private readonly stamps: StampRepository,
    options: BatcherOptions,
  ) {
    this.pending = new Batcher((items) => this.commitEach(items, (tx, p) => this.purchases.insertPending(tx, p)), options);
    this.completions = new Batcher((items) => this.commitEach(items, (tx, c) => this.complete(tx, c)), options);
  }

  /** Durably records a new pending purchase; false when (api key, idempotency key) already exists. */
  recordPending(purchase: PurchaseRecord): Promise<boolean> {
    return this.pending.submit(purchase);
  }

  /** Durably stores the stamps and the answer; false when the purchase was already completed. */
  recordCompleted(completion: PurchaseCompletion): Promise<boolean> {
    return this.completions.submit(completion);
  }

  /** Resolves when every write submitted so far is committed (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.all([this.pending.drain(), this.completions.drain()]);
  }

  private async complete(tx: Queryable, c: PurchaseCompletion): Promise<boolean> {
    const changed = await this.purchases.markCompleted(tx, c.purchaseId, c.serverId, c.responseStatus, c.responseJson, c.nowMs);
    if (changed) await this.stamps.insertMany(tx, c.stamps);
    return changed;
  }

  /**
   * Runs `write` for every item in one transaction. If that transaction fails, each item is committed
   * alone, so that one bad item (a broken constraint) fails only itself and not the purchases batched with it.
   */
  private async commitEach<T>(items: readonly T[], write: (tx: Queryable, item: T) => Promise<boolean>): Promise<(boolean | Error)[]> {
    try {
      return await this.db.transaction(async (tx) => {
        const out: boolean[] = [];
        for (const item of items) out.push(await write(tx, item));
        return out;
      });
    } catch (err) {
      if (items.length === 1) return [asError(err)];
      const out: (boolean | Error)[] = [];
      for (const item of items) {
        out.push(await this.db.transaction((tx) => write(tx, item)).catch(asError));
      }
      return out;
    }
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
