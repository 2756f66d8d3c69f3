// The Luhn (mod 10) check digit, which catches every single-digit typo and most swaps of neighbours.
import { AppError } from '../errors/app-error.js';

const DIGITS = /^\d+$/;

/** The Luhn check digit (0-9) to append to the decimal digits of `payload`. */
export function luhnCheckDigit(payload: string): number {
  if (!DIGITS.test(payload)) {
    throw new AppError('INVALID_ARGUMENT', `A Luhn payload must be decimal digits, not ${JSON.stringify(payload)}`);
  }
  // Walk from the right: the digit next to the (future) check digit is doubled, then every other one.
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    const digit = payload.charCodeAt(payload.length - 1 - i) - 48;
    const doubled = i % 2 === 0 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit of `digits` is the Luhn check digit of the ones before it. */
export function isLuhnValid(digits: string): boolean {
  if (!DIGITS.test(digits) || digits.length < 2) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));
}
