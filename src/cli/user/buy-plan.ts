// The buy command's parameters: parsed and checked by the core parsers before anything is sent, kept
// in the journal as they are (to resume a batch), and turned into the batch's stamp requests. Pure.
import { MAX_STAMPS_PER_PURCHASE, POSTAGE_LIMITS_MILLS, type StampRequest } from '../../client/index.js';
import { formatMailingDate, parseMailingDate } from '../../core/mailing-date.js';
import { MAX_MEDIUM_SLOT, parseMediumSerial } from '../../core/media-serial.js';
import { parseDollars, parseMills } from '../../core/money.js';
import { findRateCategory, type RateCategory } from '../../core/rate-category.js';
import { formatZip, parseZip } from '../../core/zip.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import { parseDestinationCountry } from '../../rates/country.js';
import { checkWeightOz } from '../../rates/weight.js';

/** The most stamps one buy command takes: ten purchases of 1000. */
export const MAX_BATCH_QUANTITY = 10 * MAX_STAMPS_PER_PURCHASE;

/** What one buy command buys: `quantity` stamps alike but for their slots on the medium. */
export interface BuyParams {
  readonly rateCategory: number;
  /** Mills, decimal string; left out, each stamp pays the rate the server computes. */
  readonly postageMills?: string;
  readonly originZip: string;
  readonly destinationZip?: string;
  /** Ounces; left out, the server prices 1 oz. */
  readonly weightOz?: number;
  /** ISO 3166-1 alpha-2, upper case (international letters). */
  readonly destinationCountry?: string;
  /** YYYY-MM-DD; left out, the server takes the day it first processes each purchase. */
  readonly dateOfMailing?: string;
  readonly quantity: number;
  /** The registered medium: stamp i goes to slot firstSlot + i. */
  readonly medium?: { readonly serial: string; readonly firstSlot: number };
}

/** The buy command's flags, as typed. */
export interface BuyFlags {
  readonly category?: string;
  readonly postage?: string;
  readonly postageMills?: string;
  readonly from?: string;
  readonly to?: string;
  readonly weight?: string;
  readonly country?: string;
  readonly date?: string;
  readonly quantity?: string;
  readonly medium?: string;
  readonly slot?: string;
}

// Short names for the command line, beside the codes, slugs and names the core knows.
const ALIASES: Readonly<Record<string, string>> = {
  letter: 'first-class-letter',
  flat: 'first-class-flat',
  'large-envelope': 'first-class-flat',
  postcard: 'first-class-postcard',
  ground: 'ground-advantage',
  priority: 'priority-mail',
  express: 'priority-mail-express',
  media: 'media-mail',
  international: 'first-class-international-letter',
};

/** A rate category by code, slug, name or short name (letter, flat, postcard, ground, priority, express, media, international). */
export function findCategory(text: string): RateCategory {
  const alias = ALIASES[text.trim().toLowerCase()];
  return findRateCategory(alias ?? text);
}

function wholeNumber(text: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (text === undefined) return fallback;
  const value = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(value >= min && value <= max)) throw new AppError('INVALID_ARGUMENT', `${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`, { field: name });
  return value;
}

/** Parses the flags (INVALID_ARGUMENT for a missing one, the core's catalogued errors for a bad value). */
export function parseBuyFlags(flags: BuyFlags): BuyParams {
  if (flags.slot !== undefined && flags.medium === undefined) throw new AppError('INVALID_ARGUMENT', '--slot is the position on a registered medium: give --medium SERIAL with it');
  if (flags.category === undefined) throw new AppError('INVALID_ARGUMENT', 'indicia buy needs --category (letter, postcard, priority, … or a code 1-8)');
  if (flags.from === undefined) throw new AppError('INVALID_ARGUMENT', 'indicia buy needs --from ZIP, the ZIP the mail leaves from');
  if (flags.postage !== undefined && flags.postageMills !== undefined) {
    throw new AppError('INVALID_ARGUMENT', 'Give --postage DOLLARS (such as 0.74) or --postage-mills MILLS (such as 740), not both; or neither to pay the rate');
  }
  const mills =
    flags.postage !== undefined ? parseDollars(flags.postage, POSTAGE_LIMITS_MILLS) : flags.postageMills !== undefined ? parseMills(flags.postageMills, POSTAGE_LIMITS_MILLS) : undefined;
  const quantity = wholeNumber(flags.quantity, '--quantity', 1, MAX_BATCH_QUANTITY, 1);
  return checkBuyParams({
    rateCategory: findCategory(flags.category).code,
    ...(mills === undefined ? {} : { postageMills: mills.toString() }),
    originZip: flags.from,
    destinationZip: flags.to,
    ...(flags.weight === undefined ? {} : { weightOz: parseWeight(flags.weight) }),
    ...(flags.country === undefined ? {} : { destinationCountry: flags.country }),
    dateOfMailing: flags.date,
    quantity,
    medium: flags.medium === undefined ? undefined : { serial: flags.medium, firstSlot: wholeNumber(flags.slot, '--slot', 0, MAX_MEDIUM_SLOT, 0) },
  });
}

