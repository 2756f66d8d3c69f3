import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeIndicium } from '../../src/core/indicium/codec.js';
import type { Database, Queryable } from '../../src/db/database.js';
import { forEachDialect } from '../helpers/dialects.js';
import { addPsd, openWorld, stampRequest } from './ledger-fixture.js';

/** The database, except that the first statement matching `pattern` inside a transaction throws: a crash at that point. */
function crashOnce(db: Database, pattern: RegExp): Database {
  let crashed = false;
  const wrap = (tx: Queryable): Queryable => ({
    dialect: tx.dialect,
    query: (sql, params) => tx.query(sql, params),
    execute: (sql, params) => {
      if (!crashed && pattern.test(sql)) {
        crashed = true;
        return Promise.reject(new Error('process killed'));
      }
      return tx.execute(sql, params);
    },
  });
  return Object.assign(Object.create(db) as Database, { transaction: <T>(fn: (tx: Queryable) => Promise<T>) => db.transaction((tx) => fn(wrap(tx))) });
}

forEachDialect((_dialect, open) => {
  describe('resets', () => {
    it('a manual reset asks the authority with the current CT, verifies it, and applies DR += a, CT += a', async () => {
      const world = await openWorld(open);
      await addPsd(world, 7);
      const first = await world.ledger.resetPsd(7, 20_000n);
      expect(first).toMatchObject({ psdId: 7, amount: 20_000n, appliedNow: true });
      expect(first.registers).toEqual({ ascending: 0n, descending: 20_000n, control: 20_000n, pieceCount: 0 });
      await world.ledger.dispenseOne(stampRequest(5_000n));
      const second = await world.ledger.resetPsd(7, 1_000n);
      expect(second.registers).toEqual({ ascending: 5_000n, descending: 16_000n, control: 21_000n, pieceCount: 1 });
      expect(world.authority.requests.map((r) => r.currentControlTotal)).toEqual([0n, 20_000n]);
      expect(world.authority.controlTotalOf(7)).toBe(21_000n);
      expect(world.authority.depositMills).toBe(1_000_000_000n - 21_000n);
      expect((await world.ledger.listResets(7)).map((r) => r.state)).toEqual(['applied', 'applied']);
      expect((await world.ledger.auditPsd(7)).problems).toEqual([]);
    });

    it('an automatic reset tops up a short PSD outside the debit transaction, and the batch is served', async () => {
      const world = await openWorld(open, { autoReset: { thresholdMills: 2_000n, amountMills: 10_000n, retryAfterMs: 0 } });
      await addPsd(world, 1);
      // No funds at all: the first batch waits for a reset, then dispenses.
      const outcomes = await world.ledger.dispense([stampRequest(1_500n), stampRequest(1_500n), stampRequest(1_500n)]);
      expect(outcomes.every((o) => o.ok)).toBe(true);
      expect(world.authority.resetsAuthorized).toBe(1);
      let psd = await world.ledger.getPsd(1);
      expect(psd.registers).toEqual({ ascending: 4_500n, descending: 5_500n, control: 10_000n, pieceCount: 3 });
      // Crossing the threshold starts a background reset; the batch returns without waiting for it.
      await world.ledger.dispense([stampRequest(4_000n)]);
      await world.ledger.settled();
      psd = await world.ledger.getPsd(1);
      expect(world.authority.resetsAuthorized).toBe(2);
      expect(psd.registers).toEqual({ ascending: 8_500n, descending: 11_500n, control: 20_000n, pieceCount: 4 });
      expect((await world.ledger.auditPsd(1)).problems).toEqual([]);
    });

    it('concurrent short batches share one automatic reset per PSD', async () => {
      const world = await openWorld(open, { autoReset: { thresholdMills: 0n, amountMills: 50_000n, retryAfterMs: 0 } });
      await addPsd(world, 1);
      const batches = await Promise.all(Array.from({ length: 5 }, () => world.ledger.dispense([stampRequest(1_000n), stampRequest(1_000n)])));
      expect(batches.flat().every((o) => o.ok)).toBe(true);
      await world.ledger.settled();
      expect(world.authority.resetsAuthorized).toBe(1);
      expect((await world.ledger.getPsd(1)).registers).toMatchObject({ ascending: 10_000n, control: 50_000n, pieceCount: 10 });
    });

    it('an authority refusal moves nothing, is recorded, and the batch is refused as short of funds', async () => {
      const world = await openWorld(open, { autoReset: { thresholdMills: 0n, amountMills: 5_000n, retryAfterMs: 0 } });
      await addPsd(world, 1);
      world.authority.depositMills = 100n;
      const [outcome] = await world.ledger.dispense([stampRequest(700n)]);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'PSD_FUNDS_EXHAUSTED' } });
      expect(outcome?.ok === false && (outcome.error.cause as { code?: string }).code).toBe('RESET_REFUSED');
      await expect(world.ledger.resetPsd(1, 5_000n)).rejects.toMatchObject({ code: 'RESET_REFUSED' });
      expect((await world.ledger.listResets(1)).map((r) => r.state)).toEqual(['refused', 'refused']);
      expect((await world.ledger.getPsd(1)).registers.control).toBe(0n);
    });

    it('an authorization that does not verify is not applied and the reset stays pending', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      world.authority.forgeWith = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      await expect(world.ledger.resetPsd(1, 5_000n)).rejects.toMatchObject({ code: 'RESET_AUTHORIZATION_INVALID' });
      const [pending] = await world.ledger.listResets(1);
      expect(pending).toMatchObject({ state: 'pending', attempts: 1 });
      expect(pending?.lastError).toMatch(/does not verify/);
      expect((await world.ledger.getPsd(1)).registers.control).toBe(0n);
      // A second reset cannot start while this one is open: the authority already moved CT.
      await expect(world.ledger.resetPsd(1, 1_000n)).rejects.toMatchObject({ code: 'RESET_AUTHORIZATION_INVALID' });
    });

    it('a reset whose answer was lost in a crash is applied exactly once at restart', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      await world.ledger.resetPsd(1, 3_000n);
      await world.ledger.dispenseOne(stampRequest(1_000n));
      // The authority records the reset and debits the deposit, but its answer never arrives.
      world.authority.loseNextAnswers = 1;
      await expect(world.ledger.resetPsd(1, 40_000n)).rejects.toMatchObject({ code: 'RESET_AUTHORITY_UNAVAILABLE' });
      expect(world.authority.controlTotalOf(1)).toBe(43_000n);
      expect((await world.ledger.getPsd(1)).registers.control).toBe(3_000n);
      const [, pending] = await world.ledger.listResets(1);
      expect(pending).toMatchObject({ state: 'pending', amount: 40_000n, oldControlTotal: 3_000n });

      // "Restart": a new ledger over the same database recovers pending resets at start.
      const restarted = world.newLedger();
      const recovery = await restarted.start();
      expect(recovery.failed).toEqual([]);
      expect(recovery.applied).toMatchObject([{ transactionId: pending?.transactionId, amount: 40_000n, appliedNow: true }]);
      const again = await world.newLedger().start();
      expect(again).toEqual({ applied: [], failed: [] });
      const psd = await restarted.getPsd(1);
      expect(psd.registers).toEqual({ ascending: 1_000n, descending: 42_000n, control: 43_000n, pieceCount: 1 });
      expect(world.authority.resetsAuthorized).toBe(2);
      expect(world.authority.depositMills).toBe(1_000_000_000n - 43_000n);
      const retried = world.authority.requests.filter((r) => r.transactionId === pending?.transactionId);
      expect(retried).toHaveLength(2);
      expect((await restarted.auditPsd(1)).problems).toEqual([]);
      // And the PSD dispenses from the recovered funds.
      const stamp = await restarted.dispenseOne(stampRequest(42_000n));
      expect(decodeIndicium(stamp.indicium).fields.descendingRegister).toBe(0n);
    });

    it('a verified authorization whose apply transaction died is applied once at restart, and the first try moved nothing', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      const dying = world.newLedger({ db: crashOnce(world.db, /SET state = 'applied'/) });
      await expect(dying.resetPsd(1, 9_000n)).rejects.toThrow('process killed');
      // The whole apply transaction rolled back: registers, audit chain and state are as before it.
      const psd = await world.ledger.getPsd(1);
      expect(psd.registers.control).toBe(0n);
      expect(psd.auditSequence).toBe(0);
      expect((await world.ledger.listResets(1)).map((r) => r.state)).toEqual(['pending']);
      expect(world.authority.controlTotalOf(1)).toBe(9_000n);
      const recovery = await world.newLedger().start();
      expect(recovery.applied.map((r) => [r.amount, r.appliedNow])).toEqual([[9_000n, true]]);
      expect(await world.newLedger().start()).toEqual({ applied: [], failed: [] });
      expect((await world.ledger.getPsd(1)).registers).toEqual({ ascending: 0n, descending: 9_000n, control: 9_000n, pieceCount: 0 });
      expect(world.authority.resetsAuthorized).toBe(1);
      expect((await world.ledger.auditPsd(1)).problems).toEqual([]);
    });

    it('with the authority unreachable the reset stays pending and is finished by the next manual reset', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      world.authority.unreachable = true;
      await expect(world.ledger.resetPsd(1, 2_000n)).rejects.toMatchObject({ code: 'RESET_AUTHORITY_UNAVAILABLE' });
      expect(world.authority.resetsAuthorized).toBe(0);
      world.authority.unreachable = false;
      const result = await world.ledger.resetPsd(1, 3_000n);
      expect(result.registers.control).toBe(5_000n);
      expect((await world.ledger.listResets(1)).map((r) => [r.amount, r.state])).toEqual([
        [2_000n, 'applied'],
        [3_000n, 'applied'],
      ]);
      expect(world.authority.controlTotalOf(1)).toBe(5_000n);
    });

    it('refuses a reset that would take CT past 2^40 − 1 before asking the authority', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      await expect(world.ledger.resetPsd(1, 1n << 40n)).rejects.toMatchObject({ code: 'PSD_REGISTER_LIMIT' });
      await expect(world.ledger.resetPsd(1, 0n)).rejects.toMatchObject({ code: 'MONEY_OUT_OF_RANGE' });
      expect(world.authority.requests).toHaveLength(0);
    });
  });
});
