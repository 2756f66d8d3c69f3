import { describe, expect, it } from 'vitest';
import { addressElements, MAX_ADDRESS_LINE_CHARS, validateAddresses } from './addresses.js';
import { rectContains } from './geometry.js';
import { LAYOUTS } from './layouts.js';
import { helveticaMeasure } from './text-metrics.js';

const envelope = LAYOUTS['envelope-10']!;

describe('addresses', () => {
  it('accepts Latin-1 text and trims trailing spaces', () => {
    expect(validateAddresses({ delivery: ['José Müller  ', 'Straße 5'] })).toEqual({ delivery: ['José Müller', 'Straße 5'] });
  });

  it('refuses too many lines, long lines and characters outside Latin-1', () => {
    const refuse = (lines: string[]) => expect(() => validateAddresses({ returnAddress: lines })).toThrow(expect.objectContaining({ code: 'PRINT_ADDRESS_INVALID' }));
    refuse([]);
    refuse(Array.from({ length: 7 }, () => 'line'));
    refuse(['x'.repeat(MAX_ADDRESS_LINE_CHARS + 1)]);
    refuse(['Łódź']);
    refuse(['tab\there']);
  });

  it('puts the return address at the top-left of its area and centres the delivery block in its area', () => {
    const elements = addressElements(envelope, { returnAddress: ['Ada Lovelace', '12 St James Sq'], delivery: ['Charles Babbage', '1 Analytical Way', 'San Francisco CA 94107-0001'] }, helveticaMeasure);
    const areas = envelope.addressAreas!;
    const ret = elements.filter((e) => e.text === 'Ada Lovelace' || e.text === '12 St James Sq');
    expect(ret.map((e) => e.x)).toEqual([areas.returnAddress.x, areas.returnAddress.x]);
    const delivery = elements.filter((e) => !ret.includes(e));
    // Lines share one left edge; the longest line is centred in the area.
    expect(new Set(delivery.map((e) => e.x)).size).toBe(1);
    const widest = Math.max(...delivery.map((e) => helveticaMeasure(e.text, e.sizePt, e.bold)));
    expect(delivery[0]!.x + widest / 2).toBeCloseTo(areas.delivery.x + areas.delivery.width / 2, 6);
    for (const e of elements) {
      const box = { x: e.x, y: e.baseline - 0.93 * e.sizePt, width: helveticaMeasure(e.text, e.sizePt, e.bold), height: 1.2 * e.sizePt };
      expect(rectContains(envelope.addressAreas![ret.includes(e) ? 'returnAddress' : 'delivery'], box)).toBe(true);
    }
  });

  it('refuses an address that does not fit, and a layout without address areas', () => {
    const long = Array.from({ length: 6 }, () => 'W'.repeat(MAX_ADDRESS_LINE_CHARS));
    expect(() => addressElements(envelope, { delivery: long }, helveticaMeasure)).toThrow(/does not fit/);
    expect(() => addressElements(LAYOUTS['address-30up']!, { delivery: ['x'] }, helveticaMeasure)).toThrow(expect.objectContaining({ code: 'PRINT_JOB_INVALID' }));
  });
});
