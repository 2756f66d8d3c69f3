// What a caller asks the ledger to dispense, and the checks made before any PSD is touched. Pure.
import { decodeIndicium, encodeSignedPart } from '../core/indicium/codec.js';
import { FIELD_LAYOUT, type FieldLayout, type IndiciumFields } from '../core/indicium/fields.js';
import { isKnownRateCategory } from '../core/rate-category.js';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import { AppError } from '../errors/app-error.js';
import { MAX_POSTAGE_MILLS } from './registers.js';
import type { PsdRecord } from './psd-store.js';
import type { Registers } from './registers.js';

/** One stamp to dispense: the indicium fields a caller chooses, and its id. */
export interface StampRequest {
  /**
   * The caller's id of this stamp, unique for all time; asking again with it returns the indicium
   * already dispensed (a retry), never a second one.
   */
  readonly requestId: string;
  /** Mills, 1 to 16,777,215. */
  readonly postageMills: bigint;
  /** Days since 2000-01-01 (UTC). */
  readonly dateOfMailing: number;
  /** ZIP+4 packed as zip5 * 10000 + plus4. */
  readonly originZip: number;
  /** ZIP+4 packed as zip5 * 10000 + plus4; 0 when not given. */
  readonly destinationZip: number;
  /** Rate category code (indicium spec §4). */
  readonly rateCategory: number;
  /** `serial << 8 | slot`; 0n for plain paper. */
  readonly medium: bigint;
  /** The vendor software release that builds the indicium. */
  readonly softwareId: number;
  /**
   * Requests sharing a group (one purchase) are dispensed all or none: when one of them cannot be
   * placed, none of the group is debited in that round.
   */
  readonly groupId?: string;
}

/** Request ids: 1 to 128 characters of letters, digits, dot, underscore, colon or hyphen (UUIDs fit). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The indicium fields of `request` when dispensed by `psd` with registers `after`. */
export function indiciumFieldsFor(request: StampRequest, psd: PsdRecord, after: Registers): IndiciumFields {
  return {
    version: 1,
    algorithm: psd.algorithm,
    licenseNumber: psd.licenseNumber,
    certificateSerial: psd.certificateSerial,
    psdId: psd.psdId,
    pieceCount: after.pieceCount,
    ascendingRegister: after.ascending,
    descendingRegister: after.descending,
    postage: request.postageMills,
    dateOfMailing: request.dateOfMailing,
    originZip: request.originZip,
    destinationZip: request.destinationZip,
    rateCategory: request.rateCategory,
    medium: request.medium,
    softwareId: request.softwareId,
  };
}

/**
 * Throws the catalogued error of the first thing wrong with `request` (request id, postage, rate category, or a field
 * its indicium bytes cannot hold), so that a bad request is refused before it can take a piece count.
 */
export function validateStampRequest(request: StampRequest): void {
  if (typeof request.requestId !== 'string' || !REQUEST_ID_PATTERN.test(request.requestId)) {
    throw new AppError('INVALID_ARGUMENT', 'The request id must be 1 to 128 letters, digits, dots, underscores, colons or hyphens', {
      field: 'requestId',
    });
  }
  if (typeof request.postageMills !== 'bigint' || request.postageMills <= 0n || request.postageMills > MAX_POSTAGE_MILLS) {
    throw new AppError('MONEY_OUT_OF_RANGE', `Postage must be 1 to ${MAX_POSTAGE_MILLS} mills`, {
      field: 'postageMills',
      postage: String(request.postageMills),
    });
  }
  if (!isKnownRateCategory(request.rateCategory)) {
    // The codec carries reserved codes (a verifier must read them), but the vendor sells none.
    throw new AppError('RATE_CATEGORY_UNKNOWN', `Rate category ${request.rateCategory} is reserved or unknown`, { field: 'rateCategory' });
  }
  // The codec is the authority on field widths: its layout bounds the quick check, and a request that
  // fails it is encoded (with placeholder PSD values that always fit) so that the codec throws its own error.
  if (!fitsLayout(request)) {
    const placeholder = { algorithm: SignatureAlgorithm.EcdsaP256, licenseNumber: 0, certificateSerial: 0, psdId: 0 } as PsdRecord;
    encodeSignedPart(indiciumFieldsFor(request, placeholder, { ascending: 0n, descending: 0n, control: 0n, pieceCount: 0 }));
  }
}

/** The layout of one indicium field (spec §2), looked up once. */
function layoutOf(name: FieldLayout['name']): FieldLayout {
  const layout = FIELD_LAYOUT.find((f) => f.name === name);
  if (layout === undefined) throw new Error(`the indicium layout has no field ${name}`);
  return layout;
}

const POSTAGE = layoutOf('postage');
const DATE_OF_MAILING = layoutOf('dateOfMailing');
const ORIGIN_ZIP = layoutOf('originZip');
const DESTINATION_ZIP = layoutOf('destinationZip');
const RATE_CATEGORY = layoutOf('rateCategory');
const MEDIUM = layoutOf('medium');
const SOFTWARE_ID = layoutOf('softwareId');

/**
 * True when every field the request chooses fits its bytes. It only spares the encode of a request that
 * fits (a few µs per stamp); for one that does not, the codec's encode decides and names the field.
 */
function fitsLayout(r: StampRequest): boolean {
  return (
    fitsBigint(r.postageMills, POSTAGE) &&
    fitsNumber(r.dateOfMailing, DATE_OF_MAILING) &&
    fitsNumber(r.originZip, ORIGIN_ZIP) &&
    fitsNumber(r.destinationZip, DESTINATION_ZIP) &&
    fitsNumber(r.rateCategory, RATE_CATEGORY) &&
    fitsBigint(r.medium, MEDIUM) &&
    fitsNumber(r.softwareId, SOFTWARE_ID)
  );
}

function fitsNumber(v: unknown, layout: FieldLayout): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && BigInt(v) <= layout.max;
}

function fitsBigint(v: unknown, layout: FieldLayout): boolean {
  return typeof v === 'bigint' && v >= 0n && v <= layout.max;
}

/** True when a stored indicium answers exactly `request` (same postage, date, ZIPs, category, medium, software). */
export function indiciumMatchesRequest(indicium: Buffer, request: StampRequest): boolean {
  const f = decodeIndicium(indicium).fields;
  return (
    f.postage === request.postageMills &&
    f.dateOfMailing === request.dateOfMailing &&
    f.originZip === request.originZip &&
    f.destinationZip === request.destinationZip &&
    f.rateCategory === request.rateCategory &&
    f.medium === request.medium &&
    f.softwareId === request.softwareId
  );
}
