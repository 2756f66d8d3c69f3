// The refund policy and the pure eligibility rules. No I/O: the service reads the stamp and any earlier
// request, and passes them here with the clock's time.
//
// The rules, in the order a refusal lists them:
//  1. A stamp is refunded at most once (REFUND_ALREADY_REQUESTED, with the request's status).
//  2. The refund is requested within `windowDays` after the stamp was bought (REFUND_WINDOW_PASSED).
//  3. The date of mailing printed in the indicium is not earlier than today (UTC) minus `mailingGraceDays`
//     (REFUND_MAILING_DATE_PASSED). Why: a stamp whose date of mailing is long past may well have been
//     mailed, and not every piece is scanned, so the vendor can no longer tell that it was unused. A
//     short grace covers the customer who printed a stamp for yesterday and did not send the piece.
//     Stamps dated in the future are always acceptable on this rule.
// Whether the stamp was in fact used is decided later, by the review: the authority says whether it
// scanned the piece, after `reviewDelayMs` gave a mailed piece time to be scanned.
import { AppError } from '../errors/app-error.js';
import { dateToDays, formatMailingDate } from '../core/mailing-date.js';

/** Milliseconds in a day. */
export const MS_PER_DAY = 86_400_000;

/** What the vendor accepts; every field is configurable. */
export interface RefundPolicy {
  /** Days after purchase within which a refund may be requested. */
  readonly windowDays: number;
  /** How many days before today (UTC) the date of mailing may lie. */
  readonly mailingGraceDays: number;
  /** How long after the request the decision waits: the time in which a mailed piece would be scanned. */
  readonly reviewDelayMs: number;
}

/** 60 days to ask, a 2-day grace on the date of mailing, 3 days before the decision. */
export const DEFAULT_REFUND_POLICY: RefundPolicy = Object.freeze({ windowDays: 60, mailingGraceDays: 2, reviewDelayMs: 3 * MS_PER_DAY });

/** The status of a refund request. */
export type RefundStatus = 'requested' | 'approved' | 'rejected';

/** Every status, for validation of filters. */
export const REFUND_STATUSES: readonly RefundStatus[] = ['requested', 'approved', 'rejected'];

/** The codes a refusal can carry (STAMP_NOT_FOUND comes from the service: the stamp is not the account's). */
export type RefusalCode = 'STAMP_NOT_FOUND' | 'REFUND_ALREADY_REQUESTED' | 'REFUND_WINDOW_PASSED' | 'REFUND_MAILING_DATE_PASSED';

/** One reason a stamp cannot be refunded: a catalogued code and the message an AppError of it would carry. */
export interface RefundRefusal {
  readonly code: RefusalCode;
  readonly message: string;
}

/** What the rules look at for one stamp of the caller's account. */
export interface RefundCandidate {
  readonly stampId: string;
  /** When the stamp was dispensed (bought), in ms. */
  readonly purchasedAtMs: number;
  /** The indicium's date of mailing, days since 2000-01-01. */
  readonly dateOfMailing: number;
  /** The earlier request of this stamp, if any. */
  readonly existing: { readonly id: string; readonly status: RefundStatus } | null;
}

/** A policy from defaults and overrides; refuses values that make no sense (a programming or configuration error). */
export function refundPolicy(overrides: Partial<RefundPolicy> = {}): RefundPolicy {
  const policy = { ...DEFAULT_REFUND_POLICY, ...overrides };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`refund policy ${name} must be a whole number of at least 0, not ${value}`);
  }
  return policy;
}

/** Every rule the stamp fails, in rule order; empty when it may be refunded at `nowMs`. */
export function refusalsOf(candidate: RefundCandidate, policy: RefundPolicy, nowMs: number): RefundRefusal[] {
  const refusals: RefundRefusal[] = [];
  if (candidate.existing !== null) {
    const { id, status } = candidate.existing;
    refusals.push(refusal('REFUND_ALREADY_REQUESTED', `A refund of stamp ${candidate.stampId} was already requested (request ${id}, ${status})`));
  }
  const windowEndMs = candidate.purchasedAtMs + policy.windowDays * MS_PER_DAY;
  if (nowMs > windowEndMs) {
    refusals.push(
      refusal(
        'REFUND_WINDOW_PASSED',
        `Stamp ${candidate.stampId} was bought on ${new Date(candidate.purchasedAtMs).toISOString()}; refunds are accepted for ${policy.windowDays} days, until ${new Date(windowEndMs).toISOString()}`,
      ),
    );
  }
  const earliestDay = dateToDays(new Date(nowMs)) - policy.mailingGraceDays;
  if (candidate.dateOfMailing < earliestDay) {
    refusals.push(
      refusal(
        'REFUND_MAILING_DATE_PASSED',
        `Stamp ${candidate.stampId} is dated ${formatMailingDate(candidate.dateOfMailing)}; refunds are accepted for dates of mailing up to ${policy.mailingGraceDays} days ago (on or after ${formatMailingDate(Math.max(0, earliestDay))})`,
      ),
    );
  }
  return refusals;
}

/** When a request made at `nowMs` will be decided. */
export function expectedDecisionAt(nowMs: number, policy: RefundPolicy): number {
  return nowMs + policy.reviewDelayMs;
}

/** The refusal a missing (or another account's) stamp gets: the words of STAMP_NOT_FOUND, nothing that tells the two apart. */
export function notFoundRefusal(stampId: string): RefundRefusal {
  return refusal('STAMP_NOT_FOUND', `No stamp ${stampId} belongs to this account`);
}

function refusal(code: RefusalCode, detail: string): RefundRefusal {
  return { code, message: new AppError(code, detail).message };
}
