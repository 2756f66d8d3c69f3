// The batch function's own decisions (waves, isolation, settling a purchase), with a stand-in for the
// ledger's dispense; test/processing runs the same code over the real ledger.
import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../errors/app-error.js';
import type { DispenseOutcome } from '../ledger/dispense-round.js';
import type { StampRequest } from '../ledger/stamp-request.js';
import { createDispenseBatchFn, settlePurchase, splitIntoWaves, type BatchDeps } from './dispense-batch.js';
import type { PurchaseJob } from './dispense-request.js';
import type { StoredStamp } from './stamp-lookup.js';

const request = (requestId: string, postageMills = 740n): StampRequest => ({
  requestId,
  postageMills,
  dateOfMailing: 9824,
  originZip: 941070001,
  destinationZip: 0,
  rateCategory: 1,
  medium: 0n,
  softwareId: 1,
});
const job = (purchaseId: string, ...ids: string[]): PurchaseJob => ({ purchaseId, requests: ids.map((id) => request(id)) });
const indiciumOf = (id: string): Buffer => Buffer.from(id.padEnd(117, '.'), 'ascii');
const silent = { warn: () => undefined, error: () => undefined };

/** A ledger stand-in: dispenses every request whose id does not start with "short", throws on "boom". */
function fakeLedger(): { deps: BatchDeps; calls: string[][]; committed: Map<string, StoredStamp> } {
  const committed = new Map<string, StoredStamp>();
  const calls: string[][] = [];
  let piece = 0;
  const deps: BatchDeps = {
    log: silent,
    dispense: async (requests) => {
      calls.push(requests.map((r) => r.requestId));
      if (requests.some((r) => r.requestId.startsWith('boom'))) throw new Error('signing failed');
      return requests.map((r): DispenseOutcome => {
        if (r.requestId.startsWith('short')) return { ok: false, requestId: r.requestId, error: new AppError('PSD_FUNDS_EXHAUSTED') };
        const stored = committed.get(r.requestId);
        if (stored !== undefined) return { ok: true, requestId: r.requestId, indicium: stored.indicium, psdId: 1, pieceCount: stored.pieceCount, replayed: true };
        piece += 1;
        committed.set(r.requestId, { requestId: r.requestId, psdId: 1, pieceCount: piece, indicium: indiciumOf(r.requestId), dispensedAtMs: 1000 + piece });
        return { ok: true, requestId: r.requestId, indicium: indiciumOf(r.requestId), psdId: 1, pieceCount: piece, replayed: false };
      });
    },
    findStamps: async (ids) => new Map(ids.flatMap((id) => (committed.has(id) ? [[id, committed.get(id)!] as const] : []))),
  };
  return { deps, calls, committed };
}

describe('splitIntoWaves', () => {
  it('keeps purchases without shared ids in one wave, in order', () => {
    expect(splitIntoWaves([job('a', '1', '2'), job('b', '3'), job('c', '4')])).toEqual([[0, 1, 2]]);
  });

  it('puts a purchase sharing an id with an earlier one in a later wave', () => {
    expect(splitIntoWaves([job('a', '1', '2'), job('b', '3'), job('a-retry', '2', '1'), job('c', '4'), job('a-again', '1')])).toEqual([[0, 1, 3], [2], [4]]);
  });
});

