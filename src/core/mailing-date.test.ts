import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MAILING_DAY, dateToDays, daysToDate, formatMailingDate, parseMailingDate, toMailingDays } from './mailing-date.js';
import { codeOf } from '../testing/error-code.js';

describe('mailing dates', () => {
  it('count days since 2000-01-01 UTC', () => {
    expect(parseMailingDate('2000-01-01')).toBe(0);
    expect(parseMailingDate('2000-01-02')).toBe(1);
    expect(parseMailingDate('2000-03-01')).toBe(60); // 2000 is a leap year: 31 + 29 days
    expect(formatMailingDate(MAX_MAILING_DAY)).toBe('2179-06-06');
    expect(daysToDate(0).toISOString()).toBe('2000-01-01T00:00:00.000Z');
  });

  it('match the vectors’ date of mailing, day 9824', () => {
    // 2000..2025 hold 26 years with 7 leap years: 26 * 365 + 7 = 9497 days to 2026-01-01; 9824 - 9497 = 327
    // days into 2026, and January..October hold 304 days, so day 327 is November 1 + 23 = November 24.
    expect(formatMailingDate(9824)).toBe('2026-11-24');
    expect(parseMailingDate('2026-11-24')).toBe(9824);
  });

  it('drop the time of day of a Date, in UTC', () => {
    expect(dateToDays(new Date('2026-11-24T23:59:59.999Z'))).toBe(parseMailingDate('2026-11-24'));
    expect(dateToDays(new Date('2026-11-24T00:00:00Z'))).toBe(parseMailingDate('2026-11-24'));
    expect(dateToDays(new Date('2026-11-24T20:00:00-05:00'))).toBe(parseMailingDate('2026-11-25'));
  });

  it('round-trip every day of the two-byte range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MAILING_DAY }), (days) => {
        expect(parseMailingDate(formatMailingDate(days))).toBe(days);
        expect(dateToDays(daysToDate(days))).toBe(days);
      }),
    );
  });

  it('accept days, Dates and strings where a window is configured', () => {
    expect(toMailingDays(9824)).toBe(9824);
    expect(toMailingDays('2026-11-24')).toBe(parseMailingDate('2026-11-24'));
    expect(toMailingDays(new Date('2026-11-24T12:00:00Z'))).toBe(parseMailingDate('2026-11-24'));
  });

  it('refuse dates outside the range with DATE_OUT_OF_RANGE', () => {
    expect(codeOf(() => parseMailingDate('1999-12-31'))).toBe('DATE_OUT_OF_RANGE');
    expect(codeOf(() => parseMailingDate('2179-06-07'))).toBe('DATE_OUT_OF_RANGE');
    expect(codeOf(() => daysToDate(65_536))).toBe('DATE_OUT_OF_RANGE');
    expect(codeOf(() => daysToDate(-1))).toBe('DATE_OUT_OF_RANGE');
    expect(codeOf(() => dateToDays(new Date('1999-12-31T23:59:59Z')))).toBe('DATE_OUT_OF_RANGE');
  });

  it.each(['2026-02-30', '2026-13-01', '26-11-24', '2026/11/24', '', 'tomorrow', '2026-11-24T00:00:00Z'])(
    'refuse %j with DATE_INVALID',
    (text) => {
      expect(codeOf(() => parseMailingDate(text))).toBe('DATE_INVALID');
    },
  );

  it('refuse invalid Dates and fractional days with DATE_INVALID', () => {
    expect(codeOf(() => dateToDays(new Date('nonsense')))).toBe('DATE_INVALID');
    expect(codeOf(() => toMailingDays(1.5))).toBe('DATE_INVALID');
  });
});
