import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMailingDate, parseMailingDate } from '../core/mailing-date.js';
import { RATE_CATEGORIES } from '../core/rate-category.js';
import { parseZip } from '../core/zip.js';
import { checkPostage } from './check-postage.js';
import { quote, type QuoteRequest } from './quote.js';
import { BUILTIN_RATE_BOOK, tableInEffect } from './rate-tables.js';
import { builtinMaxWeightOz, codeOf } from './rates-test-support.js';
import { ZIP_AREAS } from './zip-areas.js';
import { zoneBetween } from './zone.js';

const ZONED = [4, 5, 6];
const firstDay = BUILTIN_RATE_BOOK.schedules[0]?.effectiveFromDay ?? 0;
const lastDay = BUILTIN_RATE_BOOK.schedules[BUILTIN_RATE_BOOK.schedules.length - 1]?.effectiveFromDay ?? 0;
const mailingDay = fc.integer({ min: firstDay, max: lastDay + 366 });
const category = fc.constantFrom(...RATE_CATEGORIES.map((c) => c.code));
// Three-digit prefixes the zone model serves, as five-digit ZIP strings.
const servedZip = fc
  .constantFrom(...ZIP_AREAS.map((a) => a.from))
  .chain((p) => fc.nat(99).map((rest) => String(p * 100 + rest).padStart(5, '0')));

/** A request that every category accepts: destination ZIP and country both given. */
function request(rateCategory: number, weightOz: number, day: number | string, destinationZip = '90012'): QuoteRequest {
  return { rateCategory, weightOz, originZip: '10001', destinationZip, destinationCountry: 'CA', dateOfMailing: day };
}

describe('quote', () => {
  it('is the price of the weight step (and zone) in the table in effect', () => {
    fc.assert(
      fc.property(category, mailingDay, fc.integer({ min: 1, max: 1000 }), (code, day, permille) => {
        const weightOz = (builtinMaxWeightOz(code) * permille) / 1000;
        const q = quote(request(code, weightOz, day));
        const table = tableInEffect(BUILTIN_RATE_BOOK, code, day);
        const step = table.steps.find((s) => weightOz <= s.upToOz);
        const zone = ZONED.includes(code) ? zoneBetween(parseZip('10001'), parseZip('90012')) : null;
        expect(q.table).toEqual({ id: table.id, effectiveFrom: table.effectiveFrom });
        expect(q.zone).toBe(zone);
        expect(q.postageMills).toBe(step?.prices[zone === null ? 0 : zone - 1]);
        expect(q.breakdown.dateOfMailing).toBe(formatMailingDate(day));
        expect(q.breakdown.weightStep.upTo).toBe(step?.upTo);
      }),
    );
  });

  it('never costs less for a heavier piece', () => {
    fc.assert(
      fc.property(category, mailingDay, fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (code, day, a, b) => {
        const max = builtinMaxWeightOz(code);
        const [light, heavy] = [Math.min(a, b), Math.max(a, b)].map((p) => (max * p) / 1000) as [number, number];
        expect(quote(request(code, light, day)).postageMills).toBeLessThanOrEqual(quote(request(code, heavy, day)).postageMills);
      }),
    );
  });

  it('never costs less to a farther zone, for the zoned categories', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONED), mailingDay, servedZip, servedZip, servedZip, fc.integer({ min: 1, max: 1120 }), (code, day, from, a, b, weightOz) => {
        const qa = quote({ ...request(code, weightOz, day, a), originZip: from });
        const qb = quote({ ...request(code, weightOz, day, b), originZip: from });
        if ((qa.zone ?? 0) <= (qb.zone ?? 0)) expect(qa.postageMills).toBeLessThanOrEqual(qb.postageMills);
        else expect(qa.postageMills).toBeGreaterThanOrEqual(qb.postageMills);
      }),
    );
  });

  it('switches to the next table on its effective date, not a day before', () => {
    const [older, newer] = BUILTIN_RATE_BOOK.schedules;
    if (older === undefined || newer === undefined) throw new Error('two built-in schedules expected');
    for (const { code } of RATE_CATEGORIES) {
      const before = quote(request(code, 1, newer.effectiveFromDay - 1));
      const on = quote(request(code, 1, formatMailingDate(newer.effectiveFromDay)));
      expect(before.table.id).toBe(older.id);
      expect(on.table.id).toBe(newer.id);
      expect(on.postageMills).not.toBe(before.postageMills);
    }
  });

  it('accepts the category by slug or code, ZIPs as text or packed, and the date as text, day or Date', () => {
    const day = parseMailingDate('2026-08-01');
    const a = quote({ rateCategory: 'priority-mail', weightOz: 20, originZip: '10001-0001', destinationZip: '94107', dateOfMailing: '2026-08-01' });
    const b = quote({ rateCategory: 5, weightOz: 20, originZip: parseZip('10001-0001'), destinationZip: parseZip('94107'), dateOfMailing: day });
    const c = quote({ rateCategory: 5, weightOz: 20, originZip: '10001-0001', destinationZip: '94107', dateOfMailing: new Date('2026-08-01T23:59:00Z') });
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.breakdown.originZip).toBe('10001-0001');
    // 20 oz is more than 1 lb: priced at the 2 lb step.
    expect(a.breakdown.weightStep).toEqual({ upTo: 2, unit: 'lb', description: 'up to 2 lb' });
  });

  it('prices the international letter alike for every country, and needs no destination ZIP', () => {
    const ca = quote({ rateCategory: 8, weightOz: 1, originZip: '10001', destinationCountry: 'ca', dateOfMailing: '2026-08-01' });
    const jp = quote({ rateCategory: 8, weightOz: 1, originZip: '10001', destinationCountry: 'JP', dateOfMailing: '2026-08-01' });
    expect(ca.postageMills).toBe(jp.postageMills);
    expect(ca.breakdown.destinationCountry).toEqual({ code: 'CA', name: 'Canada' });
    expect(ca.zone).toBeNull();
  });
});

