import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { dateToDays } from '../core/mailing-date.js';
import { hashPurchase, parsePurchase, priceStamps, toDispenseItems, type ParsedStamp, type StampRequestBody } from './purchase-request.js';

const base: StampRequestBody = { rateCategory: 1, postage: 900, dateOfMailing: '2026-11-24', originZip: '94107-0001' };

describe('parsePurchase', () => {
  it('parses every field into what the indicium carries', () => {
    const { stamps } = parsePurchase({
      stamps: [{ rateCategory: 'priority-mail', postageDollars: '12.345', dateOfMailing: '2000-01-02', originZip: '02134', destinationZip: '10001-0002', medium: { serial: '2026-1124-0001-8', slot: 7 } }],
    });
    expect(stamps[0]).toEqual({
      rateCategory: 5,
      postage: 12_345n,
      weightOz: null,
      destinationCountry: null,
      dateOfMailing: 1,
      originZip: 21_340_000,
      destinationZip: 100_010_002,
      medium: (202611240001n << 8n) | 7n,
      mediumText: { serial: '2026-1124-0001-8', slot: 7 },
    });
  });

  it('leaves a missing date for the day of processing and fills it in toDispenseItems', () => {
    const { stamps } = parsePurchase({ stamps: [{ ...base, dateOfMailing: undefined }] });
    expect(stamps[0]!.dateOfMailing).toBeNull();
    let n = 0;
    const today = dateToDays(new Date('2026-11-25T00:00:00Z'));
    const items = toDispenseItems(priceStamps(stamps, today), today, () => `id-${n++}`);
    expect(items).toEqual([{ requestId: 'id-0', postage: '900', rateCategory: 1, dateOfMailing: today, originZip: 941_070_001, destinationZip: 0, medium: '0' }]);
  });

  it('prices stamps: the rate when no postage is given, more than the rate allowed, less refused', () => {
    const today = dateToDays(new Date('2026-11-25T00:00:00Z'));
    const [atRate] = priceStamps(parsePurchase({ stamps: [{ ...base, postage: undefined }] }).stamps, today);
    expect(atRate!.postage).toBe(atRate!.rateMills);
    expect(atRate!.rateMills).toBeGreaterThan(0n);
    const [more] = priceStamps(parsePurchase({ stamps: [{ ...base, postage: 5_000 }] }).stamps, today);
    expect(more!.postage).toBe(5_000n);
    const heavier = priceStamps(parsePurchase({ stamps: [{ ...base, postage: undefined, weightOz: 3 }] }).stamps, today);
    expect(heavier[0]!.rateMills).toBeGreaterThan(atRate!.rateMills);
    try {
      priceStamps(parsePurchase({ stamps: [base, { ...base, postage: 1 }] }).stamps, today);
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'POSTAGE_BELOW_RATE')).toBe(true);
      expect((err as { details: Record<string, unknown> }).details.field).toBe('stamps[1].postage');
    }
    try {
      priceStamps(parsePurchase({ stamps: [{ ...base, rateCategory: 'priority-mail', postage: undefined }] }).stamps, today);
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'RATE_DESTINATION_REQUIRED')).toBe(true);
    }
  });

  it('keeps the old test of a date filled in', () => {
    const { stamps } = parsePurchase({ stamps: [{ ...base, dateOfMailing: undefined }] });
    let n = 0;
    const items = toDispenseItems(priceStamps(stamps, 9_800 + 100), 9_800 + 100, () => `id-${n++}`);
    expect(items).toEqual([{ requestId: 'id-0', postage: '900', rateCategory: 1, dateOfMailing: 9_900, originZip: 941_070_001, destinationZip: 0, medium: '0' }]);
  });

  it('names the field at fault, keeping the core parser’s code and adding the fix once', () => {
    try {
      parsePurchase({ stamps: [base, { ...base, originZip: 'abc' }] });
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'ZIP_INVALID')).toBe(true);
      const e = err as { message: string; details: Record<string, unknown> };
      expect(e.details.field).toBe('stamps[1].originZip');
      expect(e.message).toMatch(/^stamps\[1\]\.originZip: "abc" is not a ZIP or ZIP\+4 code\. Give five digits/);
      expect(e.message.match(/Give five digits/g)).toHaveLength(1);
    }
  });
});

describe('hashPurchase', () => {
  it('is the same for the same purchase however it is spelled', () => {
    const a = parsePurchase({ stamps: [base] }).requestHash;
    const b = parsePurchase({ stamps: [{ ...base, postage: undefined, postageDollars: '0.90', rateCategory: 'first-class-letter', originZip: ' 941070001 ' }] }).requestHash;
    expect(b.equals(a)).toBe(true);
  });

  it('differs when any field, the order or the number of stamps differs', () => {
    const stamp = fc.record({
      rateCategory: fc.integer({ min: 1, max: 8 }),
      postage: fc.bigInt({ min: 1n, max: 16_777_215n }),
      dateOfMailing: fc.option(fc.integer({ min: 0, max: 65_535 }), { nil: null }),
      originZip: fc.integer({ min: 10_000, max: 999_999_999 }),
      destinationZip: fc.integer({ min: 0, max: 999_999_999 }),
      medium: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      weightOz: fc.option(fc.integer({ min: 1, max: 70 }), { nil: null }),
      destinationCountry: fc.option(fc.constantFrom('CA', 'DE'), { nil: null }),
      mediumText: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.array(stamp, { minLength: 1, maxLength: 4 }), fc.array(stamp, { minLength: 1, maxLength: 4 }), (x: ParsedStamp[], y: ParsedStamp[]) => {
        const same = JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) === JSON.stringify(y, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
        expect(hashPurchase(x).equals(hashPurchase(y))).toBe(same);
      }),
    );
  });

  it('tells a missing date from an explicit one', () => {
    const today = parsePurchase({ stamps: [{ ...base, dateOfMailing: undefined }] }).requestHash;
    const explicit = parsePurchase({ stamps: [base] }).requestHash;
    expect(today.equals(explicit)).toBe(false);
  });
});
