import { describe, expect, it } from 'vitest';
import { codeOf } from '../../testing/error-code.js';
import { dayOfMs, dayStartMs, dayToString, MAX_RANGE_DAYS, parseDay, parseDayRange, requireDay } from './report-day.js';

describe('report days', () => {
  it('turns YYYY-MM-DD into days since 1970-01-01 and back', () => {
    expect(parseDay('1970-01-01')).toBe(0);
    expect(parseDay('2026-03-01')).toBe(Date.UTC(2026, 2, 1) / 86_400_000);
    for (const text of ['2024-02-29', '2026-12-31', '2000-01-01']) expect(dayToString(parseDay(text)!)).toBe(text);
  });

  it('refuses what is not a calendar date', () => {
    for (const text of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-3-1', '26-03-01', '1969-12-31', '2026-03-01T00:00:00Z', '']) {
      expect(parseDay(text), text).toBeNull();
    }
    expect(() => requireDay('2026-02-30')).toThrow(/2026-02-30/);
    expect(codeOf(() => requireDay('2026-02-30'))).toBe('REPORT_DAY_INVALID');
  });

  it('puts an instant in its UTC day, whose first instant is the day start', () => {
    const ms = Date.parse('2026-03-01T23:59:59.999Z');
    expect(dayToString(dayOfMs(ms))).toBe('2026-03-01');
    expect(dayToString(dayOfMs(ms + 1))).toBe('2026-03-02');
    expect(dayStartMs(dayOfMs(ms))).toBe(Date.parse('2026-03-01T00:00:00Z'));
  });

  it('parses a range, to defaulting to from, and refuses reversed or overlong ones', () => {
    expect(parseDayRange('2026-03-01', undefined)).toEqual({ from: parseDay('2026-03-01'), to: parseDay('2026-03-01') });
    expect(parseDayRange('2026-01-01', '2026-12-31').to - parseDayRange('2026-01-01', '2026-12-31').from + 1).toBe(365);
    const refused = (from: string, to?: string) => codeOf(() => parseDayRange(from, to)) ?? null;
    expect(refused('2026-03-02', '2026-03-01')).toBe('REPORT_RANGE_INVALID');
    expect(refused('2026-02-30')).toBe('REPORT_RANGE_INVALID');
    const end = dayToString(parseDay('2026-01-01')! + MAX_RANGE_DAYS);
    expect(refused('2026-01-01', end)).toBe('REPORT_RANGE_INVALID');
    expect(refused('2026-01-01', dayToString(parseDay(end)! - 1))).toBeNull();
  });
});
