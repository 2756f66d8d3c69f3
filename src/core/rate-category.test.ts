import { describe, expect, it } from 'vitest';
import { RATE_CATEGORIES, describeRateCategory, findRateCategory, isKnownRateCategory, rateCategoryByCode } from './rate-category.js';
import { codeOf } from '../testing/error-code.js';

describe('rate categories', () => {
  it('hold the eight codes of spec §4 with unique slugs', () => {
    expect(RATE_CATEGORIES.map((c) => c.code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(RATE_CATEGORIES.map((c) => c.slug)).size).toBe(8);
    expect(rateCategoryByCode(1).name).toBe('First-Class Mail letter');
    expect(rateCategoryByCode(5).slug).toBe('priority-mail');
    expect(rateCategoryByCode(8).name).toBe('First-Class Mail International letter');
  });

  it('are found by code, numeric text, slug or name, ignoring case', () => {
    expect(findRateCategory(6).slug).toBe('priority-mail-express');
    expect(findRateCategory('6').code).toBe(6);
    expect(findRateCategory('first-class-letter').code).toBe(1);
    expect(findRateCategory('Media Mail').code).toBe(7);
    expect(findRateCategory(' USPS GROUND ADVANTAGE ').code).toBe(4);
  });

  it('treat reserved codes as unknown', () => {
    expect(isKnownRateCategory(1)).toBe(true);
    expect(isKnownRateCategory(8)).toBe(true);
    expect(isKnownRateCategory(0)).toBe(false);
    expect(isKnownRateCategory(9)).toBe(false);
    expect(isKnownRateCategory(65535)).toBe(false);
    expect(codeOf(() => rateCategoryByCode(9))).toBe('RATE_CATEGORY_UNKNOWN');
    expect(codeOf(() => findRateCategory('0'))).toBe('RATE_CATEGORY_UNKNOWN');
    expect(codeOf(() => findRateCategory('parcel-post'))).toBe('RATE_CATEGORY_UNKNOWN');
    expect(codeOf(() => findRateCategory(''))).toBe('RATE_CATEGORY_UNKNOWN');
    expect(describeRateCategory(9)).toBe('reserved rate category 9');
    expect(describeRateCategory(3)).toBe('First-Class Mail postcard');
  });
});
