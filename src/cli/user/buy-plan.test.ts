import { describe, expect, it } from 'vitest';
import { buyParamsFromJournal, findCategory, MAX_BATCH_QUANTITY, parseBuyFlags, stampRequests, type BuyFlags } from './buy-plan.js';

const base: BuyFlags = { category: 'letter', postage: '0.74', from: '94107' };

describe('parseBuyFlags', () => {
  it('parses dollars or mills into canonical parameters', () => {
    expect(parseBuyFlags(base)).toEqual({ rateCategory: 1, postageMills: '740', originZip: '94107', quantity: 1 });
    expect(parseBuyFlags({ ...base, postage: undefined, postageMills: '12345', from: '941070001', to: '10001-0002', date: '2026-11-24', quantity: '2500', category: '5' })).toEqual({
      rateCategory: 5,
      postageMills: '12345',
      originZip: '94107-0001',
      destinationZip: '10001-0002',
      dateOfMailing: '2026-11-24',
      quantity: 2500,
    });
  });

  it('knows the short category names beside codes, slugs and names', () => {
    const cases: [string, number][] = [['letter', 1], ['flat', 2], ['postcard', 3], ['ground', 4], ['priority', 5], ['express', 6], ['media', 7], ['international', 8], ['Priority Mail', 5], ['first-class-letter', 1], ['3', 3]];
    for (const [text, code] of cases) expect(findCategory(text).code, text).toBe(code);
    expect(() => findCategory('parcel')).toThrow(expect.objectContaining({ code: 'RATE_CATEGORY_UNKNOWN' }));
  });

  it('gives stamp i of a sheet batch slot N + i', () => {
    const params = parseBuyFlags({ ...base, quantity: '3', medium: '2026 1124 0001 8', slot: '4' });
    expect(params.medium).toEqual({ serial: '2026-1124-0001-8', firstSlot: 4 });
    expect(stampRequests(params).map((s) => s.medium)).toEqual([4, 5, 6].map((slot) => ({ serial: '2026-1124-0001-8', slot })));
    expect(stampRequests(parseBuyFlags(base))).toEqual([{ rateCategory: 1, postage: '740', originZip: '94107' }]);
  });

  it('leaves the postage out to pay the rate, and carries the weight and the destination country', () => {
    const params = parseBuyFlags({ ...base, postage: undefined, category: 'international', weight: '2.5', country: 'ca', quantity: '2' });
    expect(params).toEqual({ rateCategory: 8, originZip: '94107', weightOz: 2.5, destinationCountry: 'CA', quantity: 2 });
    expect(stampRequests(params)).toEqual(Array(2).fill({ rateCategory: 8, originZip: '94107', weightOz: 2.5, destinationCountry: 'CA' }));
    // Read back from the journal as written.
    expect(buyParamsFromJournal(JSON.parse(JSON.stringify(params)))).toEqual(params);
  });

  it('refuses what cannot be bought, with the catalogued error of the field', () => {
    const cases: [BuyFlags, string][] = [
      [{ ...base, category: undefined }, 'INVALID_ARGUMENT'],
      [{ ...base, from: undefined }, 'INVALID_ARGUMENT'],
      [{ ...base, postageMills: '740' }, 'INVALID_ARGUMENT'],
      [{ ...base, weight: '0' }, 'WEIGHT_INVALID'],
      [{ ...base, weight: '0x10' }, 'WEIGHT_INVALID'],
      [{ ...base, country: 'UK' }, 'RATE_COUNTRY_INVALID'],
      [{ ...base, postage: '0.7401' }, 'MONEY_INVALID'],
      [{ ...base, postage: '0' }, 'MONEY_OUT_OF_RANGE'],
      [{ ...base, postage: '16777.216' }, 'MONEY_OUT_OF_RANGE'],
      [{ ...base, from: '9410' }, 'ZIP_INVALID'],
      [{ ...base, date: '2026-02-30' }, 'DATE_INVALID'],
      [{ ...base, quantity: '0' }, 'INVALID_ARGUMENT'],
      [{ ...base, quantity: String(MAX_BATCH_QUANTITY + 1) }, 'INVALID_ARGUMENT'],
      [{ ...base, quantity: '1.5' }, 'INVALID_ARGUMENT'],
      [{ ...base, slot: '1' }, 'INVALID_ARGUMENT'],
      [{ ...base, medium: '2026-1124-0001-9' }, 'MEDIUM_SERIAL_CHECK_DIGIT'],
      [{ ...base, medium: '2026-1124-0001-8', quantity: '2' }, 'MEDIUM_SLOT_INVALID'],
      [{ ...base, medium: '2026-1124-0001-8', slot: '250', quantity: '7' }, 'MEDIUM_SLOT_INVALID'],
    ];
    for (const [flags, code] of cases) expect(() => parseBuyFlags(flags), JSON.stringify(flags)).toThrow(expect.objectContaining({ code }));
  });
});

describe('buyParamsFromJournal', () => {
  it('reads back what was written, and refuses what no longer parses', () => {
    const params = parseBuyFlags({ ...base, quantity: '20', medium: '2026-1124-0001-8', slot: '1', to: '10001' });
    expect(buyParamsFromJournal(JSON.parse(JSON.stringify(params)))).toEqual(params);
    for (const bad of [null, 'x', { ...params, postageMills: '-1' }, { ...params, quantity: 0 }]) {
      expect(() => buyParamsFromJournal(bad)).toThrow(expect.objectContaining({ code: 'CLIENT_JOURNAL_INVALID' }));
    }
  });
});
