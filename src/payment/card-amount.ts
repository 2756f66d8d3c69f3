// Money is held in mills (US$0.001); card networks move whole cents. A charge or refund in mills is
// sent as cents only when it is a whole number of cents: a fraction of a cent is refused
// (PAYMENT_AMOUNT_FRACTIONAL_CENT), never rounded silently. A caller whose policy is to round a total
// up says so by calling roundUpToCent first.
import { MILLS_PER_CENT, checkMoneyLimits, formatDollars, type Mills } from '../core/money.js';
import { AppError } from '../errors/app-error.js';

/** Smallest card charge: one cent, in mills. */
export const MIN_CARD_AMOUNT_MILLS: Mills = MILLS_PER_CENT;
/** Largest card charge: $999,999.99 (what common gateways allow), in mills. */
export const MAX_CARD_AMOUNT_MILLS: Mills = 999_999_990n;

/** Whole cents of a card amount given in mills; PAYMENT_AMOUNT_FRACTIONAL_CENT or MONEY_OUT_OF_RANGE otherwise. */
export function millsToCents(mills: Mills): bigint {
  if (typeof mills !== 'bigint') {
    throw new AppError('MONEY_INVALID', 'A card amount must be a bigint number of mills', { value: String(mills) });
  }
  if (mills % MILLS_PER_CENT !== 0n) {
    throw new AppError('PAYMENT_AMOUNT_FRACTIONAL_CENT', `${formatDollars(mills)} is not a whole number of cents`, {
      mills: mills.toString(),
      roundedUpMills: roundUpToCent(mills).toString(),
    });
  }
  checkMoneyLimits(mills, { min: MIN_CARD_AMOUNT_MILLS, max: MAX_CARD_AMOUNT_MILLS });
  return mills / MILLS_PER_CENT;
}

/** Mills of an amount in whole cents. */
export function centsToMills(cents: bigint | number): Mills {
  return BigInt(cents) * MILLS_PER_CENT;
}

/** `mills` rounded up to the next whole cent (unchanged when already whole), for callers whose policy it is. */
export function roundUpToCent(mills: Mills): Mills {
  const rest = mills % MILLS_PER_CENT;
  return rest === 0n ? mills : mills + (rest > 0n ? MILLS_PER_CENT - rest : -rest);
}
