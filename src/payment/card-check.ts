// Checks of a card before any charge: the number (Luhn check digit, length and brand, by card-validator),
// the expiry date against a clock given as an argument, and the length of the security code for the
// brand. Each failure has its own code. No message or detail ever quotes the card number or the code.
import cardValidator from 'card-validator';
import { AppError } from '../errors/app-error.js';

/** The card brands the vendor accepts, by card-validator's type id. */
export const ACCEPTED_BRANDS = ['visa', 'mastercard', 'american-express', 'discover'] as const;

/** An accepted card brand. */
export type CardBrand = (typeof ACCEPTED_BRANDS)[number];

/** A card as the user typed it. The number may carry spaces or hyphens; the year two or four digits. */
export interface CardDetails {
  readonly number: string;
  readonly expMonth: number | string;
  readonly expYear: number | string;
  readonly cvc: string;
}

/** A card that passed every check. Holds the number only so that it can be sent to the gateway. */
export interface CheckedCard {
  /** The digits of the number, without spaces: never store or log it. */
  readonly number: string;
  readonly brand: CardBrand;
  readonly last4: string;
  /** 1 to 12. */
  readonly expMonth: number;
  /** Four digits. */
  readonly expYear: number;
  readonly cvc: string;
}

// A card lists at most this many years ahead (card-validator uses 19 too).
const MAX_YEARS_AHEAD = 19;
const SEPARATORS = /[\s-]/g;

/** Runs every check; throws the first failure (number, then expiry, then security code). */
export function checkCard(card: CardDetails, now: Date): CheckedCard {
  const { number, brand, cvcLength } = checkCardNumber(card.number);
  const { expMonth, expYear } = checkCardExpiry(card.expMonth, card.expYear, now);
  const cvc = checkCardCvc(card.cvc, brand, cvcLength);
  return Object.freeze({ number, brand, last4: number.slice(-4), expMonth, expYear, cvc });
}

/** CARD_NUMBER_INVALID unless card-validator finds the number valid; CARD_BRAND_UNSUPPORTED for other brands. */
export function checkCardNumber(text: string): { number: string; brand: CardBrand; cvcLength: number } {
  const number = typeof text === 'string' ? text.replace(SEPARATORS, '') : '';
  const verdict = cardValidator.number(number);
  if (!/^\d{12,19}$/.test(number) || !verdict.isValid || verdict.card === null) {
    // The length only: the digits themselves must not reach a message or a log.
    throw new AppError('CARD_NUMBER_INVALID', `The card number of ${number.length} characters fails the check digit, length or brand check`, {
      length: number.length,
    });
  }
  const brand = ACCEPTED_BRANDS.find((b) => b === verdict.card?.type);
  if (brand === undefined) {
    throw new AppError('CARD_BRAND_UNSUPPORTED', `${verdict.card.niceType} cards are not accepted`, { brand: verdict.card.type });
  }
  return { number, brand, cvcLength: verdict.card.code.size };
}

/**
 * CARD_EXPIRY_INVALID unless month is 1-12 and year has two or four digits and lies at most 19 years
 * ahead; CARD_EXPIRED when the last day of the expiry month has passed on `now` (UTC).
 */
export function checkCardExpiry(month: number | string, year: number | string, now: Date): { expMonth: number; expYear: number } {
  const expMonth = toInteger(month);
  const yearNumber = toInteger(year);
  const thisYear = now.getUTCFullYear();
  // A two-digit year is in this century, as printed on cards.
  const expYear = yearNumber !== undefined && String(year).trim().length <= 2 ? 2000 + yearNumber : yearNumber;
  if (expMonth === undefined || expMonth < 1 || expMonth > 12 || expYear === undefined || expYear < 2000 || expYear > thisYear + MAX_YEARS_AHEAD) {
    throw new AppError('CARD_EXPIRY_INVALID', `Expiry ${String(month)}/${String(year)} is not a month 1 to 12 and a year up to ${thisYear + MAX_YEARS_AHEAD}`, {
      expMonth: String(month),
      expYear: String(year),
    });
  }
  // A card is valid through the end of its expiry month.
  if (expYear * 12 + expMonth < thisYear * 12 + now.getUTCMonth() + 1) {
    throw new AppError('CARD_EXPIRED', `The card expired at the end of ${expYear}-${String(expMonth).padStart(2, '0')}`, { expMonth, expYear });
  }
  return { expMonth, expYear };
}

/** CARD_CVC_INVALID unless the security code is exactly `length` digits (4 for American Express, else 3). */
export function checkCardCvc(text: string, brand: CardBrand, length: number): string {
  const cvc = typeof text === 'string' ? text.trim() : '';
  if (!/^\d+$/.test(cvc) || cvc.length !== length) {
    throw new AppError('CARD_CVC_INVALID', `A ${brand} card has a ${length}-digit security code`, { brand, expectedLength: length });
  }
  return cvc;
}

function toInteger(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  return typeof value === 'string' && /^\d{1,4}$/.test(value.trim()) ? Number(value.trim()) : undefined;
}
