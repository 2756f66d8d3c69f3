import { describe, expect, it } from 'vitest';
import type { AuditEntryBody } from './audit-chain.js';
import { expectedTransition } from './audit-transitions.js';
import type { Registers } from './registers.js';

const prev: Registers = { ascending: 1_000n, descending: 4_000n, control: 5_000n, pieceCount: 3 };

function entry(kind: AuditEntryBody['kind'], amount: bigint, registers: Registers): AuditEntryBody {
  return { kind, amount, registers, psdId: 1, sequence: 9, reference: Buffer.alloc(0), timestampMs: 0 };
}

describe('expectedTransition', () => {
  it('accepts what each kind of operation does', () => {
    expect(expectedTransition(prev, entry('debit', 250n, { ascending: 1_250n, descending: 3_750n, control: 5_000n, pieceCount: 4 }))).toBeUndefined();
    expect(expectedTransition(prev, entry('reset', 500n, { ...prev, descending: 4_500n, control: 5_500n }))).toBeUndefined();
    expect(expectedTransition(prev, entry('inspection', 0n, prev))).toBeUndefined();
    expect(expectedTransition(prev, entry('withdrawal', 4_000n, prev))).toBeUndefined();
  });

  it('names a debit that skips a piece count, a reset that moves AR, and a withdrawal of the wrong amount', () => {
    expect(expectedTransition(prev, entry('debit', 250n, { ascending: 1_250n, descending: 3_750n, control: 5_000n, pieceCount: 5 }))).toMatch(
      /count 4, not .* count 5/,
    );
    expect(expectedTransition(prev, entry('reset', 500n, { ...prev, ascending: 1_500n, control: 5_500n }))).toMatch(/should leave/);
    expect(expectedTransition(prev, entry('withdrawal', 1n, prev))).toMatch(/withdrawal naming 1 mills/);
    expect(expectedTransition(prev, entry('debit', 0n, prev))).toMatch(/a debit of 0 mills/);
  });
});
