import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import {
  MAX_MEDIUM_SERIAL,
  describeMedium,
  formatMediumSerial,
  mediumSerialCheckDigit,
  packMedium,
  parseMediumSerial,
  unpackMedium,
} from './media-serial.js';

function errorOf(fn: () => unknown): { code: string; details?: Readonly<Record<string, unknown>> } | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? { code: err.code, details: err.details } : { code: 'not an AppError' };
  }
  return undefined;
}

const vector = loadIndiciumVectors().mediumSerial;

describe('media serial numbers', () => {
  it('reproduce the vectors’ mediumSerial entry', () => {
    const parsed = parseMediumSerial(vector.printed);
    expect(parsed.serial).toBe(BigInt(vector.serial));
    expect(parsed.printed).toBe(vector.printed);
    expect(formatMediumSerial(BigInt(vector.serial))).toBe(vector.printed);
    expect(mediumSerialCheckDigit(BigInt(vector.serial))).toBe(Number(vector.printed.slice(-1)));
    expect(packMedium(BigInt(vector.serial), vector.slot)).toBe(BigInt(vector.packed));
    expect(unpackMedium(BigInt(vector.packed))).toEqual({ serial: BigInt(vector.serial), slot: vector.slot });
  });

  it('parse the printed form with hyphens, spaces or neither', () => {
    const digits = vector.printed.replaceAll('-', '');
    for (const text of [digits, vector.printed.replaceAll('-', ' '), ` ${vector.printed} `]) {
      expect(parseMediumSerial(text).serial).toBe(BigInt(vector.serial));
    }
  });

  it('report a wrong check digit with the expected digit', () => {
    const expected = Number(vector.printed.slice(-1));
    const wrong = (expected + 1) % 10;
    const err = errorOf(() => parseMediumSerial(`${vector.printed.slice(0, -1)}${wrong}`));
    expect(err?.code).toBe('MEDIUM_SERIAL_CHECK_DIGIT');
    expect(err?.details).toEqual({ given: wrong, expected });
  });

  it.each(['2026-1124-0001', '2026-1124-0001-88', '2026_1124_0001_8', 'ABCD-1124-0001-8', '', '2026--1124-0001-8', '0000-0000-0000-0'])(
    'refuse %j with MEDIUM_SERIAL_FORMAT',
    (text) => {
      expect(errorOf(() => parseMediumSerial(text))?.code).toBe('MEDIUM_SERIAL_FORMAT');
    },
  );

  it('round-trip every serial and slot through print, parse, pack and unpack', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_MEDIUM_SERIAL }), fc.integer({ min: 0, max: 255 }), (serial, slot) => {
        expect(parseMediumSerial(formatMediumSerial(serial)).serial).toBe(serial);
        const packed = packMedium(serial, slot);
        expect(packed).toBe(serial * 256n + BigInt(slot));
        expect(unpackMedium(packed)).toEqual({ serial, slot });
      }),
    );
  });

  it('refuse slots outside 0..255 and serials outside 1..999999999999', () => {
    for (const slot of [-1, 256, 1.5]) {
      expect(errorOf(() => packMedium(1n, slot))?.code).toBe('MEDIUM_SLOT_INVALID');
    }
    for (const serial of [0n, -1n, MAX_MEDIUM_SERIAL + 1n]) {
      expect(errorOf(() => packMedium(serial, 0))?.code).toBe('MEDIUM_SERIAL_FORMAT');
    }
  });

  it('describe a medium field for people, including plain paper', () => {
    expect(unpackMedium(0n)).toBeNull();
    expect(describeMedium(0n)).toBe('no registered medium');
    expect(describeMedium(BigInt(vector.packed))).toBe(`${vector.printed} slot ${vector.slot}`);
    expect(describeMedium(packMedium(BigInt(vector.serial), 0))).toBe(`${vector.printed} single label`);
    // A 64-bit field from elsewhere may hold a serial longer than 12 digits.
    expect(describeMedium(2n ** 64n - 1n)).toBe(`serial ${2n ** 56n - 1n} slot 255`);
  });
});
