// What the history shows of an order and of a stamp, as JSON. Money is given twice, as the project's
// decimal string of mills (postageMills) and as dollars with three decimals (postageDollars), the form the
// CSV exports use, so that a JSON view and an exported row print one amount alike. Times are UTC ISO
// strings. Pure.
import { decodeSignedPart } from '../core/indicium/codec.js';
import { SIGNED_PART_LENGTH } from '../core/indicium/fields.js';
import { formatMailingDate } from '../core/mailing-date.js';
import { formatMediumSerial, MAX_MEDIUM_SERIAL, unpackMedium } from '../core/media-serial.js';
import type { Mills } from '../core/money.js';
import { describeRateCategory } from '../core/rate-category.js';
import { stampLinks, type StampView } from '../web/stamp-view.js';
import type { StampRefund } from './history-ports.js';
import type { OrderRow, StampRow } from './history.repository.js';
import { dollarsWithMills } from './money-format.js';

/** A label or sheet position a stamp was bought for. */
export interface MediumSlotView {
  /** The printed serial, NNNN-NNNN-NNNN-C. */
  readonly serial: string;
  /** 0 for a single label, 1…N for a position on a sheet. */
  readonly slot: number;
}

/** What a stamp's signed indicium says, as the history shows it. */
export interface StampFacts {
  readonly postageMills: Mills;
  readonly rateCategory: number;
  readonly rateCategoryName: string;
  /** YYYY-MM-DD. */
  readonly dateOfMailing: string;
  readonly medium: MediumSlotView | null;
}

/** One stamp in the history. */
export interface HistoryStampView {
  readonly id: string;
  readonly purchaseId: string;
  /** When the order that bought it completed (UTC ISO). */
  readonly purchasedAt: string;
  /** When the processing server signed it (UTC ISO). */
  readonly dispensedAt: string;
  readonly rateCategory: number;
  readonly rateCategoryName: string;
  /** Decimal string of mills. */
  readonly postageMills: string;
  /** Dollars with three decimals, such as "0.740". */
  readonly postageDollars: string;
  readonly dateOfMailing: string;
  readonly medium: MediumSlotView | null;
  /** The stamp's refund request, if any. */
  readonly refund: StampRefund | null;
  readonly links: StampView['links'];
}

/** Why a failed order failed, as the purchase answered it then. */
export interface OrderFailure {
  /** The catalogued code of the refusal; null when the stored refusal cannot be read. */
  readonly code: string | null;
  readonly message: string;
}

/** One order in the history. */
export interface OrderView {
  readonly id: string;
  readonly state: OrderRow['state'];
  readonly createdAt: string;
  /** The last change of state: for a completed order, when it completed. */
  readonly updatedAt: string;
  readonly stampCount: number;
  /** Decimal string of mills; null for an order recorded before totals were kept. */
  readonly totalMills: string | null;
  readonly totalDollars: string | null;
  /** Failed orders only: the refusal. Nothing of a failed order stays charged. */
  readonly failure: OrderFailure | null;
  readonly links: { readonly self: string; readonly receipt: string | null };
}

/** One order with its stamps. */
export interface OrderDetailView extends OrderView {
  readonly stamps: readonly HistoryStampView[];
}

/** Reads the facts a stamp's indicium signs (only the 53 signed bytes are decoded). */
export function stampFacts(row: StampRow): StampFacts {
  const fields = decodeSignedPart(row.indicium.subarray(0, SIGNED_PART_LENGTH));
  const medium = unpackMedium(fields.medium);
  return {
    postageMills: fields.postage,
    rateCategory: fields.rateCategory,
    rateCategoryName: describeRateCategory(fields.rateCategory),
    dateOfMailing: formatMailingDate(fields.dateOfMailing),
    medium: medium === null ? null : { serial: printedSerial(medium.serial), slot: medium.slot },
  };
}

/** The history's view of a stamp, with its refund request (or null). */
export function historyStampView(row: StampRow, refund: StampRefund | null): HistoryStampView {
  const facts = stampFacts(row);
  return {
    id: row.id,
    purchaseId: row.purchaseId,
    purchasedAt: iso(row.createdAtMs),
    dispensedAt: iso(row.dispensedAtMs),
    rateCategory: facts.rateCategory,
    rateCategoryName: facts.rateCategoryName,
    postageMills: facts.postageMills.toString(),
    postageDollars: dollarsWithMills(facts.postageMills),
    dateOfMailing: facts.dateOfMailing,
    medium: facts.medium,
    refund,
    links: stampLinks(row.id),
  };
}

/** The history's view of an order. */
export function orderView(row: OrderRow): OrderView {
  const self = `/v1/orders/${encodeURIComponent(row.id)}`;
  return {
    id: row.id,
    state: row.state,
    createdAt: iso(row.createdAtMs),
    updatedAt: iso(row.updatedAtMs),
    stampCount: row.stampCount,
    totalMills: row.totalMills === null ? null : row.totalMills.toString(),
    totalDollars: row.totalMills === null ? null : dollarsWithMills(row.totalMills),
    failure: row.state === 'failed' ? failureOf(row.failureJson) : null,
    links: { self, receipt: row.state === 'completed' ? `${self}/receipt` : null },
  };
}

/** The refusal stored with a failed purchase ({code, message, …}); a generic one when it cannot be read. */
export function failureOf(json: string | null): OrderFailure {
  try {
    const value = JSON.parse(json ?? 'null') as { code?: unknown; message?: unknown } | null;
    if (value !== null && typeof value.code === 'string' && typeof value.message === 'string') return { code: value.code, message: value.message };
  } catch {
    // A stored answer that is not JSON falls through to the generic failure.
  }
  return { code: null, message: 'The purchase failed and dispensed no stamps' };
}

/** UTC ISO time of a millisecond timestamp. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

// The codec carries any 64-bit medium; a serial this vendor could not have issued is shown as its number.
function printedSerial(serial: bigint): string {
  return serial >= 1n && serial <= MAX_MEDIUM_SERIAL ? formatMediumSerial(serial) : serial.toString();
}
