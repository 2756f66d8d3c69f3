// A purchase request, from the JSON the route validated by schema to the values the indicium carries,
// every field checked by the core parsers with its catalogued error, and the canonical form whose
// SHA-256 is kept with the idempotency key. Pure: "today" and the id maker are arguments.
import { createHash } from 'node:crypto';
import { parseMediumSerial, packMedium } from '../core/media-serial.js';
import { parseMailingDate } from '../core/mailing-date.js';
import { parseDollars, parseMills, type Mills } from '../core/money.js';
import { findRateCategory } from '../core/rate-category.js';
import { parseOptionalZip, parseZip } from '../core/zip.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { ERRORS } from '../errors/catalogue.js';
import type { DispenseItem } from '../internal-api/dispense-contract.js';

/** One stamp as the client sends it (shape already checked by the route's schema). */
export interface StampRequestBody {
  readonly rateCategory: number | string;
  readonly postage?: number | string;
  readonly postageDollars?: string;
  readonly dateOfMailing?: string;
  readonly originZip: string;
  readonly destinationZip?: string;
  readonly medium?: { readonly serial: string; readonly slot: number };
}

/** The body of POST /v1/stamps. */
export interface PurchaseBody {
  readonly stamps: readonly StampRequestBody[];
}

/** One stamp with every field parsed into what the indicium carries. */
export interface ParsedStamp {
  readonly rateCategory: number;
  readonly postage: Mills;
  /** Days since 2000-01-01, or null for "the day the purchase is first processed" (UTC). */
  readonly dateOfMailing: number | null;
  /** Packed ZIP+4. */
  readonly originZip: number;
  /** Packed ZIP+4, 0 when not given. */
  readonly destinationZip: number;
  /** `serial << 8 | slot`, 0 for plain paper. */
  readonly medium: bigint;
}

/** A parsed purchase and the hash that identifies it. */
export interface ParsedPurchase {
  readonly stamps: readonly ParsedStamp[];
  /** SHA-256 of the canonical request: equal for equal purchases, however they were spelled. */
  readonly requestHash: Buffer;
}

/** Postage limits in mills: more than nothing, and at most what the 3-byte field holds. */
export const POSTAGE_LIMITS = { min: 1n, max: 16_777_215n } as const;
/** The most stamps one purchase may hold. */
export const MAX_STAMPS_PER_PURCHASE = 1000;

/** Parses every stamp of a purchase; the first bad field throws its catalogued error naming the field. */
export function parsePurchase(body: PurchaseBody): ParsedPurchase {
  const stamps = body.stamps.map((s, i) => parseStamp(s, `stamps[${i}]`));
  return { stamps, requestHash: hashPurchase(stamps) };
}

/** The SHA-256 of the canonical form: fields in a fixed order, money and medium as decimal strings. */
export function hashPurchase(stamps: readonly ParsedStamp[]): Buffer {
  const canonical = stamps.map((s) => [s.rateCategory, s.postage.toString(), s.dateOfMailing, s.originZip, s.destinationZip, s.medium.toString()]);
  return createHash('sha256').update(JSON.stringify(['v1', canonical]), 'utf8').digest();
}

/** The contract's items for the parsed stamps, each with a fresh request id; a missing date becomes `todayDays`. */
export function toDispenseItems(stamps: readonly ParsedStamp[], todayDays: number, newId: () => string): DispenseItem[] {
  return stamps.map((s) => ({
    requestId: newId(),
    postage: s.postage.toString(),
    rateCategory: s.rateCategory,
    dateOfMailing: s.dateOfMailing ?? todayDays,
    originZip: s.originZip,
    destinationZip: s.destinationZip,
    medium: s.medium.toString(),
  }));
}

function parseStamp(s: StampRequestBody, at: string): ParsedStamp {
  if ((s.postage === undefined) === (s.postageDollars === undefined)) {
    throw new AppError('STAMP_POSTAGE_FIELDS', `${at} gives ${s.postage === undefined ? 'neither' : 'both'} of postage and postageDollars`, { field: at });
  }
  return {
    rateCategory: field(`${at}.rateCategory`, () => findRateCategory(s.rateCategory).code),
    postage: field(s.postage !== undefined ? `${at}.postage` : `${at}.postageDollars`, () =>
      s.postage !== undefined ? parseMills(s.postage, POSTAGE_LIMITS) : parseDollars(s.postageDollars ?? '', POSTAGE_LIMITS),
    ),
    dateOfMailing: s.dateOfMailing === undefined ? null : field(`${at}.dateOfMailing`, () => parseMailingDate(s.dateOfMailing ?? '')),
    originZip: field(`${at}.originZip`, () => parseZip(s.originZip)),
    destinationZip: field(`${at}.destinationZip`, () => parseOptionalZip(s.destinationZip)),
    medium: s.medium === undefined ? 0n : field(`${at}.medium`, () => packMedium(parseMediumSerial(s.medium?.serial ?? '').serial, s.medium?.slot ?? 0)),
  };
}

/** Runs a core parser; its AppError is thrown again with the field's path in front of its detail. */
function field<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (!isAppError(err)) throw err;
    const suffix = `. ${ERRORS[err.code].fix}.`;
    const detail = err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
    throw new AppError(err.code, `${path}: ${detail}`, { ...err.details, field: path }, { cause: err });
  }
}
