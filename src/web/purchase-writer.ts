// The two writes every purchase makes, group-committed: recording it as pending before it is sent, and
// storing its stamps with the completed answer. Under load, hundreds of purchases share one durable
// commit (one fsync on SQLite, one round of WAL flush on PostgreSQL) instead of each waiting for its own.
// Both kinds of write go through ONE queue, so that a commit carries the new purchases and the finished
// ones together: half the fsyncs of two queues, and on SQLite half the time the event loop waits for one.
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
  /** More writes of the same transaction, run only when the purchase was completed by it (payment, media slots). */
  readonly alsoInTx?: (tx: Queryable) => Promise<void>;
}

/** Writes run in the transaction that records a new purchase, after its row is inserted (reservations). */
export type PendingAlso = (tx: Queryable) => Promise<void>;

/** One queued write. */
type PurchaseWrite =
  | { readonly kind: 'pending'; readonly purchase: PurchaseRecord; readonly alsoInTx: PendingAlso | undefined }
  | { readonly kind: 'completed'; readonly completion: PurchaseCompletion };

/** Group-committed purchase writes. */
export class PurchaseWriter {
  private readonly writes: Batcher<PurchaseWrite, boolean>;

  constructor(
    private readonly db: Database,
    private readonly purchases: PurchaseRepository,
    private readonly stamps: StampRepository,
    options: BatcherOptions,
  ) {
    this.writes = new Batcher((items) => this.commitEach(items), options);
  }

  /**
   * Durably records a new pending purchase and, in the same transaction, `alsoInTx` (which may refuse by
   * throwing: then nothing of this purchase is recorded); false when (api key, idempotency key) already exists.
   */
  recordPending(purchase: PurchaseRecord, alsoInTx?: PendingAlso): Promise<boolean> {
    return this.writes.submit({ kind: 'pending', purchase, alsoInTx });
  }

  /** Durably stores the stamps and the answer; false when the purchase was already completed. */
  recordCompleted(completion: PurchaseCompletion): Promise<boolean> {
    return this.writes.submit({ kind: 'completed', completion });
  }

  /** Resolves when every write submitted so far is committed (graceful shutdown). */
  drain(): Promise<void> {
    return this.writes.drain();
  }

  /** One write inside the caller's transaction. */
  private async write(tx: Queryable, w: PurchaseWrite): Promise<boolean> {
    if (w.kind === 'pending') {
      const inserted = await this.purchases.insertPending(tx, w.purchase);
      if (inserted && w.alsoInTx !== undefined) await w.alsoInTx(tx);
      return inserted;
    }
    const c = w.completion;
    const changed = await this.purchases.markCompleted(tx, c.purchaseId, c.serverId, c.responseStatus, c.responseJson, c.nowMs);
    if (changed) {
      await this.stamps.insertMany(tx, c.stamps);
      await c.alsoInTx?.(tx);
    }
    return changed;
  }

  /**
   * Runs every write of the batch, in the order submitted, in one transaction. If that transaction
   * fails, each write is committed alone, so that one bad write (a broken constraint) fails only itself
   * and not the purchases batched with it.
   */
  private async commitEach(items: readonly PurchaseWrite[]): Promise<(boolean | Error)[]> {
    try {
      return await this.db.transaction(async (tx) => {
        const out: boolean[] = [];
        for (const item of items) out.push(await this.write(tx, item));
        return out;
      });
    } catch (err) {
      if (items.length === 1) return [asError(err)];
      const out: (boolean | Error)[] = [];
      for (const item of items) {
        out.push(await this.db.transaction((tx) => this.write(tx, item)).catch(asError));
      }
      return out;
    }
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