describe('quote refuses', () => {
  const base: QuoteRequest = { rateCategory: 1, weightOz: 1, originZip: '10001', dateOfMailing: '2026-08-01' };
  const cases: [string, QuoteRequest, string][] = [
    ['a weight over the letter limit', { ...base, weightOz: 3.51 }, 'WEIGHT_OVER_LIMIT'],
    ['a weight over the parcel limit', { ...base, rateCategory: 4, destinationZip: '90012', weightOz: 70 * 16 + 0.1 }, 'WEIGHT_OVER_LIMIT'],
    ['a zero weight', { ...base, weightOz: 0 }, 'WEIGHT_INVALID'],
    ['a negative weight', { ...base, weightOz: -1 }, 'WEIGHT_INVALID'],
    ['a weight that is not a number', { ...base, weightOz: Number.NaN }, 'WEIGHT_INVALID'],
    ['an infinite weight', { ...base, weightOz: Number.POSITIVE_INFINITY }, 'WEIGHT_INVALID'],
    ['a date before any table', { ...base, dateOfMailing: '2025-12-31' }, 'RATE_TABLE_MISSING'],
    ['a zoned category without destination', { ...base, rateCategory: 'ground-advantage' }, 'RATE_DESTINATION_REQUIRED'],
    ['a zoned category with a blank destination', { ...base, rateCategory: 6, destinationZip: '' }, 'RATE_DESTINATION_REQUIRED'],
    ['a destination in no zone area', { ...base, rateCategory: 5, destinationZip: '00210' }, 'RATE_ZONE_UNKNOWN'],
    ['an international letter without a country', { ...base, rateCategory: 8 }, 'RATE_COUNTRY_REQUIRED'],
    ['an international letter with a blank country', { ...base, rateCategory: 8, destinationCountry: ' ' }, 'RATE_COUNTRY_REQUIRED'],
    ['a country code that names no country', { ...base, rateCategory: 8, destinationCountry: 'QQ' }, 'RATE_COUNTRY_INVALID'],
    ['a grouping that is no country', { ...base, rateCategory: 8, destinationCountry: 'EU' }, 'RATE_COUNTRY_INVALID'],
    ['UK instead of GB', { ...base, rateCategory: 8, destinationCountry: 'UK' }, 'RATE_COUNTRY_INVALID'],
    ['the United States as a foreign country', { ...base, rateCategory: 8, destinationCountry: 'US' }, 'RATE_COUNTRY_INVALID'],
    ['Puerto Rico as a foreign country', { ...base, rateCategory: 8, destinationCountry: 'PR' }, 'RATE_COUNTRY_INVALID'],
    ['a malformed origin ZIP', { ...base, originZip: '1234' }, 'ZIP_INVALID'],
    ['a packed origin ZIP of 0', { ...base, originZip: 0 }, 'ZIP_INVALID'],
    ['a malformed destination ZIP, even where not needed', { ...base, destinationZip: '9410' }, 'ZIP_INVALID'],
    ['an unknown category', { ...base, rateCategory: 9 }, 'RATE_CATEGORY_UNKNOWN'],
    ['a date that is not a date', { ...base, dateOfMailing: '2026-13-01' }, 'DATE_INVALID'],
  ];

  it.each(cases)('%s', (_name, req, code) => {
    expect(codeOf(() => quote(req))).toBe(code);
  });

  it('names the first effective date when the date is too early', () => {
    expect(() => quote({ ...base, dateOfMailing: '2025-12-31' })).toThrow(/first takes effect on 2026-01-18/);
  });
});

describe('checkPostage', () => {
  const q = quote({ rateCategory: 1, weightOz: 2, originZip: '10001', dateOfMailing: '2026-08-01' });

  it('allows the rate or more, and returns what is paid', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10_000_000n }), (extra) => {
        expect(checkPostage(q, q.postageMills + extra)).toBe(q.postageMills + extra);
        expect(checkPostage(q.postageMills, q.postageMills + extra)).toBe(q.postageMills + extra);
      }),
    );
  });

  it('refuses less than the rate with POSTAGE_BELOW_RATE', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: q.postageMills }), (short) => {
        expect(codeOf(() => checkPostage(q, q.postageMills - short))).toBe('POSTAGE_BELOW_RATE');
      }),
    );
    expect(() => checkPostage(q, q.postageMills - 1n)).toThrow(/First-Class Mail letter, up to 2 oz/);
  });
});
