import { describe, expect, it } from 'vitest';
import { decodeIndicium } from '../core/indicium/codec.js';
import { isAppError } from '../errors/app-error.js';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import { insetRect, mm, rectContains, rectsOverlap } from './geometry.js';
import { INDICIUM_SYMBOL_MODULES, indiciumLines, MIN_FONT_PT, MIN_MODULE_MM, placeIndicium, QUIET_ZONE_MODULES } from './indicium-block.js';
import { LAYOUTS } from './layouts.js';
import { sampleFields } from './print-test-support.js';
import { helveticaMeasure } from './text-metrics.js';

const vectors = loadIndiciumVectors();

describe('indiciumLines (spec §6)', () => {
  it('shows postage in dollars, date, rate category, origin ZIP, license and PSD of the ECDSA vector', () => {
    const { fields } = decodeIndicium(Buffer.from(vectors.cases[0]!.indiciumHex, 'hex'));
    expect(indiciumLines(fields).map((l) => l.text)).toEqual([
      'Postage $0.74',
      'Mailed 2026-11-24',
      'First-Class Mail letter',
      'From ZIP 94107-0001',
      'License 40001234',
      'PSD 3',
    ]);
    expect(indiciumLines(fields).map((l) => l.bold)).toEqual([true, false, false, false, false, false]);
  });

  it('prints mills when the postage is not whole cents, reserved categories and odd ZIPs without failing', () => {
    const lines = indiciumLines(sampleFields({ postage: 12_345n, rateCategory: 99, originZip: 0 }));
    expect(lines.map((l) => [l.key, l.text])).toEqual([
      ['postage', 'Postage $12.345'],
      ['date', 'Mailed 2026-11-24'],
      ['rate', 'reserved rate category 99'],
      ['originZip', 'From ZIP none'],
      ['license', 'License 40001234'],
      ['psd', 'PSD 4'],
    ]);
    expect(indiciumLines(sampleFields({ originZip: 1234 }))[3]!.text).toBe('From ZIP 1234');
  });
});

describe('placeIndicium', () => {
  const longest = indiciumLines(sampleFields({ rateCategory: 8, postage: 16_777_215n }));

  it.each(Object.values(LAYOUTS).map((l) => [l.name, l] as const))('%s: symbol, quiet zone and text stay inside the padded slot, apart', (_name, layout) => {
    for (const slot of [layout.slots[0]!, layout.slots.at(-1)!]) {
      const placed = placeIndicium(slot, longest, layout.indicium, helveticaMeasure);
      const { symbol } = placed;
      expect(symbol.moduleSizePt).toBeGreaterThanOrEqual(mm(MIN_MODULE_MM) - 1e-9);
      expect(symbol.moduleSizePt).toBeLessThanOrEqual(mm(layout.indicium.preferredModuleMm) + 1e-9);
      const q = symbol.quietZoneModules * symbol.moduleSizePt;
      const symbolBox = { x: symbol.x - q, y: symbol.y - q, width: symbol.sidePt + 2 * q, height: symbol.sidePt + 2 * q };
      const inner = insetRect(slot, layout.indicium.paddingPt);
      expect(rectContains(inner, symbolBox)).toBe(true);
      expect(placed.fontSizePt).toBeGreaterThanOrEqual(MIN_FONT_PT);
      for (const line of placed.text) {
        const box = { x: line.x, y: line.baseline - 0.93 * line.sizePt, width: helveticaMeasure(line.text, line.sizePt, line.bold), height: 1.2 * line.sizePt };
        expect(rectContains(inner, box, 1e-6), line.text).toBe(true);
        expect(rectsOverlap(box, symbolBox), line.text).toBe(false);
      }
    }
  });

  it('uses the preferred module size when the slot has room', () => {
    const layout = LAYOUTS['thermal-4x6']!;
    const placed = placeIndicium(layout.slots[0]!, longest, layout.indicium, helveticaMeasure);
    expect(placed.symbol.moduleSizePt).toBeCloseTo(mm(0.75), 9);
    expect(placed.symbol.sidePt).toBeCloseTo(INDICIUM_SYMBOL_MODULES * mm(0.75), 9);
  });

  it('shrinks the module to fit a 1 in label, and refuses a slot too small for the minimum module', () => {
    const style = { ...LAYOUTS['address-30up']!.indicium, paddingPt: 4 };
    const fits = placeIndicium({ x: 0, y: 0, width: 189, height: 72 }, longest, style, helveticaMeasure);
    expect(fits.symbol.moduleSizePt).toBeLessThan(mm(style.preferredModuleMm));
    // 46 modules of the minimum size plus padding is the least height that works.
    const least = (INDICIUM_SYMBOL_MODULES + 2 * QUIET_ZONE_MODULES) * mm(MIN_MODULE_MM) + 2 * style.paddingPt;
    expect(() => placeIndicium({ x: 0, y: 0, width: 189, height: least + 0.5 }, longest, style, helveticaMeasure)).not.toThrow();
    try {
      placeIndicium({ x: 0, y: 0, width: 189, height: least - 0.5 }, longest, style, helveticaMeasure);
      throw new Error('expected PRINT_SLOT_TOO_SMALL');
    } catch (err) {
      expect(isAppError(err, 'PRINT_SLOT_TOO_SMALL')).toBe(true);
    }
  });

  it('refuses a slot whose text column would be too narrow for the rate category', () => {
    const style = LAYOUTS['single-label']!.indicium;
    expect(() => placeIndicium({ x: 0, y: 0, width: 100, height: 90 }, longest, style, helveticaMeasure)).toThrow(/cannot hold/);
  });
});
