// A user may put more postage on a stamp than the rate, never less.
import { formatDollars, type Mills } from '../core/money.js';
import { AppError } from '../errors/app-error.js';
import type { PostageQuote } from './quote.js';

/**
 * Accepts `offeredMills` when it is at least the rate (a quote, or the rate in mills) and returns it;
 * POSTAGE_BELOW_RATE when it is less. More than the rate is allowed: the postage printed is what was paid.
 */
export function checkPostage(quoted: PostageQuote | Mills, offeredMills: Mills): Mills {
  const rateMills = typeof quoted === 'bigint' ? quoted : quoted.postageMills;
  if (offeredMills < rateMills) {
    const what = typeof quoted === 'bigint' ? 'the rate' : `the rate of ${quoted.breakdown.rateCategory.name}, ${quoted.breakdown.weightStep.description}`;
    throw new AppError('POSTAGE_BELOW_RATE', `Postage of ${formatDollars(offeredMills)} is less than ${formatDollars(rateMills)}, ${what}`, {
      rateMills: rateMills.toString(),
      offeredMills: offeredMills.toString(),
    });
  }
  return offeredMills;
}
