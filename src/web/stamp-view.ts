// What the public API shows of a stamp: the indicium, its decoded fields (money and the 64-bit medium
// as decimal strings), the human-readable lines printed beside the symbol (spec §6) and links to render
// it. Pure: a function of the stored stamp.
import { decodeIndicium } from '../core/indicium/codec.js';
import type { IndiciumFields } from '../core/indicium/fields.js';
import { formatMailingDate } from '../core/mailing-date.js';
import { formatDollars } from '../core/money.js';
import { describeRateCategory } from '../core/rate-category.js';
import { formatZip } from '../core/zip.js';
import type { StampRecord } from './stamp.repository.js';

/** The decoded fields as JSON: bigints (mills, medium) become decimal strings. */
export type StampFieldsJson = { readonly [K in keyof IndiciumFields]: IndiciumFields[K] extends bigint ? string : IndiciumFields[K] };

/** One stamp as the API returns it. */
export interface StampView {
  readonly id: string;
  readonly purchaseId: string;
  /** The 117 bytes, base64. */
  readonly indicium: string;
  readonly fields: StampFieldsJson;
  /** The lines printed beside the symbol, in order: postage, date, rate category, origin ZIP, license, PSD. */
  readonly humanReadable: readonly string[];
  /** ISO time the processing server committed it. */
  readonly dispensedAt: string;
  readonly links: { readonly self: string; readonly png: string; readonly svg: string };
}

/** The API's view of a stored stamp. */
export function stampView(stamp: StampRecord): StampView {
  return stampViewOf(stamp, decodeIndicium(stamp.indicium).fields);
}

/** The API's view of a stamp whose indicium the caller has decoded already (`fields` must be its fields). */
export function stampViewOf(stamp: StampRecord, fields: IndiciumFields): StampView {
  return {
    id: stamp.id,
    purchaseId: stamp.purchaseId,
    indicium: stamp.indicium.toString('base64'),
    fields: fieldsJson(fields),
    humanReadable: humanReadableLines(fields),
    dispensedAt: new Date(stamp.dispensedAtMs).toISOString(),
    links: stampLinks(stamp.id),
  };
}

/** The paths that show a stamp as JSON, PNG and SVG. */
export function stampLinks(id: string): StampView['links'] {
  const base = `/v1/stamps/${encodeURIComponent(id)}`;
  return { self: base, png: `${base}.png`, svg: `${base}.svg` };
}

/** The human-readable lines of spec §6. */
export function humanReadableLines(f: IndiciumFields): string[] {
  return [
    formatDollars(f.postage),
    formatMailingDate(f.dateOfMailing),
    describeRateCategory(f.rateCategory),
    `From ZIP ${formatZip(f.originZip)}`,
    `License ${f.licenseNumber}`,
    `PSD ${f.psdId}`,
  ];
}

/** The fields with every bigint as a decimal string, in the byte order of spec §2. */
export function fieldsJson(f: IndiciumFields): StampFieldsJson {
  return {
    version: f.version,
    algorithm: f.algorithm,
    licenseNumber: f.licenseNumber,
    certificateSerial: f.certificateSerial,
    psdId: f.psdId,
    pieceCount: f.pieceCount,
    ascendingRegister: f.ascendingRegister.toString(),
    descendingRegister: f.descendingRegister.toString(),
    postage: f.postage.toString(),
    dateOfMailing: f.dateOfMailing,
    originZip: f.originZip,
    destinationZip: f.destinationZip,
    rateCategory: f.rateCategory,
    medium: f.medium.toString(),
    softwareId: f.softwareId,
  };
}
