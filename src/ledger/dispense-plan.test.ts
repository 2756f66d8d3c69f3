import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import { auditGenesisHash } from './audit-chain.js';
import { planDispense, psdRefusal } from './dispense-plan.js';
import type { PsdRecord } from './psd-store.js';

const NOW = 1_800_000_000_000;

function psd(psdId: number, descending: bigint, over: Partial<PsdRecord> = {}): PsdRecord {
  return {
    psdId,
    serverId: 's',
    licenseNumber: 1,
    certificateSerial: 1,
    keyId: `k${psdId}`,
    algorithm: SignatureAlgorithm.EcdsaP256,
    status: 'active',
    registers: { ascending: 0n, descending, control: descending, pieceCount: 0 },
    auditSequence: 0,
    auditHead: auditGenesisHash(psdId),
    lastInspectionAtMs: NOW - 1,
    inspectionDueAtMs: NOW + 1_000,
    provisionedAtMs: NOW - 1,
    withdrawnAtMs: null,
    ...over,
  };
}

describe('planDispense', () => {
  it('never overdraws a PSD, chains each PSD’s debits, and only leaves short what no PSD could take', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 5_000n }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.bigInt({ min: 1n, max: 1_500n }), { maxLength: 30 }),
        (funds, postages) => {
          const psds = funds.map((f, i) => psd(i + 1, f));
          const plan = planDispense(psds, postages, postages.map((_, i) => i), NOW);
          const last = new Map(psds.map((p) => [p.psdId, p.registers]));
          for (const d of plan.debits) {
            expect(d.before).toEqual(last.get(d.psd.psdId));
            expect(d.after.descending).toBe(d.before.descending - (postages[d.requestIndex] as bigint));
            expect(d.after.descending >= 0n).toBe(true);
            expect(d.after.pieceCount).toBe(d.before.pieceCount + 1);
            last.set(d.psd.psdId, d.after);
          }
          expect(plan.finalRegisters).toEqual(last);
          // Every request is either debited once or short, and a short one fits no PSD as it ended.
          const placed = plan.debits.map((d) => d.requestIndex);
          expect([...placed, ...plan.short].sort((a, b) => a - b)).toEqual(postages.map((_, i) => i));
          for (const i of plan.short) {
            const at = placed.filter((p) => p < i).length; // debits planned before request i
            const state = new Map(psds.map((p) => [p.psdId, p.registers.descending]));
            for (const d of plan.debits.slice(0, at)) state.set(d.psd.psdId, d.after.descending);
            expect([...state.values()].every((dr) => dr < (postages[i] as bigint))).toBe(true);
          }
        },
      ),
    );
  });

  it('spreads equal requests round-robin over equally funded PSDs', () => {
    const psds = [psd(1, 10_000n), psd(2, 10_000n), psd(3, 10_000n)];
    const plan = planDispense(psds, Array<bigint>(7).fill(100n), [0, 1, 2, 3, 4, 5, 6], NOW);
    expect(plan.debits.map((d) => d.psd.psdId)).toEqual([1, 2, 3, 1, 2, 3, 1]);
  });

  it('uses no withdrawn or overdue PSD', () => {
    const psds = [psd(1, 10_000n, { status: 'withdrawn' }), psd(2, 10_000n, { inspectionDueAtMs: NOW }), psd(3, 10_000n)];
    expect(psdRefusal(psds[0] as PsdRecord, NOW)).toBe('PSD_NOT_ACTIVE');
    expect(psdRefusal(psds[1] as PsdRecord, NOW)).toBe('PSD_INSPECTION_OVERDUE');
    expect(psdRefusal(psd(4, 0n, { inspectionDueAtMs: null }), NOW)).toBe('PSD_INSPECTION_OVERDUE');
    const plan = planDispense(psds, [100n, 100n], [0, 1], NOW);
    expect(plan.debits.map((d) => d.psd.psdId)).toEqual([3, 3]);
  });
});

describe('planDispense with purchase groups', () => {
  it('takes a whole purchase out of the round when one of its stamps cannot be placed', () => {
    // One PSD with 1,000 mills; purchase A asks 3 × 400, purchase B asks 1 × 300.
    const plan = planDispense([psd(1, 1_000n)], [400n, 400n, 400n, 300n], [0, 1, 2, 3], NOW, ['A', 'A', 'A', 'B']);
    expect(plan.short).toEqual([0, 1, 2]);
    expect(plan.debits.map((d) => d.requestIndex)).toEqual([3]);
    expect(plan.finalRegisters.get(1)?.descending).toBe(700n);
  });

  it('never places part of a group, and places every group that fits on its own', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 3_000n }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.record({ group: fc.constantFrom('a', 'b', 'c', 'd', undefined), postage: fc.bigInt({ min: 1n, max: 900n }) }), { maxLength: 20 }),
        (funds, items) => {
          const psds = funds.map((f, i) => psd(i + 1, f));
          const plan = planDispense(psds, items.map((x) => x.postage), items.map((_, i) => i), NOW, items.map((x) => x.group));
          const placed = new Set(plan.debits.map((d) => d.requestIndex));
          for (const g of ['a', 'b', 'c', 'd']) {
            const members = items.map((x, i) => (x.group === g ? i : -1)).filter((i) => i >= 0);
            const n = members.filter((i) => placed.has(i)).length;
            expect(n === 0 || n === members.length).toBe(true);
          }
          // Short and placed partition the requests.
          expect(plan.short.length + placed.size).toBe(items.length);
          for (const d of plan.debits) expect(d.after.descending >= 0n).toBe(true);
        },
      ),
    );
  });
});
