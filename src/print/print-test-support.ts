/**
 * Helpers for the printing unit tests: indicia with chosen fields and a zero signature (slot
 * assignment and layout read fields only; the integration tests in test/print sign theirs).
 */
import { assembleIndicium } from '../core/indicium/codec.js';
import type { IndiciumFields } from '../core/indicium/fields.js';
import { packMedium } from '../core/media-serial.js';

/** The fields of a plausible indicium; override any of them. */
export function sampleFields(overrides: Partial<IndiciumFields> = {}): IndiciumFields {
  return {
    version: 1,
    algorithm: 2,
    licenseNumber: 40001234,
    certificateSerial: 8,
    psdId: 4,
    pieceCount: 1,
    ascendingRegister: 740n,
    descendingRegister: 99_260n,
    postage: 740n,
    dateOfMailing: 9824,
    originZip: 941070001,
    destinationZip: 0,
    rateCategory: 1,
    medium: 0n,
    softwareId: 1,
    ...overrides,
  };
}

/** 117 bytes with those fields and an all-zero signature. */
export function unsignedIndicium(overrides: Partial<IndiciumFields> = {}): Buffer {
  return assembleIndicium(sampleFields(overrides), new Uint8Array(64));
}

/** The vectors' sheet serial 2026-1124-0001-8 without its check digit. */
export const SHEET_SERIAL = 202611240001n;

/** An unsigned indicium made for slot `slot` of sheet `serial`. */
export function registeredIndicium(slot: number, serial: bigint = SHEET_SERIAL, pieceCount = 1): Buffer {
  return unsignedIndicium({ medium: packMedium(serial, slot), pieceCount });
}
