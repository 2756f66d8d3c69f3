import { describe, expect, it } from 'vitest';
import { parseOrderFilter, parseRange, parseStampFilter, startOfUtcDay } from './history-filters.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('history filters', () => {
  it('turn an inclusive range of UTC days into [start of from, start of the day after to)', () => {
    expect(parseRange('2026-11-01', '2026-11-30')).toEqual({ fromMs: Date.UTC(2026, 10, 1), toMs: Date.UTC(2026, 11, 1) });
    expect(parseRange('2026-11-24', '2026-11-24')).toEqual({ fromMs: Date.UTC(2026, 10, 24), toMs: Date.UTC(2026, 10, 25) });
    expect(parseRange(undefined, '2024-02-29')).toEqual({ fromMs: null, toMs: Date.UTC(2024, 2, 1) });
    expect(parseRange(undefined, undefined)).toEqual({ fromMs: null, toMs: null });
  });

  it('refuse dates that are not calendar days, and ranges that end before they start', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-11-01', '2026-11-01T00:00:00Z', '', ' 2026-11-01']) {
      expect(code(() => startOfUtcDay(bad, 'from')), bad).toBe('DATE_INVALID');
    }
    expect(code(() => parseRange('2026-11-02', '2026-11-01'))).toBe('HISTORY_RANGE_INVALID');
  });

  it('read states, rate categories (code, slug or name) and refund statuses', () => {
    expect(parseOrderFilter({ state: 'failed' }).state).toBe('failed');
    expect(code(() => parseOrderFilter({ state: 'done' }))).toBe('INVALID_ARGUMENT');
    expect(parseStampFilter({ rateCategory: 'priority-mail' }).rateCategory).toBe(5);
    expect(parseStampFilter({ rateCategory: '3' }).rateCategory).toBe(3);
    expect(code(() => parseStampFilter({ rateCategory: '9' }))).toBe('RATE_CATEGORY_UNKNOWN');
    expect(parseStampFilter({ refundStatus: 'none', purchaseId: 'p1' })).toMatchObject({ refund: 'none', purchaseId: 'p1' });
    expect(code(() => parseStampFilter({ refundStatus: 'paid' }))).toBe('INVALID_ARGUMENT');
  });
});
