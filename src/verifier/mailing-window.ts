// Rule 5 of spec §8: the date of mailing must lie within the verifier's window. A fixed window
// { from, to } suits an offline tool; a scanning station gives the scan date, and the mailing date must
// then fall within a tolerance around it. With neither, rule 5 has nothing to check and passes.
import { formatMailingDate, toMailingDays } from '../core/mailing-date.js';
import { AppError } from '../errors/app-error.js';
import type { RuleOutcome } from './rules.js';

/** A day given as days since 2000-01-01, a Date (its UTC day) or a `YYYY-MM-DD` string. */
export type DayInput = number | Date | string;

/** A fixed window of mailing dates, both ends inclusive; a missing end is open. */
export interface MailingWindow {
  readonly from?: DayInput;
  readonly to?: DayInput;
}

/** How far a mailing date may lie from the day of the scan, in whole days. */
export interface ScanTolerance {
  /** Mail is scanned after it is mailed: how many days before the scan day the mailing date may be. */
  readonly daysBeforeScan: number;
  /** Indicia may be printed ahead, and time zones differ: how many days after the scan day it may be. */
  readonly daysAfterScan: number;
}

/**
 * Used when a scan date is given without a tolerance: mail may have been posted up to 30 days before
 * the scan, and carry a date at most one day after it (a UTC day may run ahead of local time).
 */
export const DEFAULT_SCAN_TOLERANCE: ScanTolerance = Object.freeze({ daysBeforeScan: 30, daysAfterScan: 1 });

/** A window resolved to days since 2000-01-01. */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

/** Resolves a configured window to days, refusing (INVALID_ARGUMENT) one whose start follows its end. */
export function resolveWindow(window: MailingWindow | undefined): DayRange | undefined {
  if (window === undefined || (window.from === undefined && window.to === undefined)) return undefined;
  const from = window.from === undefined ? 0 : toMailingDays(window.from);
  const to = window.to === undefined ? 0xffff : toMailingDays(window.to);
  if (from > to) {
    throw new AppError('INVALID_ARGUMENT', `The mailing window starts on ${formatMailingDate(from)}, after its end ${formatMailingDate(to)}`);
  }
  return { from, to };
}

/** The range of mailing dates acceptable for a scan on `scanDate` with `tolerance`, clipped to two bytes. */
export function scanRange(scanDate: DayInput, tolerance: ScanTolerance = DEFAULT_SCAN_TOLERANCE): DayRange {
  const { daysBeforeScan, daysAfterScan } = tolerance;
  if (![daysBeforeScan, daysAfterScan].every((n) => Number.isInteger(n) && n >= 0)) {
    throw new AppError('INVALID_ARGUMENT', `The scan tolerance must be whole days of 0 or more, not ${daysBeforeScan} before and ${daysAfterScan} after`);
  }
  const scanDay = toMailingDays(scanDate);
  return { from: Math.max(0, scanDay - daysBeforeScan), to: Math.min(0xffff, scanDay + daysAfterScan) };
}

/** Rule 5: the mailing day lies within every range given (a fixed window, a scan range, or both). */
export function checkMailingWindow(mailingDay: number, ranges: { readonly window?: DayRange; readonly scan?: DayRange }): RuleOutcome {
  const date = formatMailingDate(mailingDay);
  const given: Array<[string, DayRange]> = [];
  if (ranges.window) given.push(['the configured window', ranges.window]);
  if (ranges.scan) given.push(['the days allowed around the scan', ranges.scan]);
  if (given.length === 0) {
    return { passed: true, reason: `Mailing date ${date} not checked: no window and no scan date were given` };
  }
  for (const [name, range] of given) {
    if (mailingDay < range.from || mailingDay > range.to) {
      return { passed: false, reason: `Mailing date ${date} lies outside ${name}, ${span(range)}` };
    }
  }
  return { passed: true, reason: `Mailing date ${date} lies within ${given.map(([name, range]) => `${name}, ${span(range)}`).join(', and ')}` };
}

function span(range: DayRange): string {
  return `${formatMailingDate(range.from)} to ${formatMailingDate(range.to)}`;
}
