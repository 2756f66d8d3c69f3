// The fields of an indicium v1 and where each sits in the 117 bytes (spec §2). All integers are
// unsigned big-endian. Money and the 64-bit medium are bigint; everything else fits a safe number.
import type { SignatureAlgorithm } from '../signature-algorithm.js';

/** The decoded content of an indicium v1: every field of bytes 0-52 (the signed part). */
export interface IndiciumFields {
  /** Always 1. */
  readonly version: number;
  readonly algorithm: SignatureAlgorithm;
  /** The vendor system's single license number. */
  readonly licenseNumber: number;
  /** Serial of the authority-issued certificate of the signing PSD key. */
  readonly certificateSerial: number;
  readonly psdId: number;
  /** That PSD's count of indicia, this one included (the first is 1). */
  readonly pieceCount: number;
  /** Mills, after this debit. */
  readonly ascendingRegister: bigint;
  /** Mills, after this debit. */
  readonly descendingRegister: bigint;
  /** Mills. */
  readonly postage: bigint;
  /** Days since 2000-01-01 (UTC). */
  readonly dateOfMailing: number;
  /** `zip5 * 10000 + plus4`. */
  readonly originZip: number;
  /** `zip5 * 10000 + plus4`; 0 when not given. */
  readonly destinationZip: number;
  /** Spec §4 code; other codes are reserved but carried. */
  readonly rateCategory: number;
  /** `serial << 8 | slot`; 0 for plain paper. */
  readonly medium: bigint;
  /** The vendor software release that built the indicium. */
  readonly softwareId: number;
}

/** Name of one indicium field. */
export type IndiciumFieldName = keyof IndiciumFields;

/** Where one field sits, and the largest value its bytes hold. */
export interface FieldLayout {
  readonly name: IndiciumFieldName;
  /** Byte offset from the start of the indicium. */
  readonly offset: number;
  /** Length in bytes. */
  readonly length: number;
  /** Largest value: 2^(8 * length) - 1, except version (1) and algorithm (2), which have their own checks. */
  readonly max: bigint;
  /** Whether the field is a JavaScript number or a bigint in IndiciumFields. */
  readonly type: 'number' | 'bigint';
}

/** Total length of an indicium v1 in bytes. */
export const INDICIUM_LENGTH = 117;
/** Length of the signed part, bytes 0-52. */
export const SIGNED_PART_LENGTH = 53;
/** The only version this codec reads and writes. */
export const INDICIUM_VERSION = 1;

function field(name: IndiciumFieldName, offset: number, length: number, type: FieldLayout['type'], max?: bigint): FieldLayout {
  return Object.freeze({ name, offset, length, type, max: max ?? (1n << BigInt(8 * length)) - 1n });
}

/** Every field of the signed part in byte order, as spec §2 lays them out. */
export const FIELD_LAYOUT: readonly FieldLayout[] = Object.freeze([
  field('version', 0, 1, 'number', 1n),
  field('algorithm', 1, 1, 'number', 2n),
  field('licenseNumber', 2, 4, 'number'),
  field('certificateSerial', 6, 4, 'number'),
  field('psdId', 10, 4, 'number'),
  field('pieceCount', 14, 4, 'number'),
  field('ascendingRegister', 18, 5, 'bigint'),
  field('descendingRegister', 23, 5, 'bigint'),
  field('postage', 28, 3, 'bigint'),
  field('dateOfMailing', 31, 2, 'number'),
  field('originZip', 33, 4, 'number'),
  field('destinationZip', 37, 4, 'number'),
  field('rateCategory', 41, 2, 'number'),
  field('medium', 43, 8, 'bigint'),
  field('softwareId', 51, 2, 'number'),
]);

/** The layout of one field by name. */
export function fieldLayout(name: IndiciumFieldName): FieldLayout {
  const found = FIELD_LAYOUT.find((f) => f.name === name);
  if (found === undefined) throw new Error(`no indicium field ${name}`);
  return found;
}
