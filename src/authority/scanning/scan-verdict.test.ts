import { describe, expect, it } from 'vitest';
import type { IndiciumFields } from '../../core/indicium/fields.js';
import type { Verdict } from '../../verifier/verifier.js';
import { REFUND_RULE, withRefund } from './scan-verdict.js';

const fields = { licenseNumber: 40_001_234, psdId: 3, pieceCount: 1042 } as IndiciumFields;
const passed = (rule: 1 | 2 | 3 | 4 | 5 | 6) => ({ rule, passed: true, reason: `rule ${rule} holds` });
const valid: Verdict = { status: 'valid', reason: 'All six rules hold', fields, checks: [1, 2, 3, 4, 5, 6].map((r) => passed(r as 1)) };
const duplicate: Verdict = {
  status: 'duplicate',
  rule: 6,
  reason: 'seen before',
  fields,
  checks: [...valid.checks.slice(0, 5), { rule: 6, passed: false, reason: 'seen before' }],
};
const forged: Verdict = { status: 'invalid', rule: 3, reason: 'bad signature', fields, checks: [passed(1), passed(2), { rule: 3, passed: false, reason: 'bad signature' }] };
const refund = { licenseNumber: 40_001_234, psdId: 3, pieceCount: 1042, refundedAtMs: Date.UTC(2026, 2, 1, 12) };

describe('withRefund', () => {
  it('leaves a verdict without a refund as it is, adding valid', () => {
    expect(withRefund(valid, null)).toEqual({ ...valid, valid: true });
    expect(withRefund(duplicate, null)).toEqual({ ...duplicate, valid: false });
  });

  it('turns a valid or duplicate verdict of a refunded stamp into refunded, under rule 6', () => {
    const reason = 'license 40001234 PSD 3 piece 1042 was refunded at 2026-03-01T12:00:00.000Z: its postage was given back';
    for (const verdict of [valid, duplicate]) {
      const result = withRefund(verdict, refund);
      expect(result).toEqual({
        status: 'refunded',
        valid: false,
        rule: REFUND_RULE,
        reason,
        fields,
        checks: [...valid.checks.slice(0, 5), { rule: 6, passed: false, reason }],
      });
    }
  });

  it('never lets a refund replace an earlier failure', () => {
    expect(withRefund(forged, refund)).toEqual({ ...forged, valid: false });
  });
});
