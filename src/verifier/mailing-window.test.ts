import { describe, expect, it } from 'vitest';
import { parseMailingDate } from '../core/mailing-date.js';
import { DEFAULT_SCAN_TOLERANCE, checkMailingWindow, resolveWindow, scanRange } from './mailing-window.js';

const day = parseMailingDate;

describe('mailing window', () => {
  it('resolves days, Dates and strings, leaving a missing end open', () => {
    expect(resolveWindow(undefined)).toBeUndefined();
    expect(resolveWindow({})).toBeUndefined();
    expect(resolveWindow({ from: '2026-11-01', to: new Date('2026-11-30T23:00:00Z') })).toEqual({ from: day('2026-11-01'), to: day('2026-11-30') });
    expect(resolveWindow({ from: 9824 })).toEqual({ from: 9824, to: 65_535 });
    expect(resolveWindow({ to: 9824 })).toEqual({ from: 0, to: 9824 });
  });

  it('refuses a window that ends before it starts, or a malformed day', () => {
    expect(() => resolveWindow({ from: '2026-12-01', to: '2026-11-01' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => resolveWindow({ from: '2026-13-01' })).toThrow(expect.objectContaining({ code: 'DATE_INVALID' }));
    expect(() => resolveWindow({ to: 70_000 })).toThrow(expect.objectContaining({ code: 'DATE_OUT_OF_RANGE' }));
  });

  it('builds the range around a scan date and clips it to two bytes', () => {
    expect(scanRange('2026-11-24')).toEqual({
      from: day('2026-11-24') - DEFAULT_SCAN_TOLERANCE.daysBeforeScan,
      to: day('2026-11-24') + DEFAULT_SCAN_TOLERANCE.daysAfterScan,
    });
    expect(scanRange(0, { daysBeforeScan: 5, daysAfterScan: 2 })).toEqual({ from: 0, to: 2 });
    expect(scanRange(65_535, { daysBeforeScan: 0, daysAfterScan: 9 })).toEqual({ from: 65_535, to: 65_535 });
    expect(() => scanRange(0, { daysBeforeScan: -1, daysAfterScan: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => scanRange(0, { daysBeforeScan: 0.5, daysAfterScan: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('passes without a window, and otherwise needs the day inside every range given', () => {
    expect(checkMailingWindow(9824, {})).toEqual({ passed: true, reason: 'Mailing date 2026-11-24 not checked: no window and no scan date were given' });
    const window = { from: 9820, to: 9830 };
    expect(checkMailingWindow(9820, { window }).passed).toBe(true);
    expect(checkMailingWindow(9830, { window }).passed).toBe(true);
    expect(checkMailingWindow(9831, { window }).passed).toBe(false);
    expect(checkMailingWindow(9825, { window, scan: { from: 9826, to: 9840 } })).toEqual({
      passed: false,
      reason: 'Mailing date 2026-11-25 lies outside the days allowed around the scan, 2026-11-26 to 2026-12-10',
    });
    expect(checkMailingWindow(9826, { window, scan: { from: 9826, to: 9840 } }).passed).toBe(true);
  });
});
