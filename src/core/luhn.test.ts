import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLuhnValid, luhnCheckDigit } from './luhn.js';

describe('Luhn check digit', () => {
  it('matches well-known examples', () => {
    // The textbook example (account 7992739871, check digit 3) and two published card test numbers.
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4012888888881881')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
  });

  it('catches every single-digit change', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.nat(12), fc.integer({ min: 1, max: 9 }), (payload, position, delta) => {
        const full = payload + String(luhnCheckDigit(payload));
        expect(isLuhnValid(full)).toBe(true);
        const changed = (Number(full[position]) + delta) % 10;
        const typo = full.slice(0, position) + String(changed) + full.slice(position + 1);
        expect(isLuhnValid(typo)).toBe(false);
      }),
    );
  });

  it('refuses what is not digits', () => {
    expect(() => luhnCheckDigit('12a4')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => luhnCheckDigit('')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(isLuhnValid('0')).toBe(false);
    expect(isLuhnValid('x1')).toBe(false);
  });
});