/** A weight typed on the command line, such as 3.5 (ounces): WEIGHT_INVALID unless a number above 0. */
export function parseWeight(text: string): number {
  const trimmed = text.trim();
  // Number('') is 0 and Number('0x10') is 16: only plain decimals are weights.
  const value = /^\d{1,6}(\.\d{1,3})?$/.test(trimmed) ? Number(trimmed) : NaN;
  return checkWeightOz(value);
}

/** Checks parameters (from flags, or read back from the journal) and returns them in canonical form. */
export function checkBuyParams(params: BuyParams): BuyParams {
  const quantity = params.quantity;
  if (!Number.isSafeInteger(quantity) || quantity < 1 || quantity > MAX_BATCH_QUANTITY) {
    throw new AppError('INVALID_ARGUMENT', `The quantity must be 1 to ${MAX_BATCH_QUANTITY}, not ${quantity}`);
  }
  const medium = params.medium === undefined ? undefined : checkMedium(params.medium, quantity);
  return {
    rateCategory: findRateCategory(params.rateCategory).code,
    ...(params.postageMills === undefined ? {} : { postageMills: parseMills(params.postageMills, POSTAGE_LIMITS_MILLS).toString() }),
    originZip: formatZip(parseZip(params.originZip)),
    ...(params.destinationZip === undefined ? {} : { destinationZip: formatZip(parseZip(params.destinationZip)) }),
    ...(params.weightOz === undefined ? {} : { weightOz: checkWeightOz(params.weightOz) }),
    ...(params.destinationCountry === undefined ? {} : { destinationCountry: parseDestinationCountry(params.destinationCountry).code }),
    ...(params.dateOfMailing === undefined ? {} : { dateOfMailing: formatMailingDate(parseMailingDate(params.dateOfMailing)) }),
    quantity,
    ...(medium === undefined ? {} : { medium }),
  };
}

function checkMedium(medium: NonNullable<BuyParams['medium']>, quantity: number): NonNullable<BuyParams['medium']> {
  const serial = parseMediumSerial(medium.serial).printed;
  const first = medium.firstSlot;
  if (quantity > 1 && first === 0) {
    throw new AppError('MEDIUM_SLOT_INVALID', `Slot 0 is a single label, which holds one stamp, not ${quantity}; give --slot N, the first slot of the sheet to fill`);
  }
  if (!Number.isSafeInteger(first) || first < 0 || first + quantity - 1 > MAX_MEDIUM_SLOT) {
    throw new AppError('MEDIUM_SLOT_INVALID', `Slots ${first} to ${first + quantity - 1} do not fit in 0 to ${MAX_MEDIUM_SLOT}`, { slot: first, quantity });
  }
  return { serial, firstSlot: first };
}

/** The stamp requests of the batch, in slot order. */
export function stampRequests(params: BuyParams): StampRequest[] {
  return Array.from({ length: params.quantity }, (_, i) => ({
    rateCategory: params.rateCategory,
    ...(params.postageMills === undefined ? {} : { postage: params.postageMills }),
    originZip: params.originZip,
    ...(params.destinationZip === undefined ? {} : { destinationZip: params.destinationZip }),
    ...(params.weightOz === undefined ? {} : { weightOz: params.weightOz }),
    ...(params.destinationCountry === undefined ? {} : { destinationCountry: params.destinationCountry }),
    ...(params.dateOfMailing === undefined ? {} : { dateOfMailing: params.dateOfMailing }),
    ...(params.medium === undefined ? {} : { medium: { serial: params.medium.serial, slot: params.medium.firstSlot + i } }),
  }));
}

/** Parameters read back from a journal line (CLIENT_JOURNAL_INVALID when they no longer parse). */
export function buyParamsFromJournal(value: unknown): BuyParams {
  if (typeof value !== 'object' || value === null) throw new AppError('CLIENT_JOURNAL_INVALID', 'The batch in the journal has no parameters');
  try {
    return checkBuyParams(value as BuyParams);
  } catch (err) {
    if (!isAppError(err)) throw err;
    throw new AppError('CLIENT_JOURNAL_INVALID', `The batch's parameters in the journal do not parse (${err.code})`, undefined, { cause: err });
  }
}
