import { describe, expect, it } from 'vitest';
import { decodeIndicium } from '../../src/core/indicium/codec.js';
import { SignatureAlgorithm } from '../../src/core/signature-algorithm.js';
import type { DispenseOutcome } from '../../src/ledger/dispense-round.js';
import { forEachDialect } from '../helpers/dialects.js';
import { LICENSE, addPsd, openWorld, signatureVerifies, stampRequest, type LedgerWorld } from './ledger-fixture.js';

/** Every indicium of every PSD: registers consistent, pieces 1…n stored once, postage summing to AR. */
async function expectLedgerIntact(world: LedgerWorld): Promise<void> {
  for (const report of await world.ledger.auditAll()) {
    expect(report.problems, `PSD ${report.psdId}`).toEqual([]);
  }
  for (const psd of await world.ledger.listPsds()) {
    expect(psd.registers.control).toBe(psd.registers.ascending + psd.registers.descending);
    expect(psd.registers.descending >= 0n).toBe(true);
  }
}

function ok(outcome: DispenseOutcome | undefined): Extract<DispenseOutcome, { ok: true }> {
  if (outcome === undefined || !outcome.ok) throw new Error(`expected an indicium, got ${outcome?.error.message ?? 'nothing'}`);
  return outcome;
}

forEachDialect((dialect, open) => {
  describe('dispensing a batch', () => {
    it('signs each indicium over the new registers, spreads the batch over PSDs, and stores every record', async () => {
      const world = await openWorld(open);
      await addPsd(world, 3, SignatureAlgorithm.EcdsaP256);
      await addPsd(world, 4, SignatureAlgorithm.Ed25519);
      await world.ledger.resetPsd(3, 100_000n);
      await world.ledger.resetPsd(4, 100_000n);
      const postages = [740n, 1_500n, 550n, 2_000n, 740n, 99n];
      const outcomes = await world.ledger.dispense(postages.map((p) => stampRequest(p)));
      expect(outcomes).toHaveLength(postages.length);
      const byPsd = new Map<number, bigint[]>();
      for (const [i, outcome] of outcomes.entries()) {
        const { indicium, psdId, pieceCount } = ok(outcome);
        const { fields } = decodeIndicium(indicium);
        expect(fields).toMatchObject({ licenseNumber: LICENSE, psdId, pieceCount, postage: postages[i], certificateSerial: 1000 + psdId });
        expect(fields.ascendingRegister + fields.descendingRegister).toBe(100_000n);
        const psd = await world.ledger.getPsd(psdId);
        expect(await signatureVerifies(world.crypto, psd.keyId, indicium)).toBe(true);
        byPsd.set(psdId, [...(byPsd.get(psdId) ?? []), fields.postage]);
      }
      // Round robin over the two PSDs: both took part, each with gapless piece counts from 1.
      expect([...byPsd.keys()].sort()).toEqual([3, 4]);
      for (const [psdId, taken] of byPsd) {
        const psd = await world.ledger.getPsd(psdId);
        expect(psd.registers.pieceCount).toBe(taken.length);
        expect(psd.registers.ascending).toBe(taken.reduce((a, b) => a + b, 0n));
      }
      await expectLedgerIntact(world);
    });

    it('answers a repeated request id with the stored indicium, and refuses the id for another stamp', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      await world.ledger.resetPsd(1, 10_000n);
      const request = stampRequest(740n);
      const first = await world.ledger.dispenseOne(request);
      const again = await world.ledger.dispenseOne(request);
      expect(again.replayed).toBe(true);
      expect(again.indicium.equals(first.indicium)).toBe(true);
      const [changed] = await world.ledger.dispense([{ ...request, postageMills: 741n }]);
      expect(changed).toMatchObject({ ok: false, error: { code: 'DISPENSE_REQUEST_ID_REUSED' } });
      expect((await world.ledger.getPsd(1)).registers).toEqual({ ascending: 740n, descending: 9_260n, control: 10_000n, pieceCount: 1 });
    });

    it('refuses bad requests one by one while the rest of the batch is dispensed', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      await world.ledger.resetPsd(1, 10_000n);
      const good = stampRequest(500n);
      const outcomes = await world.ledger.dispense([
        stampRequest(0n),
        good,
        stampRequest(500n, { dateOfMailing: 70_000 }),
        { ...good },
        stampRequest(500n, { requestId: 'has space' }),
      ]);
      expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
        'MONEY_OUT_OF_RANGE',
        'ok',
        'INDICIUM_FIELD_RANGE',
        'INVALID_ARGUMENT',
        'INVALID_ARGUMENT',
      ]);
      expect((await world.ledger.getPsd(1)).registers.pieceCount).toBe(1);
      await expectLedgerIntact(world);
    });

    it('with funds exhausted and no automatic reset, refuses and moves no register', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      await world.ledger.resetPsd(1, 1_000n);
      ok((await world.ledger.dispense([stampRequest(900n)]))[0]);
      const before = await world.ledger.getPsd(1);
      const outcomes = await world.ledger.dispense([stampRequest(101n), stampRequest(5_000n)]);
      expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['PSD_FUNDS_EXHAUSTED', 'PSD_FUNDS_EXHAUSTED']);
      const after = await world.ledger.getPsd(1);
      expect(after.registers).toEqual(before.registers);
      expect(after.auditHead.equals(before.auditHead)).toBe(true);
      // A request that fits the 100 mills left is still served.
      expect(ok((await world.ledger.dispense([stampRequest(100n)]))[0]).pieceCount).toBe(2);
      await expectLedgerIntact(world);
    });

    it('a PSD short for one request is skipped for another that has the funds', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      await addPsd(world, 2);
      await world.ledger.resetPsd(1, 10_000n);
      await world.ledger.resetPsd(2, 300n);
      const outcomes = await world.ledger.dispense([stampRequest(400n), stampRequest(400n), stampRequest(400n)]);
      expect(outcomes.every((o) => o.ok && o.psdId === 1)).toBe(true);
      await expectLedgerIntact(world);
    });

    it('an overdue PSD refuses to dispense until its inspection is recorded', async () => {
      let now = Date.UTC(2026, 0, 1);
      const world = await openWorld(open, { nowMs: () => now, inspectionPeriodMs: 10 * 86_400_000 });
      await addPsd(world, 1);
      await world.ledger.resetPsd(1, 10_000n);
      ok((await world.ledger.dispense([stampRequest(100n)]))[0]);
      now += 10 * 86_400_000;
      const [refused] = await world.ledger.dispense([stampRequest(100n)]);
      expect(refused).toMatchObject({ ok: false, error: { code: 'PSD_INSPECTION_OVERDUE' } });
      const report = await world.ledger.recordInspection(1);
      expect(report.inspectionDueAtMs).toBe(now + 10 * 86_400_000);
      expect(report.auditHead.equals((await world.ledger.getPsd(1)).auditHead)).toBe(true);
      ok((await world.ledger.dispense([stampRequest(100n)]))[0]);
      await expectLedgerIntact(world);
    });

    it('a withdrawn PSD dispenses nothing; with no PSD at all the server says so', async () => {
      const world = await openWorld(open);
      expect((await world.ledger.dispense([stampRequest(100n)]))[0]).toMatchObject({ ok: false, error: { code: 'NO_PSD_AVAILABLE' } });
      await addPsd(world, 1);
      await world.ledger.resetPsd(1, 10_000n);
      ok((await world.ledger.dispense([stampRequest(250n)]))[0]);
      const withdrawal = await world.ledger.withdrawPsd(1);
      expect(withdrawal.refundMills).toBe(9_750n);
      expect((await world.ledger.dispense([stampRequest(100n)]))[0]).toMatchObject({ ok: false, error: { code: 'PSD_NOT_ACTIVE' } });
      await expect(world.ledger.resetPsd(1, 1_000n)).rejects.toMatchObject({ code: 'PSD_NOT_ACTIVE' });
      await expectLedgerIntact(world);
    });

    if (dialect === 'postgres') {
      it('a PSD row locked by another transaction is skipped, and a batch that needs it waits for it', async () => {
        const world = await openWorld(open);
        await addPsd(world, 1);
        await addPsd(world, 2);
        await world.ledger.resetPsd(1, 50_000n);
        await world.ledger.resetPsd(2, 10_000n);
        const db2 = await open({ url: world.db.url });
        let release: () => void = () => undefined;
        let locked: () => void = () => undefined;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        const holder = db2.transaction(async (tx) => {
          await tx.query('SELECT psd_id FROM psds WHERE psd_id = 1 FOR UPDATE');
          locked();
          await new Promise<void>((resolve) => (release = resolve));
        });
        await isLocked;
        // PSD 1 is the richest, yet the batch takes PSD 2 at once instead of waiting.
        const free = ok((await world.ledger.dispense([stampRequest(100n)]))[0]);
        expect(free.psdId).toBe(2);
        let pinnedDone = false;
        const pinned = world.ledger.dispense([stampRequest(100n)], { psdIds: [1] }).then((o) => {
          pinnedDone = true;
          return o;
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(pinnedDone).toBe(false);
        release();
        await holder;
        expect(ok((await pinned)[0])).toMatchObject({ psdId: 1, pieceCount: 1 });
        await expectLedgerIntact(world);
      });
    }

    it('groups concurrent single requests into few batches (group commit)', async () => {
      const world = await openWorld(open);
      await addPsd(world, 1);
      await addPsd(world, 2);
      await world.ledger.resetPsd(1, 1_000_000n);
      await world.ledger.resetPsd(2, 1_000_000n);
      const stamps = await Promise.all(Array.from({ length: 60 }, (_, i) => world.ledger.dispenseOne(stampRequest(BigInt(100 + i)))));
      expect(new Set(stamps.map((s) => `${s.psdId}/${s.pieceCount}`)).size).toBe(60);
      expect(world.ledger.batchesStarted).toBeGreaterThan(0);
      expect(world.ledger.batchesStarted).toBeLessThan(30);
      await expectLedgerIntact(world);
    });

    it('concurrent batches from several callers and two ledgers keep invariants and gapless piece counts', async () => {
      const world = await openWorld(open, { maxPsdsPerBatch: 2 });
      for (const id of [1, 2, 3]) {
        await addPsd(world, id);
        await world.ledger.resetPsd(id, 5_000_000n);
      }
      // On PostgreSQL a second server on its own pool, so that row locks really contend. A second
      // better-sqlite3 connection in the same process would busy-wait synchronously on the file lock while
      // the first awaits a signature, blocking the one event loop both need; SQLite shares the connection.
      const db2 = dialect === 'postgres' ? await open({ url: world.db.url }) : world.db;
      const other = world.newLedger({ db: db2 });
      const callers = Array.from({ length: 8 }, (_, c) =>
        (async () => {
          const ledger = c % 2 === 0 ? world.ledger : other;
          const results: DispenseOutcome[] = [];
          for (let b = 0; b < 5; b++) {
            results.push(...(await ledger.dispense(Array.from({ length: 1 + ((c + b) % 6) }, (_, k) => stampRequest(BigInt(100 + 10 * k + c))))));
          }
          return results;
        })(),
      );
      const all = (await Promise.all(callers)).flat();
      expect(all.every((o) => o.ok)).toBe(true);
      const seen = new Set(all.map((o) => `${ok(o).psdId}/${ok(o).pieceCount}`));
      expect(seen.size).toBe(all.length);
      let pieces = 0;
      for (const psd of await world.ledger.listPsds()) pieces += psd.registers.pieceCount;
      expect(pieces).toBe(all.length);
      await expectLedgerIntact(world);
    });
  });
});
