// Helpers for the rates tests: the code of a thrown AppError, and small hand-made schedules.
import { isAppError } from '../errors/app-error.js';
import { OUNCES_PER_POUND } from './rate-table.js';
import { BUILTIN_RATE_BOOK } from './rate-tables.js';

/** The catalogue code `fn` throws, 'not an AppError' for another throw, undefined when it returns. */
export function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : 'not an AppError';
  }
  return undefined;
}

/** A schedule pricing a letter (ounces) and a zoned parcel (pounds) with prices scaled by `factor`. */
export function smallSchedule(id: string, factor: number, slugs: readonly string[] = ['first-class-letter', 'priority-mail']): unknown {
  const tables: Record<string, unknown> = {};
  for (const slug of slugs) {
    tables[slug] =
      slug === 'priority-mail'
        ? { weightUnit: 'lb', zoned: true, steps: [1, 2, 3].map((lb) => ({ upTo: lb, mills: Array.from({ length: 9 }, (_, z) => factor * (1000 * lb + 100 * z)) })) }
        : { weightUnit: 'oz', steps: [1, 2].map((oz) => ({ upTo: oz, mills: factor * 500 * oz })) };
  }
  return { id, effectiveFrom: id, tables };
}

/** The largest weight, in ounces, that `rateCategory` accepts in every built-in schedule. */
export function builtinMaxWeightOz(rateCategory: number): number {
  const limits = BUILTIN_RATE_BOOK.schedules
    .flatMap((s) => s.tables)
    .filter((t) => t.rateCategory === rateCategory)
    .map((t) => t.steps[t.steps.length - 1]?.upToOz ?? 0);
  return Math.min(...limits);
}

/** Ounces in `pounds` pounds. */
export function lbToOz(pounds: number): number {
  return pounds * OUNCES_PER_POUND;
}
