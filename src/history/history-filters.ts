// The filters of the history lists and exports, read from query strings. Dates are UTC calendar days and
// both ends are inclusive: from=2026-11-01&to=2026-11-30 is every order placed in November (UTC), which
// the repository asks as created_at_ms >= start of the 1st and < start of December 1st. Pure.
import { AppError } from '../errors/app-error.js';
import { findRateCategory } from '../core/rate-category.js';
import type { RefundStatus } from './history-ports.js';

/** An order's state as the history shows it (the purchases table's states). */
export type OrderState = 'pending' | 'completed' | 'failed';

/** The order states, for schemas. */
export const ORDER_STATES: readonly OrderState[] = ['completed', 'failed', 'pending'];

/** What the refund filter selects: stamps with a refund request in that status, or ('none') without any. */
export type RefundFilter = RefundStatus | 'none';

/** The refund filter's values, for schemas. */
export const REFUND_FILTERS: readonly RefundFilter[] = ['none', 'requested', 'approved', 'rejected'];

/** A time range in milliseconds: [fromMs, toMs), either end open when null. */
export interface TimeRange {
  readonly fromMs: number | null;
  /** Exclusive: the first millisecond of the day after the `to` date. */
  readonly toMs: number | null;
}

/** Which orders to list. */
export interface OrderFilter extends TimeRange {
  readonly state: OrderState | null;
}

/** Which stamps to list. */
export interface StampFilter extends TimeRange {
  /** Rate category code (spec §4). */
  readonly rateCategory: number | null;
  readonly purchaseId: string | null;
  readonly refund: RefundFilter | null;
}

/** The query of the order routes. */
export interface OrderQuery {
  readonly from?: string;
  readonly to?: string;
  readonly state?: string;
}

/** The query of the stamp routes. */
export interface StampQuery {
  readonly from?: string;
  readonly to?: string;
  readonly rateCategory?: string;
  readonly purchaseId?: string;
  readonly refundStatus?: string;
}

const MS_PER_DAY = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Reads the order filters (DATE_INVALID, HISTORY_RANGE_INVALID, INVALID_ARGUMENT for an unknown state). */
export function parseOrderFilter(query: OrderQuery): OrderFilter {
  const state = query.state ?? null;
  if (state !== null && !ORDER_STATES.includes(state as OrderState)) {
    throw new AppError('INVALID_ARGUMENT', `state must be one of ${ORDER_STATES.join(', ')}, not ${JSON.stringify(state)}`, { field: 'state' });
  }
  return { ...parseRange(query.from, query.to), state: state as OrderState | null };
}

/** Reads the stamp filters (also RATE_CATEGORY_UNKNOWN for a rate category that is neither a code 1–8 nor a slug or name). */
export function parseStampFilter(query: StampQuery): StampFilter {
  const refund = query.refundStatus ?? null;
  if (refund !== null && !REFUND_FILTERS.includes(refund as RefundFilter)) {
    throw new AppError('INVALID_ARGUMENT', `refundStatus must be one of ${REFUND_FILTERS.join(', ')}, not ${JSON.stringify(refund)}`, {
      field: 'refundStatus',
    });
  }
  return {
    ...parseRange(query.from, query.to),
    rateCategory: query.rateCategory === undefined ? null : findRateCategory(query.rateCategory).code,
    purchaseId: query.purchaseId ?? null,
    refund: refund as RefundFilter | null,
  };
}

/** The inclusive UTC day range from..to as [start of from, start of the day after to). */
export function parseRange(from: string | undefined, to: string | undefined): TimeRange {
  const fromMs = from === undefined ? null : startOfUtcDay(from, 'from');
  const toMs = to === undefined ? null : startOfUtcDay(to, 'to') + MS_PER_DAY;
  if (fromMs !== null && toMs !== null && fromMs >= toMs) {
    throw new AppError('HISTORY_RANGE_INVALID', `The range from ${from} to ${to} ends before it starts`, { from, to });
  }
  return { fromMs, toMs };
}

/** Midnight UTC at the start of a `YYYY-MM-DD` calendar day; DATE_INVALID naming the field otherwise. */
export function startOfUtcDay(text: string, field: string): number {
  const match = ISO_DAY.exec(text);
  if (match !== null) {
    const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    // Date.UTC rolls 2026-02-30 over to March: a calendar date comes back unchanged.
    if (back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day) return ms;
  }
  throw new AppError('DATE_INVALID', `${field} ${JSON.stringify(text)} is not a calendar date in the form YYYY-MM-DD`, { field, value: text });
}
