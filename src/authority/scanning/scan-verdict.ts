// A scan's verdict: spec §8's, overlaid with the vendor's refunds. A refund is not one of the six rules,
// so it gets its own status, `refunded`, and is reported under rule 6: like a second sighting, it is a
// fact about the triple (license, PSD, piece count) in the verifier's memory, not about the bytes, and
// it is checked where rule 6 is, after rules 1 to 5 passed. A client that knows only spec §8 reads
// "rule 6 failed": the piece must not be accepted. docs/authority.md, "Scanning", says the same.
import type { IndiciumFields } from '../../core/indicium/fields.js';
import type { RuleCheck, RuleNumber, Verdict } from '../../verifier/verifier.js';
import type { RefundRecord } from './scan-records.js';

/** The rule a refunded indicium is reported under. */
export const REFUND_RULE: RuleNumber = 6;

/** What a scan answers for one symbol. */
export interface ScanVerdict {
  readonly status: 'valid' | 'invalid' | 'duplicate' | 'refunded';
  /** True only when status is 'valid'. */
  readonly valid: boolean;
  /** The first rule that failed; absent when valid. */
  readonly rule?: RuleNumber;
  readonly reason: string;
  /** The decoded fields, whenever rule 1 passed. */
  readonly fields?: IndiciumFields;
  /** Every rule applied, up to and including the first that failed. */
  readonly checks: readonly RuleCheck[];
}

/**
 * The verdict with `refund` applied: an indicium that passed rules 1 to 5 (valid or duplicate) and was
 * refunded is `refunded`, its rule 6 check replaced by the refund; any other verdict stands.
 */
export function withRefund(verdict: Verdict, refund: RefundRecord | null): ScanVerdict {
  if (refund === null || verdict.status === 'invalid' || verdict.fields === undefined) {
    return { ...verdict, valid: verdict.status === 'valid' };
  }
  const { licenseNumber, psdId, pieceCount } = verdict.fields;
  const reason = `license ${licenseNumber} PSD ${psdId} piece ${pieceCount} was refunded at ${new Date(refund.refundedAtMs).toISOString()}: its postage was given back`;
  const checks = [...verdict.checks.filter((c) => c.rule !== REFUND_RULE), { rule: REFUND_RULE, passed: false, reason }];
  return { status: 'refunded', valid: false, rule: REFUND_RULE, reason, fields: verdict.fields, checks };
}
