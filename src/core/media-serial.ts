// Media serial numbers (spec §5): 12 decimal digits plus a Luhn check digit, printed NNNN-NNNN-NNNN-C.
// The indicium's 8-byte medium field packs `serial << 8 | slot`; 0 means plain paper (no medium).
import { AppError } from '../errors/app-error.js';
import { luhnCheckDigit } from './luhn.js';

/** The largest 12-digit serial. */
export const MAX_MEDIUM_SERIAL = 999_999_999_999n;
/** The largest slot one byte holds; 0 is a single label, 1..N a position on a sheet. */
export const MAX_MEDIUM_SLOT = 255;

/** A medium serial read from its printed form. */
export interface MediumSerial {
  /** The 12-digit serial without its check digit, as packed in the indicium. */
  readonly serial: bigint;
  readonly checkDigit: number;
  /** The canonical printed form, `NNNN-NNNN-NNNN-C`. */
  readonly printed: string;
}

/** A medium field unpacked: which label or sheet, and which position on it. */
export interface MediumRef {
  readonly serial: bigint;
  readonly slot: number;
}

// Four groups, each optionally followed by one hyphen or space: "2026-1124-0001-8", "2026112400018".
const PRINTED = /^(\d{4})[- ]?(\d{4})[- ]?(\d{4})[- ]?(\d)$/;

/** The Luhn check digit of a 12-digit serial (leading zeros count). */
export function mediumSerialCheckDigit(serial: bigint): number {
  return luhnCheckDigit(serialDigits(serial));
}

/** Formats a 12-digit serial with its check digit as `NNNN-NNNN-NNNN-C`. */
export function formatMediumSerial(serial: bigint): string {
  const digits = serialDigits(serial);
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${luhnCheckDigit(digits)}`;
}

/**
 * Parses a printed serial (`NNNN-NNNN-NNNN-C`, or without hyphens, or with spaces) and checks its Luhn
 * digit: MEDIUM_SERIAL_FORMAT when malformed, MEDIUM_SERIAL_CHECK_DIGIT (with the expected digit) when wrong.
 */
export function parseMediumSerial(text: string): MediumSerial {
  const match = typeof text === 'string' ? PRINTED.exec(text.trim()) : null;
  if (match === null) {
    throw new AppError('MEDIUM_SERIAL_FORMAT', `${JSON.stringify(text)} is not a serial number of the form NNNN-NNNN-NNNN-C`, {
      value: String(text),
    });
  }
  const serial = BigInt(`${match[1]}${match[2]}${match[3]}`);
  const given = Number(match[4]);
  const expected = mediumSerialCheckDigit(serial);
  if (given !== expected) {
    throw new AppError(
      'MEDIUM_SERIAL_CHECK_DIGIT',
      `Check digit ${given} of ${match[1]}-${match[2]}-${match[3]} does not match the expected ${expected}`,
      { given, expected },
    );
  }
  return { serial, checkDigit: expected, printed: formatMediumSerial(serial) };
}

/** Packs a serial and slot into the indicium's medium field: `serial << 8 | slot`. */
export function packMedium(serial: bigint, slot: number): bigint {
  serialDigits(serial);
  if (!Number.isInteger(slot) || slot < 0 || slot > MAX_MEDIUM_SLOT) {
    throw new AppError('MEDIUM_SLOT_INVALID', `Slot ${slot} is outside 0 to ${MAX_MEDIUM_SLOT}`, { slot });
  }
  return (serial << 8n) | BigInt(slot);
}

/**
 * Unpacks the medium field; null for 0 (plain paper). The serial may exceed 12 digits when the field
 * came from an indicium this vendor did not build: the codec carries any 64-bit value.
 */
export function unpackMedium(medium: bigint): MediumRef | null {
  if (medium === 0n) return null;
  return { serial: medium >> 8n, slot: Number(medium & 0xffn) };
}

/** Describes a medium field for people: "2026-1124-0001-8 slot 7", or "no registered medium" for 0. */
export function describeMedium(medium: bigint): string {
  const ref = unpackMedium(medium);
  if (ref === null) return 'no registered medium';
  const serial = ref.serial >= 1n && ref.serial <= MAX_MEDIUM_SERIAL ? formatMediumSerial(ref.serial) : `serial ${ref.serial}`;
  return ref.slot === 0 ? `${serial} single label` : `${serial} slot ${ref.slot}`;
}

// The 12 digits of a serial, zero-padded; serial 0 is refused because medium 0 means "no medium".
function serialDigits(serial: bigint): string {
  if (typeof serial !== 'bigint' || serial < 1n || serial > MAX_MEDIUM_SERIAL) {
    throw new AppError('MEDIUM_SERIAL_FORMAT', `Serial ${String(serial)} is not a 12-digit serial number from 1 to ${MAX_MEDIUM_SERIAL}`, {
      serial: String(serial),
    });
  }
  return serial.toString().padStart(12, '0');
}
