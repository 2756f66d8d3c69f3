import { describe, expect, it } from 'vitest';
import { formatMediumSerial } from '../core/media-serial.js';
import { AppError } from '../errors/app-error.js';
import { checkMedia, parseMediumRequests, slotKey, type MediumFacts, type MediumRequest } from './medium-check.js';

const LABEL = 111_122_223_333n;
const SHEET = 444_455_556_666n;
const OTHER = 777_788_889_999n;
const VOIDED = 123_412_341_234n;
const UNKNOWN = 999_988_887_777n;

const facts = new Map<bigint, MediumFacts>([
  [LABEL, { serial: LABEL, accountId: 'A', layout: 'single-label', voided: false }],
  [SHEET, { serial: SHEET, accountId: 'A', layout: 'address-30up', voided: false }],
  [OTHER, { serial: OTHER, accountId: 'B', layout: 'address-30up', voided: false }],
  [VOIDED, { serial: VOIDED, accountId: 'A', layout: 'stamp-sheet', voided: true }],
]);
const taken = new Set([slotKey(SHEET, 7)]);

function req(index: number, serial: bigint | string, slot: number): MediumRequest {
  return { index, serial: typeof serial === 'string' ? serial : formatMediumSerial(serial), slot };
}

/** The code and details of what `fn` throws. */
function refusal(fn: () => unknown): { code: string; details: Record<string, unknown> | undefined; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, details: err.details as Record<string, unknown>, message: err.message };
    throw err;
  }
  throw new Error('did not throw');
}

const check = (items: MediumRequest[]) => checkMedia('A', parseMediumRequests(items), facts, taken);

describe('parseMediumRequests', () => {
  it('parses printed serials with or without hyphens', () => {
    const printed = formatMediumSerial(SHEET);
    expect(parseMediumRequests([req(0, printed.replace(/-/g, ''), 3)])).toEqual([{ index: 0, serial: SHEET, printed, slot: 3 }]);
  });

  it('refuses a wrong check digit, a malformed serial and a slot outside 0..255, naming the field', () => {
    const printed = formatMediumSerial(SHEET);
    const wrong = `${printed.slice(0, -1)}${(Number(printed.slice(-1)) + 1) % 10}`;
    expect(refusal(() => parseMediumRequests([req(0, printed, 1), req(4, wrong, 1)]))).toMatchObject({
      code: 'MEDIUM_SERIAL_CHECK_DIGIT',
      details: { field: 'stamps[4].medium' },
    });
    expect(refusal(() => parseMediumRequests([req(2, '1234-5678', 1)]))).toMatchObject({ code: 'MEDIUM_SERIAL_FORMAT', details: { field: 'stamps[2].medium' } });
    expect(refusal(() => parseMediumRequests([req(1, printed, 256)]))).toMatchObject({ code: 'MEDIUM_SLOT_INVALID', details: { field: 'stamps[1].medium' } });
    expect(refusal(() => parseMediumRequests([req(1, printed, 1.5)])).code).toBe('MEDIUM_SLOT_INVALID');
  });
});

describe('checkMedia', () => {
  it('accepts free slots of the account own media and returns serial, slot and layout', () => {
    expect(check([req(0, LABEL, 0), req(1, SHEET, 1), req(2, SHEET, 30)])).toEqual([
      { index: 0, serial: LABEL, printed: formatMediumSerial(LABEL), slot: 0, layout: 'single-label', kind: 'label' },
      { index: 1, serial: SHEET, printed: formatMediumSerial(SHEET), slot: 1, layout: 'address-30up', kind: 'sheet' },
      { index: 2, serial: SHEET, printed: formatMediumSerial(SHEET), slot: 30, layout: 'address-30up', kind: 'sheet' },
    ]);
  });

  it('refuses each case with its own code, naming stamps[i].medium', () => {
    const cases: [MediumRequest[], string, number][] = [
      [[req(0, UNKNOWN, 1)], 'MEDIUM_UNKNOWN', 0],
      [[req(0, LABEL, 0), req(1, OTHER, 1)], 'MEDIUM_NOT_YOURS', 1],
      [[req(0, VOIDED, 1)], 'MEDIUM_VOIDED', 0],
      [[req(0, LABEL, 1)], 'MEDIUM_SLOT_OUT_OF_RANGE', 0],
      [[req(0, SHEET, 0)], 'MEDIUM_SLOT_OUT_OF_RANGE', 0],
      [[req(0, SHEET, 31)], 'MEDIUM_SLOT_OUT_OF_RANGE', 0],
      [[req(0, SHEET, 7)], 'MEDIUM_SLOT_USED', 0],
      [[req(0, SHEET, 8), req(1, LABEL, 0), req(2, SHEET, 8)], 'MEDIUM_SLOT_REPEATED', 2],
    ];
    for (const [items, code, index] of cases) {
      const r = refusal(() => check(items));
      expect(r.code, code).toBe(code);
      expect(r.details?.field).toBe(`stamps[${index}].medium`);
      expect(r.message.startsWith(`stamps[${index}].medium: `)).toBe(true);
    }
  });

  it('checks in the documented order for one item: not yours before voided, voided before slot range, range before used', () => {
    const mixed = new Map(facts);
    mixed.set(OTHER, { serial: OTHER, accountId: 'B', layout: 'address-30up', voided: true });
    expect(refusal(() => checkMedia('A', parseMediumRequests([req(0, OTHER, 99)]), mixed, taken)).code).toBe('MEDIUM_NOT_YOURS');
    mixed.set(SHEET, { serial: SHEET, accountId: 'A', layout: 'address-30up', voided: true });
    expect(refusal(() => checkMedia('A', parseMediumRequests([req(0, SHEET, 99)]), mixed, taken)).code).toBe('MEDIUM_VOIDED');
    expect(refusal(() => check([req(0, SHEET, 99)])).code).toBe('MEDIUM_SLOT_OUT_OF_RANGE');
    // A used slot named twice is "used" (the first failure), not "repeated".
    expect(refusal(() => check([req(0, SHEET, 7), req(1, SHEET, 7)]))).toMatchObject({ code: 'MEDIUM_SLOT_USED', details: { field: 'stamps[0].medium' } });
  });

  it('unknown and another account medium differ in code only, not in HTTP kind', () => {
    const unknown = refusal(() => check([req(0, UNKNOWN, 1)]));
    const other = refusal(() => check([req(0, OTHER, 1)]));
    expect([unknown.code, other.code]).toEqual(['MEDIUM_UNKNOWN', 'MEDIUM_NOT_YOURS']);
    expect(new AppError('MEDIUM_UNKNOWN').kind).toBe(new AppError('MEDIUM_NOT_YOURS').kind);
  });
});
