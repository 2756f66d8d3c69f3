import { describe, expect, it } from 'vitest';
import { ERRORS } from '../errors/catalogue.js';
import { dateToDays } from '../core/mailing-date.js';
import { DEFAULT_REFUND_POLICY, MS_PER_DAY, expectedDecisionAt, notFoundRefusal, refundPolicy, refusalsOf, type RefundCandidate } from './refund-policy.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const TODAY = dateToDays(new Date(NOW));

function candidate(patch: Partial<RefundCandidate> = {}): RefundCandidate {
  return { stampId: 's1', purchasedAtMs: NOW - MS_PER_DAY, dateOfMailing: TODAY, existing: null, ...patch };
}

describe('refund eligibility rules', () => {
  it('accepts a fresh stamp dated today, in the future, or up to the grace days ago', () => {
    for (const dateOfMailing of [TODAY, TODAY + 30, TODAY - 1, TODAY - 2]) {
      expect(refusalsOf(candidate({ dateOfMailing }), DEFAULT_REFUND_POLICY, NOW), String(dateOfMailing)).toEqual([]);
    }
  });

  it('refuses a date of mailing more than the grace days ago, naming the earliest date accepted', () => {
    const [r, ...rest] = refusalsOf(candidate({ dateOfMailing: TODAY - 3 }), DEFAULT_REFUND_POLICY, NOW);
    expect(rest).toEqual([]);
    expect(r?.code).toBe('REFUND_MAILING_DATE_PASSED');
    expect(r?.message).toContain('dated 2026-02-26');
    expect(r?.message).toContain('on or after 2026-02-27');
    expect(r?.message.endsWith(`${ERRORS.REFUND_MAILING_DATE_PASSED.fix}.`)).toBe(true);
    // With no grace, yesterday is already too late.
    expect(refusalsOf(candidate({ dateOfMailing: TODAY - 1 }), refundPolicy({ mailingGraceDays: 0 }), NOW).map((x) => x.code)).toEqual(['REFUND_MAILING_DATE_PASSED']);
  });

  it('accepts a request up to exactly the end of the refund window and refuses one a millisecond later', () => {
    const purchasedAtMs = NOW - 60 * MS_PER_DAY;
    expect(refusalsOf(candidate({ purchasedAtMs, dateOfMailing: TODAY + 1 }), DEFAULT_REFUND_POLICY, NOW)).toEqual([]);
    const late = refusalsOf(candidate({ purchasedAtMs: purchasedAtMs - 1, dateOfMailing: TODAY + 1 }), DEFAULT_REFUND_POLICY, NOW);
    expect(late.map((r) => r.code)).toEqual(['REFUND_WINDOW_PASSED']);
    expect(refusalsOf(candidate({ purchasedAtMs: NOW - 10 * MS_PER_DAY }), refundPolicy({ windowDays: 7 }), NOW).map((r) => r.code)).toEqual([
      'REFUND_WINDOW_PASSED',
    ]);
  });

  it('refuses a stamp already requested, with the request and its status, and lists every rule failed in order', () => {
    const all = refusalsOf(
      candidate({ existing: { id: 'r-9', status: 'rejected' }, purchasedAtMs: NOW - 90 * MS_PER_DAY, dateOfMailing: TODAY - 80 }),
      DEFAULT_REFUND_POLICY,
      NOW,
    );
    expect(all.map((r) => r.code)).toEqual(['REFUND_ALREADY_REQUESTED', 'REFUND_WINDOW_PASSED', 'REFUND_MAILING_DATE_PASSED']);
    expect(all[0]?.message).toContain('request r-9, rejected');
  });

  it('words a missing stamp with STAMP_NOT_FOUND and nothing about whose it is', () => {
    expect(notFoundRefusal('abc')).toEqual({ code: 'STAMP_NOT_FOUND', message: `No stamp abc belongs to this account. ${ERRORS.STAMP_NOT_FOUND.fix}.` });
  });

  it('decides after the review delay, 3 days by default, and refuses a policy that makes no sense', () => {
    expect(expectedDecisionAt(NOW, DEFAULT_REFUND_POLICY)).toBe(NOW + 3 * MS_PER_DAY);
    expect(expectedDecisionAt(NOW, refundPolicy({ reviewDelayMs: 1000 }))).toBe(NOW + 1000);
    expect(() => refundPolicy({ windowDays: -1 })).toThrow(RangeError);
    expect(() => refundPolicy({ reviewDelayMs: 1.5 })).toThrow(RangeError);
  });
});
