import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMailingDate } from '../core/mailing-date.js';
import { RATE_CATEGORIES } from '../core/rate-category.js';
import { ZONE_COUNT, parseRateSchedule } from './rate-table.js';
import { BUILTIN_RATE_BOOK, makeRateBook, tableInEffect } from './rate-tables.js';
import { codeOf, smallSchedule } from './rates-test-support.js';

describe('the built-in rate tables', () => {
  it('price every rate category of spec §4 in every schedule, oldest schedule first', () => {
    expect(BUILTIN_RATE_BOOK.schedules.length).toBeGreaterThanOrEqual(2);
    const days = BUILTIN_RATE_BOOK.schedules.map((s) => s.effectiveFromDay);
    expect(days).toEqual([...days].sort((a, b) => a - b));
    for (const schedule of BUILTIN_RATE_BOOK.schedules) {
      expect(schedule.illustrative).toBe(true);
      expect(schedule.tables.map((t) => t.rateCategory).sort()).toEqual(RATE_CATEGORIES.map((c) => c.code));
    }
  });

  it('are zoned exactly for Ground Advantage, Priority Mail and Priority Mail Express, in pounds', () => {
    for (const table of BUILTIN_RATE_BOOK.schedules.flatMap((s) => s.tables)) {
      const parcel = [4, 5, 6, 7].includes(table.rateCategory);
      expect(table.zoned, `category ${table.rateCategory}`).toBe([4, 5, 6].includes(table.rateCategory));
      expect(table.weightUnit).toBe(parcel ? 'lb' : 'oz');
      for (const step of table.steps) expect(step.prices.length).toBe(table.zoned ? ZONE_COUNT : 1);
    }
  });

  it('never charge less for a heavier step or a farther zone, and charge whole cents', () => {
    for (const table of BUILTIN_RATE_BOOK.schedules.flatMap((s) => s.tables)) {
      table.steps.forEach((step, i) => {
        const previous = table.steps[i - 1];
        step.prices.forEach((price, z) => {
          expect(price % 10n, `${table.id} ${table.rateCategory}`).toBe(0n);
          if (z > 0) expect(price).toBeGreaterThanOrEqual(step.prices[z - 1] ?? 0n);
          if (previous !== undefined) expect(price).toBeGreaterThan(previous.prices[z] ?? 0n);
        });
      });
    }
  });
});

describe('the table in effect', () => {
  const book = makeRateBook([
    parseRateSchedule(smallSchedule('2026-03-01', 2, ['first-class-letter']), 'march'),
    parseRateSchedule(smallSchedule('2026-01-01', 1), 'january'),
  ]);

  it('is the latest that prices the category on or before the date of mailing', () => {
    const jan = parseMailingDate('2026-01-01');
    const mar = parseMailingDate('2026-03-01');
    fc.assert(
      fc.property(fc.integer({ min: jan, max: mar + 400 }), (day) => {
        expect(tableInEffect(book, 1, day).id).toBe(day < mar ? '2026-01-01' : '2026-03-01');
        // The March schedule does not price Priority Mail: January's stays in effect for it.
        expect(tableInEffect(book, 5, day).id).toBe('2026-01-01');
      }),
    );
  });

  it('is missing before the first table, and for a category no schedule prices', () => {
    expect(codeOf(() => tableInEffect(book, 1, parseMailingDate('2025-12-31')))).toBe('RATE_TABLE_MISSING');
    expect(codeOf(() => tableInEffect(book, 7, parseMailingDate('2026-06-01')))).toBe('RATE_TABLE_MISSING');
  });

  it('cannot come from two schedules that price a category from the same day', () => {
    const a = parseRateSchedule(smallSchedule('2026-01-01', 1), 'a');
    const b = parseRateSchedule(smallSchedule('2026-01-01', 2, ['priority-mail']), 'b');
    expect(codeOf(() => makeRateBook([a, b]))).toBe('RATE_TABLE_INVALID');
  });
});

describe('parsing a rate schedule', () => {
  const good = smallSchedule('2026-01-01', 1) as { tables: Record<string, { steps: { upTo: number; mills: unknown }[] }> };
  const variants: [string, (s: typeof good) => unknown, string][] = [
    ['not an object', () => 42, 'not a JSON object'],
    ['no effectiveFrom', (s) => ({ ...s, effectiveFrom: undefined }), 'effectiveFrom is missing'],
    ['a date that is not a calendar date', (s) => ({ ...s, effectiveFrom: '2026-02-30' }), 'not a YYYY-MM-DD date'],
    ['an unknown category', (s) => ({ ...s, tables: { ...s.tables, 'pony-express': s.tables['first-class-letter'] } }), 'not a known rate category'],
    ['no tables', (s) => ({ ...s, tables: {} }), 'prices no rate category'],
    ['a float price', (s) => withStep(s, 'first-class-letter', { upTo: 1, mills: 780.5 }), 'not an integer number of mills'],
    ['a zero price', (s) => withStep(s, 'first-class-letter', { upTo: 1, mills: 0 }), 'more than 0 mills'],
    ['a zoned step with eight prices', (s) => withStep(s, 'priority-mail', { upTo: 1, mills: [1, 2, 3, 4, 5, 6, 7, 8] }), 'must list 9 prices'],
    ['steps that do not increase', (s) => withStep(s, 'first-class-letter', { upTo: 3, mills: 100 }), 'step 1: upTo must be a number above 3'],
  ];

  it('accepts a well-formed schedule', () => {
    expect(parseRateSchedule(good, 'good').tables).toHaveLength(2);
  });

  it.each(variants)('refuses %s with RATE_TABLE_INVALID', (_name, change, fault) => {
    const bad = change(structuredClone(good));
    expect(codeOf(() => parseRateSchedule(bad, 'bad.json'))).toBe('RATE_TABLE_INVALID');
    expect(() => parseRateSchedule(bad, 'bad.json')).toThrow(`bad.json: `);
    expect(() => parseRateSchedule(bad, 'bad.json')).toThrow(fault);
  });
});

// Replaces the first step of the table `slug` with `step`.
function withStep(s: { tables: Record<string, { steps: { upTo: number; mills: unknown }[] }> }, slug: string, step: { upTo: number; mills: unknown }): unknown {
  const table = s.tables[slug];
  if (table === undefined) throw new Error(`no table ${slug}`);
  table.steps = [step, ...table.steps.slice(1)];
  return s;
}
