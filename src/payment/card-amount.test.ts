import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { MAX_CARD_AMOUNT_MILLS, centsToMills, millsToCents, roundUpToCent } from './card-amount.js';
import { codeOf } from '../testing/error-code.js';

describe('card amounts', () => {
  it('turn whole cents of mills into cents and back', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_CARD_AMOUNT_MILLS / 10n }), (cents) => {
        expect(millsToCents(cents * 10n)).toBe(cents);
        expect(centsToMills(millsToCents(cents * 10n))).toBe(cents * 10n);
      }),
    );
  });

  it('refuse a fraction of a cent instead of rounding it, and name the rounded-up amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_CARD_AMOUNT_MILLS / 10n }), fc.bigInt({ min: 1n, max: 9n }), (cents, mills) => {
        expect(codeOf(() => millsToCents(cents * 10n + mills))).toBe('PAYMENT_AMOUNT_FRACTIONAL_CENT');
      }),
    );
    try {
      millsToCents(785n);
    } catch (err) {
      expect(isAppError(err) && err.details).toEqual({ mills: '785', roundedUpMills: '790' });
    }
  });

  it('refuse nothing, and more than a gateway charges at once', () => {
    expect(codeOf(() => millsToCents(0n))).toBe('MONEY_OUT_OF_RANGE');
    expect(codeOf(() => millsToCents(MAX_CARD_AMOUNT_MILLS + 10n))).toBe('MONEY_OUT_OF_RANGE');
  });

  it('round up to the next cent only when asked, never down, by less than a cent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (mills) => {
        const rounded = roundUpToCent(mills);
        expect(rounded % 10n).toBe(0n);
        expect(rounded >= mills && rounded - mills < 10n).toBe(true);
      }),
    );
  });
});
