// What POST /v1/verify answers for one symbol, made for people as well as programs: all six rules of
// spec §8 (those after the first failure marked "not checked"), and the decoded fields in readable
// form (dollars, dates, ZIP codes, rate category names) beside the raw ones.
import type { IndiciumFields } from '../../core/indicium/fields.js';
import { formatMailingDate } from '../../core/mailing-date.js';
import { describeMedium } from '../../core/media-serial.js';
import { formatDollars } from '../../core/money.js';
import { describeRateCategory } from '../../core/rate-category.js';
import { formatZip } from '../../core/zip.js';
import type { RuleCheck, RuleNumber } from '../../verifier/verifier.js';
import { fieldsView } from '../scanning/scanning.views.js';
import type { ScanVerdict } from '../scanning/scan-verdict.js';

/** Spec §8's rules in a sentence each, as the page lists them. */
export const RULE_TITLES: Readonly<Record<RuleNumber, string>> = Object.freeze({
  1: 'Format: 117 bytes, version 1, a known signature algorithm',
  2: 'Certificate: issued by the postal authority to this license and PSD, and not revoked before the date of mailing',
  3: "Signature: verifies with the certificate's public key",
  4: 'Registers: the postage is above zero and the ascending register holds at least the postage',
  5: 'Date of mailing: within the days accepted around today',
  6: 'Not used before: not already scanned by the postal authority, and not refunded',
});

const RULE_NUMBERS: readonly RuleNumber[] = [1, 2, 3, 4, 5, 6];

/** One of the six rules as the page shows it. */
export interface RuleView {
  readonly rule: RuleNumber;
  readonly title: string;
  /** "not checked" when an earlier rule failed: the verifier stops at the first failure. */
  readonly outcome: 'passed' | 'failed' | 'not checked';
  readonly reason: string;
}

/** One decoded field in readable form. */
export interface DisplayField {
  /** The field's name in `fields` (IndiciumFields). */
  readonly name: keyof IndiciumFields;
  readonly label: string;
  readonly value: string;
}

/** All six rules, in order, from the checks the verifier applied. */
export function ruleViews(checks: readonly RuleCheck[]): RuleView[] {
  const failed = checks.find((c) => !c.passed)?.rule;
  return RULE_NUMBERS.map((rule) => {
    const check = checks.find((c) => c.rule === rule);
    if (check !== undefined) return { rule, title: RULE_TITLES[rule], outcome: check.passed ? 'passed' : 'failed', reason: check.reason };
    return { rule, title: RULE_TITLES[rule], outcome: 'not checked', reason: `Rule ${failed ?? '?'} failed first; the verifier stops at the first failure` };
  });
}

const ALGORITHMS: Readonly<Record<number, string>> = { 1: 'ECDSA P-256', 2: 'Ed25519' };

/**
 * The fields people read, in the order of the human-readable text beside the symbol (spec §6) and then
 * the rest. Values come from the bytes of an indicium that may be forged, so nothing here may throw.
 */
export function displayFields(f: IndiciumFields): DisplayField[] {
  const row = (name: keyof IndiciumFields, label: string, value: string): DisplayField => ({ name, label, value });
  return [
    row('postage', 'Postage', formatDollars(f.postage)),
    row('dateOfMailing', 'Date of mailing', formatMailingDate(f.dateOfMailing)),
    row('rateCategory', 'Rate category', `${describeRateCategory(f.rateCategory)} (code ${f.rateCategory})`),
    row('originZip', 'Origin ZIP', zipText(f.originZip, 'not given')),
    row('destinationZip', 'Destination ZIP', zipText(f.destinationZip, 'not given')),
    row('licenseNumber', 'License number', String(f.licenseNumber)),
    row('psdId', 'PSD', String(f.psdId)),
    row('pieceCount', 'Piece number', String(f.pieceCount)),
    row('ascendingRegister', 'Ascending register (postage used)', formatDollars(f.ascendingRegister)),
    row('descendingRegister', 'Descending register (postage left)', formatDollars(f.descendingRegister)),
    row('medium', 'Label or sheet', describeMedium(f.medium)),
    row('certificateSerial', 'Certificate serial', String(f.certificateSerial)),
    row('algorithm', 'Signature algorithm', ALGORITHMS[f.algorithm] ?? `algorithm ${f.algorithm}`),
    row('softwareId', 'Vendor software release', String(f.softwareId)),
  ];
}

// A packed ZIP+4 outside 00001-0000 … 99999-9999 still decodes (the codec carries any 4 bytes).
function zipText(packed: number, none: string): string {
  if (packed === 0) return none;
  try {
    return formatZip(packed);
  } catch {
    return `not a ZIP code (${packed})`;
  }
}

/** What the public check says about one symbol, before it becomes JSON. */
export interface PublicVerification extends ScanVerdict {
  /** Where in the upload the symbol was: "indicium", "symbol 2", "page 1 symbol 1". */
  readonly source: string;
  /** When the postal authority first scanned this indicium; null when never, or when rules 1 to 5 did not all pass. */
  readonly firstScannedAtMs: number | null;
  /** When the vendor refunded it; null when not refunded, or when rules 1 to 5 did not all pass. */
  readonly refundedAtMs: number | null;
}

/** One result of POST /v1/verify. */
export function publicVerificationView(v: PublicVerification): Record<string, unknown> {
  return {
    source: v.source,
    status: v.status,
    valid: v.valid,
    ...(v.rule === undefined ? {} : { rule: v.rule }),
    reason: v.reason,
    checks: v.checks,
    rules: ruleViews(v.checks),
    ...(v.fields === undefined ? {} : { fields: fieldsView(v.fields), display: displayFields(v.fields) }),
    firstScannedAt: v.firstScannedAtMs === null ? null : new Date(v.firstScannedAtMs).toISOString(),
    refundedAt: v.refundedAtMs === null ? null : new Date(v.refundedAtMs).toISOString(),
  };
}
