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
