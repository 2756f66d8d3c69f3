import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAppError } from '../errors/app-error.js';
import {
  MAX_PIECE_COUNT,
  MAX_POSTAGE_MILLS,
  MAX_REGISTER_MILLS,
  ZERO_REGISTERS,
  assertRegisterInvariants,
  assertRegisterTransition,
  credit,
  debit,
  type Registers,
} from './registers.js';

type Op = { readonly kind: 'debit'; readonly mills: bigint } | { readonly kind: 'credit'; readonly mills: bigint };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Debits include invalid postage (≤ 0, past 3 bytes) so that refusals are exercised too.
  fc.record({ kind: fc.constant('debit' as const), mills: fc.bigInt({ min: -5n, max: MAX_POSTAGE_MILLS + 5n }) }),
  fc.record({ kind: fc.constant('debit' as const), mills: fc.bigInt({ min: 1n, max: 2_000n }) }),
  fc.record({ kind: fc.constant('credit' as const), mills: fc.bigInt({ min: -5n, max: 50_000_000n }) }),
);

function apply(regs: Registers, op: Op): Registers {
  return op.kind === 'debit' ? debit(regs, op.mills) : credit(regs, op.mills);
}

describe('registers', () => {
  it('any sequence of debits and resets keeps CT = AR + DR, DR ≥ 0, and AR, count, CT monotone', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        let regs = ZERO_REGISTERS;
        // A model kept independently of the code under test: what the registers must add up to.
        let loaded = 0n;
        let dispensed = 0n;
        let pieces = 0;
        for (const op of ops) {
          let next: Registers;
          try {
            next = apply(regs, op);
          } catch (err) {
            // A refusal is a catalogued error and moves nothing (the input object is untouched).
            expect(isAppError(err)).toBe(true);
            continue;
          }
          assertRegisterTransition(regs, next, op.kind === 'credit');
          expect(next.control).toBe(next.ascending + next.descending);
          expect(next.descending >= 0n).toBe(true);
          expect(next.ascending >= regs.ascending).toBe(true);
          expect(next.pieceCount >= regs.pieceCount).toBe(true);
          expect(next.control >= regs.control).toBe(true);
          if (op.kind === 'debit') {
            expect(next.control).toBe(regs.control);
            dispensed += op.mills;
            pieces += 1;
          } else {
            loaded += op.mills;
          }
          regs = next;
        }
        expect(regs.control).toBe(loaded);
        expect(regs.ascending).toBe(dispensed);
        expect(regs.pieceCount).toBe(pieces);
      }),
      { numRuns: 300 },
    );
  });

  it('a debit is refused with PSD_FUNDS_EXHAUSTED exactly when DR < p', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 100_000n }), fc.bigInt({ min: 1n, max: 100_000n }), (dr, p) => {
        const regs: Registers = { ascending: 7n, descending: dr, control: dr + 7n, pieceCount: 3 };
        if (dr < p) {
          expect(() => debit(regs, p)).toThrowError(expect.objectContaining({ code: 'PSD_FUNDS_EXHAUSTED' }));
        } else {
          const next = debit(regs, p);
          expect(next).toEqual({ ascending: 7n + p, descending: dr - p, control: dr + 7n, pieceCount: 4 });
        }
      }),
    );
  });

  it('refuses postage ≤ 0 or past the 3-byte field, and amounts ≤ 0', () => {
    const regs = credit(ZERO_REGISTERS, 100_000_000n);
    for (const p of [0n, -1n, MAX_POSTAGE_MILLS + 1n]) {
      expect(() => debit(regs, p)).toThrowError(expect.objectContaining({ code: 'MONEY_OUT_OF_RANGE' }));
    }
    expect(debit(regs, MAX_POSTAGE_MILLS).ascending).toBe(MAX_POSTAGE_MILLS);
    for (const a of [0n, -10n]) {
      expect(() => credit(regs, a)).toThrowError(expect.objectContaining({ code: 'MONEY_OUT_OF_RANGE' }));
    }
  });

  it('refuses a piece count past 2^32 − 1', () => {
    const full: Registers = { ascending: 10n, descending: 1_000n, control: 1_010n, pieceCount: MAX_PIECE_COUNT };
    expect(() => debit(full, 1n)).toThrowError(expect.objectContaining({ code: 'PSD_PIECE_COUNT_EXHAUSTED' }));
    const almost: Registers = { ...full, pieceCount: MAX_PIECE_COUNT - 1 };
    expect(debit(almost, 1n).pieceCount).toBe(MAX_PIECE_COUNT);
  });

  it('refuses a control total past 2^40 − 1, so AR and DR always fit 5 bytes', () => {
    const regs = credit(ZERO_REGISTERS, MAX_REGISTER_MILLS - 5n);
    expect(credit(regs, 5n).control).toBe(MAX_REGISTER_MILLS);
    expect(() => credit(regs, 6n)).toThrowError(expect.objectContaining({ code: 'PSD_REGISTER_LIMIT' }));
  });

  it('assertRegisterInvariants and assertRegisterTransition name what is broken', () => {
    expect(() => assertRegisterInvariants({ ascending: 1n, descending: 1n, control: 3n, pieceCount: 1 })).toThrowError(/CT 3 differs/);
    expect(() => assertRegisterInvariants({ ascending: 4n, descending: -1n, control: 3n, pieceCount: 1 })).toThrowError(/negative/);
    const before: Registers = { ascending: 5n, descending: 5n, control: 10n, pieceCount: 2 };
    expect(() => assertRegisterTransition(before, { ascending: 5n, descending: 6n, control: 11n, pieceCount: 2 }, false)).toThrowError(
      /without a reset/,
    );
    expect(() => assertRegisterTransition(before, { ascending: 5n, descending: 5n, control: 10n, pieceCount: 1 }, true)).toThrowError(
      /piece count fell/,
    );
  });
});
