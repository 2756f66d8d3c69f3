// The price of a stamp from its rate category, weight and destination on its date of mailing: a pure
// function of the request and a rate book. Domestic zoned categories (Ground Advantage, Priority Mail,
// Priority Mail Express) need the destination ZIP; the international letter needs the destination
// country and costs the same to every country (a flat rate by weight, simplified).
import { formatMailingDate, toMailingDays } from '../core/mailing-date.js';
import type { Mills } from '../core/money.js';
import { findRateCategory, type RateCategory } from '../core/rate-category.js';
import { formatZip, parseZip } from '../core/zip.js';
import { AppError } from '../errors/app-error.js';
import { parseDestinationCountry, type Country } from './country.js';
import type { WeightUnit } from './rate-table.js';
import { BUILTIN_RATE_BOOK, tableInEffect, type RateBook } from './rate-tables.js';
import { describeLimit, weightStepFor } from './weight.js';
import { zoneBetween, type Zone } from './zone.js';

/** The rate category code of the international letter (spec §4). */
export const INTERNATIONAL_LETTER = 8;

/** What to price. ZIPs are text ("94107", "94107-0001") or packed ZIP+4 numbers as in the indicium. */
export interface QuoteRequest {
  /** Code (1-8), slug or name of a rate category of spec §4. */
  readonly rateCategory: number | string;
  /** Weight of the piece in ounces (fractions allowed); parcels are priced by the pound, rounded up. */
  readonly weightOz: number;
  readonly originZip: string | number;
  /** Required for zoned categories; checked when given for the others. */
  readonly destinationZip?: string | number | null;
  /** ISO 3166-1 alpha-2 code; required for the international letter, ignored otherwise. */
  readonly destinationCountry?: string | null;
  /** Days since 2000-01-01, a YYYY-MM-DD string or a Date (its UTC day). */
  readonly dateOfMailing: number | string | Date;
}

/** How the price was found. */
export interface QuoteBreakdown {
  readonly rateCategory: Pick<RateCategory, 'code' | 'slug' | 'name'>;
  readonly dateOfMailing: string;
  readonly weightOz: number;
  /** The weight step that priced the piece: the largest weight it covers, in its unit. */
  readonly weightStep: { readonly upTo: number; readonly unit: WeightUnit; readonly description: string };
  readonly originZip: string;
  readonly destinationZip: string | null;
  readonly destinationCountry: Country | null;
  readonly zone: Zone | null;
}

/** The price of one stamp. */
export interface PostageQuote {
  /** The rate: the least postage the stamp may carry, in mills. */
  readonly postageMills: Mills;
  /** Zone 1-9 for zoned categories, null for the others. */
  readonly zone: Zone | null;
  /** The rate table used. */
  readonly table: { readonly id: string; readonly effectiveFrom: string };
  readonly breakdown: QuoteBreakdown;
}

/**
 * Prices a stamp. Errors: RATE_CATEGORY_UNKNOWN, ZIP_INVALID, DATE_INVALID, DATE_OUT_OF_RANGE,
 * WEIGHT_INVALID, WEIGHT_OVER_LIMIT, RATE_TABLE_MISSING, RATE_DESTINATION_REQUIRED, RATE_ZONE_UNKNOWN,
 * RATE_COUNTRY_REQUIRED and RATE_COUNTRY_INVALID.
 */
export function quote(request: QuoteRequest, book: RateBook = BUILTIN_RATE_BOOK): PostageQuote {
  const category = findRateCategory(request.rateCategory);
  const originZip = toPackedZip(request.originZip);
  const destinationZip = request.destinationZip === null || request.destinationZip === undefined || request.destinationZip === '' ? 0 : toPackedZip(request.destinationZip);
  const mailingDay = toMailingDays(request.dateOfMailing);
  const table = tableInEffect(book, category.code, mailingDay);
  const step = weightStepFor(table, request.weightOz, category.name);
  const destinationCountry = category.code === INTERNATIONAL_LETTER ? parseDestinationCountry(request.destinationCountry) : null;
  let zone: Zone | null = null;
  if (table.zoned) {
    if (destinationZip === 0) {
      throw new AppError('RATE_DESTINATION_REQUIRED', `${category.name} is priced by zone and needs the destination ZIP code`, {
        rateCategory: category.code,
      });
    }
    zone = zoneBetween(originZip, destinationZip);
  }
  const postageMills = step.prices[zone === null ? 0 : zone - 1];
  if (postageMills === undefined) {
    // parseRateSchedule guarantees nine prices per zoned step and one otherwise.
    throw new AppError('RATE_TABLE_INVALID', `Table ${table.id} of ${category.name} has no price for zone ${zone ?? '-'}`);
  }
  return Object.freeze({
    postageMills,
    zone,
    table: Object.freeze({ id: table.id, effectiveFrom: table.effectiveFrom }),
    breakdown: Object.freeze({
      rateCategory: { code: category.code, slug: category.slug, name: category.name },
      dateOfMailing: formatMailingDate(mailingDay),
      weightOz: request.weightOz,
      weightStep: { upTo: step.upTo, unit: table.weightUnit, description: `up to ${describeLimit(step, table.weightUnit)}` },
      originZip: formatZip(originZip),
      destinationZip: destinationZip === 0 ? null : formatZip(destinationZip),
      destinationCountry,
      zone,
    }),
  });
}

// A packed number is checked by formatting it (ZIP_INVALID when it is no ZIP+4); text is parsed.
function toPackedZip(zip: string | number): number {
  if (typeof zip === 'number') {
    if (zip === 0) throw new AppError('ZIP_INVALID', 'The packed ZIP 0 means "not given", but a ZIP code is needed here', { value: 0 });
    formatZip(zip);
    return zip;
  }
  return parseZip(zip);
}
