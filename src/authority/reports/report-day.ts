// The UTC days transaction reports are kept by: "YYYY-MM-DD" in JSON, URLs and the database, and the
// number of days since 1970-01-01 in the signed bytes and in arithmetic. Pure.
import { AppError } from '../../errors/app-error.js';

/** Milliseconds in one UTC day. */
export const MS_PER_DAY = 86_400_000;

/** The text form of a day. */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The longest range of days one listing or reconciliation covers (a year, leap day included). */
export const MAX_RANGE_DAYS = 366;

/** Days since 1970-01-01 of the UTC day holding `ms` (epoch milliseconds). */
export function dayOfMs(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** Epoch milliseconds of the first instant of a day. */
export function dayStartMs(day: number): number {
  return day * MS_PER_DAY;
}

/** "YYYY-MM-DD" of a day number. */
export function dayToString(day: number): string {
  return new Date(dayStartMs(day)).toISOString().slice(0, 10);
}

/** The day number of "YYYY-MM-DD", or null when the text is not a calendar date from 1970 on. */
export function parseDay(text: string): number | null {
  if (!DAY_PATTERN.test(text)) return null;
  const ms = Date.parse(`${text}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March; a date that does not print back the same is not one.
  if (Number.isNaN(ms) || ms < 0 || new Date(ms).toISOString().slice(0, 10) !== text) return null;
  return dayOfMs(ms);
}

/** The day number of "YYYY-MM-DD"; REPORT_DAY_INVALID naming `what` otherwise. */
export function requireDay(text: string, what = 'day'): number {
  const day = parseDay(text);
  if (day === null) throw new AppError('REPORT_DAY_INVALID', `The ${what} ${JSON.stringify(text)} is not a date written YYYY-MM-DD`, { [what]: text });
  return day;
}

/** An inclusive range of days. */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

/** Parses `from` and `to` (`to` defaults to `from`); REPORT_RANGE_INVALID when reversed or longer than MAX_RANGE_DAYS. */
export function parseDayRange(from: string, to: string | undefined): DayRange {
  const first = parseDay(from);
  const last = to === undefined ? first : parseDay(to);
  if (first === null || last === null) {
    throw new AppError('REPORT_RANGE_INVALID', `from ${JSON.stringify(from)} and to ${JSON.stringify(to ?? from)} must be dates written YYYY-MM-DD`, { from, to: to ?? from });
  }
  if (last < first) throw new AppError('REPORT_RANGE_INVALID', `from ${from} is after to ${to ?? from}`, { from, to: to ?? from });
  if (last - first + 1 > MAX_RANGE_DAYS) {
    throw new AppError('REPORT_RANGE_INVALID', `${from} to ${to ?? from} spans ${last - first + 1} days, more than ${MAX_RANGE_DAYS}`, { from, to: to ?? from });
  }
  return { from: first, to: last };
}
