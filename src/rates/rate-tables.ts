// The rate schedules the system ships with, and the choice of the table in effect on a date of mailing.
// The schedules are JSON files imported as JSON modules: TypeScript (resolveJsonModule) copies them to
// dist/rates/tables/ beside the compiled code, and Node 20.10+ loads them with the `type: 'json'`
// import attribute, so no build step and no file-system path are needed.
import { formatMailingDate } from '../core/mailing-date.js';
import { rateCategoryByCode } from '../core/rate-category.js';
import { AppError } from '../errors/app-error.js';
import { parseRateSchedule, type RateSchedule, type RateTable } from './rate-table.js';
import schedule20260118 from './tables/2026-01-18.json' with { type: 'json' };
import schedule20260712 from './tables/2026-07-12.json' with { type: 'json' };

/** Every rate table of a set of schedules, checked for clashes; what quote() prices from. */
export interface RateBook {
  /** The schedules, oldest first. */
  readonly schedules: readonly RateSchedule[];
}

/**
 * Builds a rate book from parsed schedules. Two schedules may not price the same category from the
 * same day (RATE_TABLE_INVALID): which one applies would be a matter of file order.
 */
export function makeRateBook(schedules: readonly RateSchedule[]): RateBook {
  const seen = new Set<string>();
  for (const schedule of schedules) {
    for (const table of schedule.tables) {
      const key = `${table.rateCategory}@${table.effectiveFromDay}`;
      if (seen.has(key)) {
        throw new AppError('RATE_TABLE_INVALID', `Two schedules price rate category ${table.rateCategory} from ${table.effectiveFrom}`, {
          rateCategory: table.rateCategory,
          effectiveFrom: table.effectiveFrom,
        });
      }
      seen.add(key);
    }
  }
  const sorted = [...schedules].sort((a, b) => a.effectiveFromDay - b.effectiveFromDay);
  return Object.freeze({ schedules: Object.freeze(sorted) });
}

/** The built-in (illustrative) schedules, from src/rates/tables/. */
export const BUILTIN_RATE_BOOK: RateBook = makeRateBook([
  parseRateSchedule(schedule20260118, 'rates/tables/2026-01-18.json'),
  parseRateSchedule(schedule20260712, 'rates/tables/2026-07-12.json'),
]);

/**
 * The table of `rateCategory` in effect on `mailingDay` (days since 2000-01-01): the one with the
 * latest effectiveFrom on or before that day, so a later table supersedes an earlier one from its first
 * day on. RATE_TABLE_MISSING when no table of the category is in effect yet.
 */
export function tableInEffect(book: RateBook, rateCategory: number, mailingDay: number): RateTable {
  let found: RateTable | undefined;
  for (const schedule of book.schedules) {
    if (schedule.effectiveFromDay > mailingDay) break;
    found = schedule.tables.find((t) => t.rateCategory === rateCategory) ?? found;
  }
  if (found === undefined) {
    const first = book.schedules.flatMap((s) => s.tables).find((t) => t.rateCategory === rateCategory);
    const name = rateCategoryByCode(rateCategory).name;
    throw new AppError(
      'RATE_TABLE_MISSING',
      first === undefined
        ? `No rate table prices ${name}`
        : `No rate table of ${name} is in effect on ${formatMailingDate(mailingDay)}; the first takes effect on ${first.effectiveFrom}`,
      { rateCategory, dateOfMailing: formatMailingDate(mailingDay), ...(first !== undefined ? { firstEffectiveFrom: first.effectiveFrom } : {}) },
    );
  }
  return found;
}
