import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDollars, parseDollars, parseMills } from './money.js';
import { codeOf } from '../testing/error-code.js';

describe('parseDollars', () => {
  it('reads dollars with up to three decimals into mills', () => {
    expect(parseDollars('0.74')).toBe(740n);
    expect(parseDollars('$0.74')).toBe(740n);
    expect(parseDollars('12.345')).toBe(12_345n);
    expect(parseDollars('7')).toBe(7_000n);
    expect(parseDollars('0.7')).toBe(700n);
    expect(parseDollars('0.007')).toBe(7n);
    expect(parseDollars(' 1.5 ')).toBe(1_500n);
    expect(parseDollars('0')).toBe(0n);
  });

  it('keeps amounts past 2^53 mills exact', () => {
    expect(parseDollars('9007199254740993.001')).toBe(9_007_199_254_740_993_001n);
  });

  it.each(['-0.74', '', ' ', '1e3', '0.7401', '12.', '.5', 'abc', '$', '1,000', '0x10', '$-1', '1.2.3', '+1'])(
    'refuses %j with MONEY_INVALID',
    (text) => {
      expect(codeOf(() => parseDollars(text))).toBe('MONEY_INVALID');
    },
  );

  it('applies the caller’s limits with MONEY_OUT_OF_RANGE', () => {
    expect(parseDollars('16777.215', { max: 16_777_215n })).toBe(16_777_215n);
    expect(codeOf(() => parseDollars('16777.216', { max: 16_777_215n }))).toBe('MONEY_OUT_OF_RANGE');
    expect(codeOf(() => parseDollars('0', { min: 1n }))).toBe('MONEY_OUT_OF_RANGE');
  });
});

describe('parseMills', () => {
  it('accepts bigint, safe integer numbers and decimal strings', () => {
    expect(parseMills(740n)).toBe(740n);
    expect(parseMills(740)).toBe(740n);
    expect(parseMills('18446744073709551615')).toBe(18_446_744_073_709_551_615n);
    expect(parseMills(0)).toBe(0n);
  });

  it.each<[string | number | bigint]>([[0.5], [-1], [-1n], [2 ** 53], [Number.NaN], [Infinity], ['1.5'], ['-3'], ['1e3'], ['']])(
    'refuses %s with MONEY_INVALID',
    (value) => {
      expect(codeOf(() => parseMills(value))).toBe('MONEY_INVALID');
    },
  );

  it('applies limits', () => {
    expect(codeOf(() => parseMills(1001n, { max: 1000n }))).toBe('MONEY_OUT_OF_RANGE');
    expect(parseMills(1000n, { max: 1000n })).toBe(1000n);
  });
});

describe('formatDollars', () => {
  it('shows cents when the amount is whole cents, else mills', () => {
    expect(formatDollars(740n)).toBe('$0.74');
    expect(formatDollars(12_345n)).toBe('$12.345');
    expect(formatDollars(7_000n)).toBe('$7.00');
    expect(formatDollars(0n)).toBe('$0.00');
    expect(formatDollars(5n)).toBe('$0.005');
    expect(formatDollars(-740n)).toBe('-$0.74');
  });

  it('round-trips through parseDollars for every non-negative amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 70n }), (mills) => {
        expect(parseDollars(formatDollars(mills))).toBe(mills);
      }),
    );
  });
});
