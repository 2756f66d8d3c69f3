// A purchase request, from the JSON the route validated by schema to the values the indicium carries,
// every field checked by the core parsers with its catalogued error, and the canonical form whose
// SHA-256 is kept with the idempotency key. Pure: "today" and the id maker are arguments.
import { createHash } from 'node:crypto';
import { parseMediumSerial, packMedium } from '../core/media-serial.js';
import { parseMailingDate } from '../core/mailing-date.js';
import { formatDollars, parseDollars, parseMills, type Mills } from '../core/money.js';
import { findRateCategory } from '../core/rate-category.js';
import { parseOptionalZip, parseZip } from '../core/zip.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { ERRORS } from '../errors/catalogue.js';
import type { DispenseItem } from '../internal-api/dispense-contract.js';
import { BUILTIN_RATE_BOOK, checkPostage, checkWeightOz, parseDestinationCountry, quote, type RateBook } from '../rates/index.js';

/** One stamp as the client sends it (shape already checked by the route's schema). */
export interface StampRequestBody {
  readonly rateCategory: number | string;
  readonly postage?: number | string;
  readonly postageDollars?: string;
  readonly dateOfMailing?: string;
  readonly originZip: string;
  readonly destinationZip?: string;
  /** ISO 3166-1 alpha-2 code; needed for the international letter. */
  readonly destinationCountry?: string;
  /** Weight of the piece in ounces; 1 oz when left out. */
  readonly weightOz?: number;
  readonly medium?: { readonly serial: string; readonly slot: number };
}

/** The body of POST /v1/stamps. */
export interface PurchaseBody {
  readonly stamps: readonly StampRequestBody[];
}

/** One stamp with every field parsed into what the indicium carries. */
export interface ParsedStamp {
  readonly rateCategory: number;
  /** The postage asked for, or null for "the rate". */
  readonly postage: Mills | null;
  /** Ounces, or null for the lightest piece (1 oz). */
  readonly weightOz: number | null;
  /** Upper-case ISO code as given, or null. */
  readonly destinationCountry: string | null;
  /** Days since 2000-01-01, or null for "the day the purchase is first processed" (UTC). */
  readonly dateOfMailing: number | null;
  /** Packed ZIP+4. */
  readonly originZip: number;
  /** Packed ZIP+4, 0 when not given. */
  readonly destinationZip: number;
  /** `serial << 8 | slot`, 0 for plain paper. */
  readonly medium: bigint;
  /** The medium as the client wrote it (for the registry's checks), or null for plain paper. */
  readonly mediumText: { readonly serial: string; readonly slot: number } | null;
}

/** A stamp with its price settled: the postage it will carry and the rate it was checked against. */
export interface PricedStamp extends ParsedStamp {
  readonly postage: Mills;
  readonly rateMills: Mills;
}

/** The weight a stamp is priced at when the request gives none: the lightest step of every table. */
export const DEFAULT_WEIGHT_OZ = 1;

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
  const canonical = stamps.map((s) => [
    s.rateCategory,
    s.postage === null ? null : s.postage.toString(),
    s.dateOfMailing,
    s.originZip,
    s.destinationZip,
    s.medium.toString(),
    s.weightOz,
    s.destinationCountry,
  ]);
  return createHash('sha256').update(JSON.stringify(['v2', canonical]), 'utf8').digest();
}

/**
 * Prices every stamp from its category, weight and destination on its date of mailing (`todayDays` when it
 * has none): the postage asked for must be at least the rate (POSTAGE_BELOW_RATE), and a stamp that asks
 * for none carries the rate. Rate errors name the stamp's field like parse errors do.
 */
export function priceStamps(stamps: readonly ParsedStamp[], todayDays: number, book: RateBook = BUILTIN_RATE_BOOK): PricedStamp[] {
  return stamps.map((s, i) => {
    const at = `stamps[${i}]`;
    const rate = field(at, () =>
      quote(
        {
          rateCategory: s.rateCategory,
          weightOz: s.weightOz ?? DEFAULT_WEIGHT_OZ,
          originZip: s.originZip,
          destinationZip: s.destinationZip === 0 ? null : s.destinationZip,
          destinationCountry: s.destinationCountry,
          dateOfMailing: s.dateOfMailing ?? todayDays,
        },
        book,
      ),
    );
    const postage = s.postage ?? rate.postageMills;
    field(s.postage === null ? at : `${at}.postage`, () => checkPostage(rate, postage));
    if (postage > POSTAGE_LIMITS.max) {
      throw new AppError('MONEY_OUT_OF_RANGE', `${at}: the rate of ${formatDollars(postage)} is more than one indicium can carry`, { field: at });
    }
    return { ...s, postage, rateMills: rate.postageMills };
  });
}

/** The contract's items for the priced stamps, each with a fresh request id; a missing date becomes `todayDays`. */
export function toDispenseItems(stamps: readonly PricedStamp[], todayDays: number, newId: () => string): DispenseItem[] {
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
  if (s.postage !== undefined && s.postageDollars !== undefined) {
    throw new AppError('STAMP_POSTAGE_FIELDS', `${at} gives both postage and postageDollars`, { field: at });
  }
  const postage =
    s.postage !== undefined
      ? field(`${at}.postage`, () => parseMills(s.postage ?? 0, POSTAGE_LIMITS))
      : s.postageDollars !== undefined
        ? field(`${at}.postageDollars`, () => parseDollars(s.postageDollars ?? '', POSTAGE_LIMITS))
        : null;
  return {
    rateCategory: field(`${at}.rateCategory`, () => findRateCategory(s.rateCategory).code),
    postage,
    weightOz: s.weightOz === undefined ? null : field(`${at}.weightOz`, () => checkWeightOz(s.weightOz as number)),
    destinationCountry: s.destinationCountry === undefined ? null : field(`${at}.destinationCountry`, () => parseDestinationCountry(s.destinationCountry).code),
    dateOfMailing: s.dateOfMailing === undefined ? null : field(`${at}.dateOfMailing`, () => parseMailingDate(s.dateOfMailing ?? '')),
    originZip: field(`${at}.originZip`, () => parseZip(s.originZip)),
    destinationZip: field(`${at}.destinationZip`, () => parseOptionalZip(s.destinationZip)),
    medium: s.medium === undefined ? 0n : field(`${at}.medium`, () => packMedium(parseMediumSerial(s.medium?.serial ?? '').serial, s.medium?.slot ?? 0)),
    mediumText: s.medium === undefined ? null : { serial: s.medium.serial, slot: s.medium.slot ?? 0 },
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
