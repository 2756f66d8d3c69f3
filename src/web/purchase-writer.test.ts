// The writer's batching decisions, over a stand-in database and repositories; test/web runs it over
// real SQLite and PostgreSQL through the purchase routes.
import { describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../db/database.js';
import type { PurchaseRecord, PurchaseRepository } from './purchase.repository.js';
import { PurchaseWriter, type PurchaseCompletion } from './purchase-writer.js';
import type { StampRecord, StampRepository } from './stamp.repository.js';

/** A database that runs each transaction callback and records which writes each transaction held. */
function fakeWorld(failOn?: string) {
  const transactions: string[][] = [];
  const tx = { dialect: 'sqlite' } as Queryable;
  let current: string[] = [];
  // Keys committed, and keys inserted by the transaction running (kept only when it commits).
  const inserted = new Set<string>();
  let staged = new Set<string>();
  const db = {
    transaction: async <T>(fn: (t: Queryable) => Promise<T>): Promise<T> => {
      current = [];
      staged = new Set();
      const result = await fn(tx);
      for (const key of staged) inserted.add(key);
      transactions.push(current);
      return result;
    },
  } as unknown as Database;
  const purchases = {
    insertPending: async (_tx: Queryable, p: PurchaseRecord) => {
      current.push(`pending ${p.id}`);
      if (p.id === failOn) throw new Error(`constraint broken by ${p.id}`);
      if (inserted.has(p.idempotencyKey) || staged.has(p.idempotencyKey)) return false;
      staged.add(p.idempotencyKey);
      return true;
    },
    markCompleted: async (_tx: Queryable, id: string) => {
      current.push(`completed ${id}`);
      return true;
    },
  } as unknown as PurchaseRepository;
  const stamps = {
    insertMany: async (_tx: Queryable, rows: readonly StampRecord[]) => void current.push(`stamps ${rows.length}`),
  } as unknown as StampRepository;
  return { db, purchases, stamps, transactions };
}

const purchase = (id: string, idempotencyKey = id): PurchaseRecord =>
  ({ id, idempotencyKey, apiKeyId: 'k', state: 'pending', items: [] }) as unknown as PurchaseRecord;
const completion = (purchaseId: string): PurchaseCompletion => ({
  purchaseId,
  serverId: 's',
  stamps: [{ id: `${purchaseId}-1` } as StampRecord],
  responseStatus: 201,
  responseJson: '{}',
  nowMs: 0,
});

describe('PurchaseWriter', () => {
  it('commits new and finished purchases in one transaction, in the order they were submitted', async () => {
    const w = fakeWorld();
    const writer = new PurchaseWriter(w.db, w.purchases, w.stamps, { maxBatchSize: 100, maxWaitMs: 1 });
    const results = await Promise.all([writer.recordPending(purchase('a')), writer.recordCompleted(completion('old')), writer.recordPending(purchase('b'))]);
    expect(results).toEqual([true, true, true]);
    expect(w.transactions).toEqual([['pending a', 'completed old', 'stamps 1', 'pending b']]);
  });

  it('answers false for a key already recorded, and isolates a write that breaks the transaction', async () => {
    const w = fakeWorld('bad');
    const writer = new PurchaseWriter(w.db, w.purchases, w.stamps, { maxBatchSize: 100, maxWaitMs: 1 });
    const [first, again, bad, done] = await Promise.allSettled([
      writer.recordPending(purchase('x', 'key')),
      writer.recordPending(purchase('y', 'key')),
      writer.recordPending(purchase('bad')),
      writer.recordCompleted(completion('z')),
    ]);
    expect(first).toEqual({ status: 'fulfilled', value: true });
    expect(again).toEqual({ status: 'fulfilled', value: false });
    expect(bad.status === 'rejected' && (bad.reason as Error).message).toBe('constraint broken by bad');
    expect(done).toEqual({ status: 'fulfilled', value: true });
    // The batch failed at "bad" and committed nothing; then each write ran in a transaction of its own.
    expect(w.transactions).toEqual([['pending x'], ['pending y'], ['completed z', 'stamps 1']]);
  });
});