describe('createDispenseBatchFn', () => {
  it('dispenses all purchases of a batch in one ledger call and answers each with its stamps', async () => {
    const { deps, calls } = fakeLedger();
    const results = await createDispenseBatchFn(deps)([job('a', 'a1', 'a2'), job('b', 'b1')]);
    expect(calls).toEqual([['a1', 'a2', 'b1']]);
    expect(results.map((r) => (r instanceof Error ? r : r.map((s) => [s.requestId, s.pieceCount])))).toEqual([
      [
        ['a1', 1],
        ['a2', 2],
      ],
      [['b1', 3]],
    ]);
  });

  it('answers a retry in the same batch with the stamp of its original', async () => {
    const { deps, calls } = fakeLedger();
    const [first, retry] = await createDispenseBatchFn(deps)([job('a', 'x1'), job('a', 'x1')]);
    expect(calls).toEqual([['x1'], ['x1']]);
    expect(retry).toEqual(first);
  });

  it('isolates a purchase that makes the whole batch throw', async () => {
    const { deps, calls } = fakeLedger();
    const results = await createDispenseBatchFn(deps)([job('a', 'a1'), job('bad', 'boom1'), job('c', 'c1')]);
    expect(calls).toEqual([['a1', 'boom1', 'c1'], ['a1'], ['boom1'], ['c1']]);
    expect(results[0]).toHaveLength(1);
    expect((results[1] as Error).message).toBe('signing failed');
    expect(results[2]).toHaveLength(1);
  });

  it('answers the refusal when none of a purchase was dispensed, DISPENSE_INCOMPLETE when part was', async () => {
    const { deps } = fakeLedger();
    const [none, part, whole] = await createDispenseBatchFn(deps)([job('n', 'short1', 'short2'), job('p', 'p1', 'short3'), job('w', 'w1')]);
    expect(isAppError(none, 'PSD_FUNDS_EXHAUSTED')).toBe(true);
    expect(isAppError(part, 'DISPENSE_INCOMPLETE')).toBe(true);
    expect((part as AppError).details).toMatchObject({ purchaseId: 'p', dispensed: ['p1'], failed: [{ requestId: 'short3', code: 'PSD_FUNDS_EXHAUSTED' }] });
    expect(whole).toHaveLength(1);
  });
});

describe('reading stamps back', () => {
  it('takes the stamps a batch dispensed from their outcomes and reads back only replays', async () => {
    const readBack: string[][] = [];
    const deps: BatchDeps = {
      log: silent,
      dispense: async (requests) =>
        requests.map((r, i): DispenseOutcome => {
          if (r.requestId === 'old') return { ok: true, requestId: r.requestId, indicium: indiciumOf('old'), psdId: 2, pieceCount: 9, replayed: true };
          return { ok: true, requestId: r.requestId, indicium: indiciumOf(r.requestId), psdId: 1, pieceCount: i + 1, replayed: false, committedAtMs: 7000 };
        }),
      findStamps: async (ids) => {
        readBack.push([...ids]);
        return new Map(ids.map((id) => [id, { requestId: id, psdId: 2, pieceCount: 9, indicium: indiciumOf(id), dispensedAtMs: 1234 }] as const));
      },
    };
    const [fresh, mixed] = await createDispenseBatchFn(deps)([job('a', 'a1'), job('b', 'b1', 'old')]);
    expect(readBack).toEqual([['old']]);
    expect(fresh).toEqual([{ requestId: 'a1', psdId: 1, pieceCount: 1, indicium: indiciumOf('a1'), dispensedAtMs: 7000 }]);
    expect((mixed as StoredStamp[]).map((s) => [s.requestId, s.dispensedAtMs])).toEqual([
      ['b1', 7000],
      ['old', 1234],
    ]);
  });
});

describe('settlePurchase', () => {
  const ok = (id: string): DispenseOutcome => ({ ok: true, requestId: id, indicium: indiciumOf(id), psdId: 1, pieceCount: 1, replayed: false });
  const stored = (id: string): StoredStamp => ({ requestId: id, psdId: 1, pieceCount: 1, indicium: indiciumOf(id), dispensedAtMs: 5 });

  it('fails a committed purchase whose stamps cannot be read back (the caller then looks them up)', () => {
    const readFailed = new AppError('DATABASE_UNAVAILABLE');
    expect(settlePurchase({ log: silent }, job('a', 'a1'), [ok('a1')], readFailed)).toBe(readFailed);
    expect(isAppError(settlePurchase({ log: silent }, job('a', 'a1'), [ok('a1')], new Map()), 'INTERNAL')).toBe(true);
  });

  it('refuses to answer with a stored stamp whose bytes differ from the committed indicium', () => {
    const other = { ...stored('a1'), indicium: indiciumOf('zz') };
    expect(isAppError(settlePurchase({ log: silent }, job('a', 'a1'), [ok('a1')], new Map([['a1', other]])), 'INTERNAL')).toBe(true);
    expect(settlePurchase({ log: silent }, job('a', 'a1'), [ok('a1')], new Map([['a1', stored('a1')]]))).toEqual([stored('a1')]);
  });
});
