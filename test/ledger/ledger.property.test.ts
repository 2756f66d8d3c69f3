// Random sequences of register operations against the real ledger on each database: after every
// sequence the registers follow a model kept here, the invariants hold and the audit finds nothing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Registers } from '../../src/ledger/registers.js';
import { forEachDialect } from '../helpers/dialects.js';
import { addPsd, openWorld, stampRequest } from './ledger-fixture.js';

type Op =
  | { readonly kind: 'dispense'; readonly postages: readonly bigint[] }
  | { readonly kind: 'reset'; readonly psdId: number; readonly amount: bigint }
  | { readonly kind: 'inspect'; readonly psdId: number };

const PSDS = [1, 2];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('dispense' as const), postages: fc.array(fc.bigInt({ min: 1n, max: 3_000n }), { minLength: 1, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), psdId: fc.constantFrom(...PSDS), amount: fc.bigInt({ min: 1n, max: 8_000n }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('inspect' as const), psdId: fc.constantFrom(...PSDS) }) },
);

forEachDialect((_dialect, open) => {
  describe('ledger under random operations', () => {
    it('keeps CT = AR + DR, DR ≥ 0, AR/count/CT monotone, CT moved only by resets, and a clean audit', async () => {
      const world = await openWorld(open);
      for (const id of PSDS) await addPsd(world, id);
      let loaded = 0n;
      let dispensed = 0n;
      let pieces = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 6 }), async (ops) => {
          for (const op of ops) {
            const before = new Map((await world.ledger.listPsds()).map((p) => [p.psdId, p.registers]));
            if (op.kind === 'dispense') {
              const outcomes = await world.ledger.dispense(op.postages.map((p) => stampRequest(p)));
              outcomes.forEach((o, i) => {
                if (o.ok) {
                  dispensed += op.postages[i] as bigint;
                  pieces += 1;
                } else {
                  expect(o.error.code).toBe('PSD_FUNDS_EXHAUSTED');
                }
              });
            } else if (op.kind === 'reset') {
              await world.ledger.resetPsd(op.psdId, op.amount);
              loaded += op.amount;
            } else {
              await world.ledger.recordInspection(op.psdId);
            }
            for (const psd of await world.ledger.listPsds()) {
              const prev = before.get(psd.psdId) as Registers;
              const now = psd.registers;
              expect(now.control).toBe(now.ascending + now.descending);
              expect(now.descending >= 0n).toBe(true);
              expect(now.ascending >= prev.ascending && now.pieceCount >= prev.pieceCount && now.control >= prev.control).toBe(true);
              if (op.kind !== 'reset' || op.psdId !== psd.psdId) expect(now.control).toBe(prev.control);
            }
          }
          const psds = await world.ledger.listPsds();
          expect(psds.reduce((s, p) => s + p.registers.control, 0n)).toBe(loaded);
          expect(psds.reduce((s, p) => s + p.registers.ascending, 0n)).toBe(dispensed);
          expect(psds.reduce((s, p) => s + p.registers.pieceCount, 0)).toBe(pieces);
          expect(world.authority.depositMills).toBe(1_000_000_000n - loaded);
          for (const report of await world.ledger.auditAll()) expect(report.problems).toEqual([]);
        }),
        { numRuns: 12, endOnFailure: true },
      );
    });
  });
});
