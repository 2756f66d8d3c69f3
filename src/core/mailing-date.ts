// The date of mailing is carried as the number of days since 2000-01-01 (UTC) in two bytes (spec §1-2),
// so it spans 2000-01-01 (day 0) to 2179-06-06 (day 65535).
import { AppError } from '../errors/app-error.js';

/** The last day two bytes can carry: 2179-06-06. */
export const MAX_MAILING_DAY = 0xffff;

const MS_PER_DAY = 86_400_000;
// Milliseconds from the Unix epoch to 2000-01-01T00:00:00Z.
const EPOCH_2000_MS = Date.UTC(2000, 0, 1);
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws DATE_OUT_OF_RANGE (or DATE_INVALID for a non-integer) unless `days` is 0..65535; returns it. */
export function checkMailingDay(days: number): number {
  if (!Number.isInteger(days)) {
    throw new AppError('DATE_INVALID', `${days} is not a whole number of days since 2000-01-01`, { days });
  }
  if (days < 0 || days > MAX_MAILING_DAY) {
    throw new AppError('DATE_OUT_OF_RANGE', `Day ${days} since 2000-01-01 is outside 0 to ${MAX_MAILING_DAY}`, { days });
  }
  return days;
}

/** The UTC day of `date` as days since 2000-01-01 (the time of day is dropped). */
export function dateToDays(date: Date): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new AppError('DATE_INVALID', 'The date is not a valid point in time');
  }
  const days = Math.floor((ms - EPOCH_2000_MS) / MS_PER_DAY);
  if (days < 0 || days > MAX_MAILING_DAY) {
    throw new AppError('DATE_OUT_OF_RANGE', `${date.toISOString()} is outside 2000-01-01 to 2179-06-06`, { days });
  }
  return days;
}

/** Midnight UTC at the start of day `days` since 2000-01-01. */
export function daysToDate(days: number): Date {
  return new Date(EPOCH_2000_MS + checkMailingDay(days) * MS_PER_DAY);
}

/** Formats days since 2000-01-01 as `YYYY-MM-DD`. */
export function formatMailingDate(days: number): string {
  return daysToDate(days).toISOString().slice(0, 10);
}

/** Parses a `YYYY-MM-DD` calendar date into days since 2000-01-01 (DATE_INVALID, DATE_OUT_OF_RANGE). */
export function parseMailingDate(text: string): number {
  const match = typeof text === 'string' ? ISO_DAY.exec(text.trim()) : null;
  const [year, month, day] = match === null ? [] : match.slice(1).map(Number);
  if (year === undefined || month === undefined || day === undefined) {
    throw new AppError('DATE_INVALID', `${JSON.stringify(text)} is not a date in the form YYYY-MM-DD`, { value: String(text) });
  }
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over to March: a calendar date must come back unchanged.
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    throw new AppError('DATE_INVALID', `${text.trim()} is not a calendar date`, { value: text });
  }
  return dateToDays(back);
}

/** Converts days since 2000-01-01, a Date or a `YYYY-MM-DD` string into days since 2000-01-01. */
export function toMailingDays(value: number | Date | string): number {
  if (typeof value === 'number') return checkMailingDay(value);
  if (typeof value === 'string') return parseMailingDate(value);
  return dateToDays(value);
}
