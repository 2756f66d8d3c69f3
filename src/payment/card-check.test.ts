import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { checkCard, checkCardCvc, checkCardExpiry, checkCardNumber, type CardDetails } from './card-check.js';
import { codeOf } from '../testing/error-code.js';

const NOW = new Date('2026-08-15T12:00:00Z');

const card = (number: string, cvc = '123'): CardDetails => ({ number, expMonth: 12, expYear: 2030, cvc });

describe('checkCard accepts', () => {
  it.each([
    ['Visa', '4242 4242 4242 4242', 'visa', '123'],
    ['Visa (another)', '4111 1111 1111 1111', 'visa', '123'],
    ['Mastercard (5-series)', '5555-5555-5555-4444', 'mastercard', '123'],
    ['Mastercard (2-series)', '2223003122003222', 'mastercard', '123'],
    ['American Express', '3782 822463 10005', 'american-express', '1234'],
    ['Discover', '6011111111111117', 'discover', '123'],
  ])('%s', (_name, number, brand, cvc) => {
    const checked = checkCard(card(number, cvc), NOW);
    const digits = number.replace(/\D/g, '');
    expect(checked).toEqual({ number: digits, brand, last4: digits.slice(-4), expMonth: 12, expYear: 2030, cvc });
  });

  it('a card in its expiry month, and a two-digit year as this century', () => {
    expect(checkCardExpiry(8, 2026, NOW)).toEqual({ expMonth: 8, expYear: 2026 });
    expect(checkCardExpiry('09', '27', NOW)).toEqual({ expMonth: 9, expYear: 2027 });
  });
});

describe('checkCard refuses', () => {
  it.each([
    ['a wrong check digit', card('4242424242424241'), 'CARD_NUMBER_INVALID'],
    ['too few digits', card('42424242'), 'CARD_NUMBER_INVALID'],
    ['letters', card('4242 4242 4242 424x'), 'CARD_NUMBER_INVALID'],
    ['an empty number', card(''), 'CARD_NUMBER_INVALID'],
    ['JCB', card('3566002020360505'), 'CARD_BRAND_UNSUPPORTED'],
    ['UnionPay', card('6200000000000005'), 'CARD_BRAND_UNSUPPORTED'],
    ['Diners Club', card('36227206271667'), 'CARD_BRAND_UNSUPPORTED'],
    ['last month', { ...card('4242424242424242'), expMonth: 7, expYear: 2026 }, 'CARD_EXPIRED'],
    ['last year', { ...card('4242424242424242'), expMonth: 12, expYear: '25' }, 'CARD_EXPIRED'],
    ['month 13', { ...card('4242424242424242'), expMonth: 13 }, 'CARD_EXPIRY_INVALID'],
    ['month 0', { ...card('4242424242424242'), expMonth: '0' }, 'CARD_EXPIRY_INVALID'],
    ['a year 20 years ahead', { ...card('4242424242424242'), expYear: 2046 }, 'CARD_EXPIRY_INVALID'],
    ['a year that is not a number', { ...card('4242424242424242'), expYear: 'soon' }, 'CARD_EXPIRY_INVALID'],
    ['a 4-digit CVC on Visa', card('4242424242424242', '1234'), 'CARD_CVC_INVALID'],
    ['a 3-digit CVC on American Express', card('378282246310005', '123'), 'CARD_CVC_INVALID'],
    ['a CVC with letters', card('4242424242424242', '12a'), 'CARD_CVC_INVALID'],
  ])('%s', (_name, details, code) => {
    expect(codeOf(() => checkCard(details, NOW))).toBe(code);
  });

  it('checks the number before the expiry, and the expiry before the security code', () => {
    expect(codeOf(() => checkCard({ number: '1', expMonth: 99, expYear: 1, cvc: '' }, NOW))).toBe('CARD_NUMBER_INVALID');
    expect(codeOf(() => checkCard({ number: '4242424242424242', expMonth: 99, expYear: 1, cvc: '' }, NOW))).toBe('CARD_EXPIRY_INVALID');
    expect(codeOf(() => checkCardCvc('', 'visa', 3))).toBe('CARD_CVC_INVALID');
  });

  it('never quotes the number in a message or its details', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 8, maxLength: 19 }), (digits) => {
        try {
          checkCardNumber(digits);
        } catch (err) {
          if (!isAppError(err)) throw err;
          expect(err.message).not.toContain(digits);
          expect(JSON.stringify(err.details)).not.toContain(digits);
        }
      }),
    );
  });
});
