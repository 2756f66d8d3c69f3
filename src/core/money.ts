// Money is an integer number of mills (1 mill = US$0.001, the unit of IBI registers), held as bigint.
// Nothing here ever goes through a float: dollars are parsed and printed digit by digit.
import { AppError } from '../errors/app-error.js';

/** An amount of money in mills (1 mill = US$0.001); always an integer, never a float. */
export type Mills = bigint;

/** Mills in one dollar. */
export const MILLS_PER_DOLLAR = 1000n;
/** Mills in one cent. */
export const MILLS_PER_CENT = 10n;

/** Optional inclusive limits, in mills, that a parsed amount must respect (MONEY_OUT_OF_RANGE). */
export interface MoneyLimits {
  readonly min?: Mills;
  readonly max?: Mills;
}

// Optional dollar sign, whole dollars, then at most three decimals (mills). No sign, no exponent.
const DOLLARS = /^\$?(\d+)(?:\.(\d{1,3}))?$/;
const DECIMAL_INTEGER = /^\d+$/;

/**
 * Parses a dollar amount such as "0.74", "$0.74", "12.345" or "7" into mills.
 * Refuses negatives, exponents, more than three decimals and anything else with MONEY_INVALID.
 */
export function parseDollars(text: string, limits: MoneyLimits = {}): Mills {
  const match = typeof text === 'string' ? DOLLARS.exec(text.trim()) : null;
  if (match === null) {
    throw new AppError('MONEY_INVALID', `${JSON.stringify(text)} is not an amount of dollars with at most three decimals`, {
      value: String(text),
    });
  }
  const whole = BigInt(match[1] ?? '0');
  // Pad the decimals to three digits so that "0.7" is 700 mills, not 7.
  const fraction = BigInt((match[2] ?? '').padEnd(3, '0'));
  return checkMoneyLimits(whole * MILLS_PER_DOLLAR + fraction, limits);
}

/**
 * Parses an integer number of mills from API input: a bigint, a safe non-negative integer number, or a
 * string of decimal digits. Refuses floats, negatives and unsafe numbers with MONEY_INVALID.
 */
export function parseMills(value: string | number | bigint, limits: MoneyLimits = {}): Mills {
  let mills: Mills | undefined;
  if (typeof value === 'bigint') {
    mills = value;
  } else if (typeof value === 'number') {
    // A number past 2^53 may already have been rounded by JSON.parse: refuse it rather than guess.
    if (Number.isSafeInteger(value)) mills = BigInt(value);
  } else if (typeof value === 'string' && DECIMAL_INTEGER.test(value.trim())) {
    mills = BigInt(value.trim());
  }
  if (mills === undefined || mills < 0n) {
    throw new AppError('MONEY_INVALID', `${describe(value)} is not a non-negative integer number of mills`, {
      value: describe(value),
    });
  }
  return checkMoneyLimits(mills, limits);
}

/** Formats mills as dollars: "$0.74" when the amount is whole cents, else "$12.345". */
export function formatDollars(mills: Mills): string {
  const sign = mills < 0n ? '-' : '';
  const abs = mills < 0n ? -mills : mills;
  const whole = abs / MILLS_PER_DOLLAR;
  const fraction = (abs % MILLS_PER_DOLLAR).toString().padStart(3, '0');
  const decimals = abs % MILLS_PER_CENT === 0n ? fraction.slice(0, 2) : fraction;
  return `${sign}$${whole}.${decimals}`;
}

/** Throws MONEY_OUT_OF_RANGE when `mills` lies outside the given inclusive limits; returns it otherwise. */
export function checkMoneyLimits(mills: Mills, limits: MoneyLimits): Mills {
  const { min, max } = limits;
  if ((min !== undefined && mills < min) || (max !== undefined && mills > max)) {
    const range = `${min === undefined ? 'no minimum' : formatDollars(min)} to ${max === undefined ? 'no maximum' : formatDollars(max)}`;
    throw new AppError('MONEY_OUT_OF_RANGE', `${formatDollars(mills)} is outside the allowed range ${range}`, {
      mills: mills.toString(),
      min: min?.toString(),
      max: max?.toString(),
    });
  }
  return mills;
}

function describe(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value) ?? String(value);
}
