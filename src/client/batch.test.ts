import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../errors/app-error.js';
import { IndiciaApiError } from './api-error.js';
import { buyInBatches, type BatchPurchase, type PurchaseMaker } from './batch.js';
import { fakeStamp } from './client-test-support.js';
import type { PurchaseResult, StampRequest } from './types.js';

const request: StampRequest = { rateCategory: 1, postage: 740n, originZip: '94107' };

/** A server stand-in that remembers purchases by key, as the real one does, and can fail chosen calls. */
function fakeServer(fail: (call: number, key: string) => Error | undefined = () => undefined) {
  const byKey = new Map<string, PurchaseResult>();
  const calls: { key: string; size: number }[] = [];
  let dispensed = 0;
  const maker: PurchaseMaker = {
    async buyStamps(stamps, { idempotencyKey }) {
      calls.push({ key: idempotencyKey, size: stamps.length });
      const err = fail(calls.length, idempotencyKey);
      if (err) throw err;
      const known = byKey.get(idempotencyKey);
      if (known) return known;
      const purchaseId = `p-${byKey.size + 1}`;
      const result = { purchaseId, idempotencyKey, stamps: stamps.map((_, i) => fakeStamp(`${purchaseId}-s${i}`, purchaseId)) };
      dispensed += stamps.length;
      byKey.set(idempotencyKey, result);
      return result;
    },
  };
  return { maker, calls, dispensed: () => dispensed };
}

describe('buyInBatches', () => {
  it('buys 2500 stamps as purchases of 1000, 1000 and 500 keyed BATCH.1 to BATCH.3, each handed over before the next', async () => {
    const server = fakeServer();
    const seen: string[] = [];
    const result = await buyInBatches(server.maker, Array(2500).fill(request), {
      batchKey: 'b',
      onPurchase: async (p: BatchPurchase) => {
        // The next purchase waits for this one to be saved.
        expect(server.calls).toHaveLength(p.index + 1);
        seen.push(`${p.index + 1}/${p.purchaseCount} ${p.stampsSoFar}/${p.stampsTotal} ${p.idempotencyKey}`);
      },
    });
    expect(server.calls).toEqual([{ key: 'b.1', size: 1000 }, { key: 'b.2', size: 1000 }, { key: 'b.3', size: 500 }]);
    expect(seen).toEqual(['1/3 1000/2500 b.1', '2/3 2000/2500 b.2', '3/3 2500/2500 b.3']);
    expect(result.stamps).toHaveLength(2500);
    expect(result.batchKey).toBe('b');
  });

  it('run again with the same batch key, gets the same stamps and buys nothing more', async () => {
    const server = fakeServer();
    const first = await buyInBatches(server.maker, Array(1500).fill(request), { batchKey: 'again' });
    const second = await buyInBatches(server.maker, Array(1500).fill(request), { batchKey: 'again' });
    expect(second.stamps).toEqual(first.stamps);
    expect(server.dispensed()).toBe(1500);
  });

  it('makes a batch key when none is given', async () => {
    const server = fakeServer();
    const result = await buyInBatches(server.maker, [request]);
    expect(result.batchKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.calls[0]!.key).toBe(`${result.batchKey}.1`);
  });

  it('a failure after a purchase was made is CLIENT_BATCH_INCOMPLETE naming the batch key and what was received', async () => {
    const cause = new AppError('CLIENT_NETWORK_ERROR', 'connection reset');
    const server = fakeServer((call) => (call === 2 ? cause : undefined));
    const err = await buyInBatches(server.maker, Array(1200).fill(request), { batchKey: 'crash' }).catch((e: unknown) => e);
    expect(isAppError(err, 'CLIENT_BATCH_INCOMPLETE')).toBe(true);
    expect((err as AppError).message).toMatch(/^Purchase 2 of 2 failed \(CLIENT_NETWORK_ERROR: connection reset\. .*\); 1000 of 1200 stamps were received\. The batch key is crash\. Run the same command again/);
    expect((err as AppError).details).toMatchObject({ batchKey: 'crash', failedPurchase: 2, stampsReceived: 1000, causeCode: 'CLIENT_NETWORK_ERROR' });
    expect((err as AppError).cause).toBe(cause);
  });

  it('a purchase left in doubt is incomplete even when it is the first', async () => {
    const server = fakeServer(() => new IndiciaApiError(503, { code: 'PURCHASE_IN_DOUBT', message: 'in doubt', requestId: 'r' }, 'x.1'));
    const err = await buyInBatches(server.maker, [request], { batchKey: 'x' }).catch((e: unknown) => e);
    expect(isAppError(err, 'CLIENT_BATCH_INCOMPLETE')).toBe(true);
  });

  it('a definite refusal of the first purchase is thrown as it came: nothing was bought', async () => {
    const refusal = new IndiciaApiError(400, { code: 'ZIP_INVALID', message: 'bad ZIP', requestId: 'r' }, 'x.1');
    const server = fakeServer(() => refusal);
    await expect(buyInBatches(server.maker, [request], { batchKey: 'x' })).rejects.toBe(refusal);
  });

  it('rethrows a failure of onPurchase unchanged and buys nothing after it', async () => {
    const server = fakeServer();
    const journalFull = new AppError('CLIENT_JOURNAL_WRITE_FAILED', 'disk full');
    const run = buyInBatches(server.maker, Array(2000).fill(request), {
      batchKey: 'j',
      onPurchase: () => {
        throw journalFull;
      },
    });
    await expect(run).rejects.toBe(journalFull);
    expect(server.calls).toHaveLength(1);
  });

  it('refuses an empty batch and a purchase size over 1000', async () => {
    const server = fakeServer();
    await expect(buyInBatches(server.maker, [])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(buyInBatches(server.maker, [request], { purchaseSize: 1001 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(server.calls).toEqual([]);
  });
});
