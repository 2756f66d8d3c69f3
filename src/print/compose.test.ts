import { describe, expect, it } from 'vitest';
import { dataMatrixModules } from '../barcode/datamatrix-encode.js';
import { composePrintJob } from './compose.js';
import { insetRect, rectContains } from './geometry.js';
import { LAYOUTS } from './layouts.js';
import { unsignedIndicium } from './print-test-support.js';

describe('composePrintJob', () => {
  it('puts one symbol and six lines per item into its slot, on the page the slot assignment chose', () => {
    const items = Array.from({ length: 22 }, (_, i) => ({ indicium: unsignedIndicium({ pieceCount: i + 1 }) }));
    const doc = composePrintJob({ layout: 'stamp-sheet', items, startSlot: 19 });
    expect(doc.pages).toHaveLength(2);
    expect(doc.placements.map((p) => [p.page, p.slot])).toEqual([[0, 19], [0, 20], ...Array.from({ length: 20 }, (_, i) => [1, i + 1])]);
    const layout = LAYOUTS['stamp-sheet']!;
    for (const p of doc.placements) {
      expect(p.slotRect).toEqual({ x: layout.slots[p.slot - 1]!.x, y: layout.slots[p.slot - 1]!.y, width: 144, height: 144 });
      expect(p.symbol.modules).toEqual(dataMatrixModules(items[p.itemIndex]!.indicium));
      expect(rectContains(insetRect(p.slotRect, layout.indicium.paddingPt), { x: p.symbol.x, y: p.symbol.y, width: 44 * p.symbol.moduleSizePt, height: 44 * p.symbol.moduleSizePt })).toBe(true);
    }
    expect(doc.pages[0]!.elements.filter((e) => e.kind === 'text')).toHaveLength(12);
    expect(doc.pages[1]!.elements.filter((e) => e.kind === 'symbol')).toHaveLength(20);
  });

  it('adds the addresses of the item, or else of the job, and refuses addresses where the layout has no room', () => {
    const indicium = unsignedIndicium();
    const doc = composePrintJob({
      layout: 'envelope-10',
      items: [{ indicium }, { indicium: unsignedIndicium({ pieceCount: 2 }), addresses: { delivery: ['Own Recipient'] } }],
      addresses: { delivery: ['Job Recipient'] },
    });
    const texts = doc.pages.map((p) => p.elements.flatMap((e) => (e.kind === 'text' ? [e.text] : [])));
    expect(texts[0]).toContain('Job Recipient');
    expect(texts[1]).toContain('Own Recipient');
    expect(texts[1]).not.toContain('Job Recipient');
    expect(() => composePrintJob({ layout: 'address-30up', items: [{ indicium }], addresses: { delivery: ['x'] } })).toThrow(expect.objectContaining({ code: 'PRINT_JOB_INVALID' }));
  });

  it('validates the calibration and carries it for the renderers', () => {
    const indicium = unsignedIndicium();
    expect(composePrintJob({ layout: 'single-label', items: [{ indicium }] }).calibration).toEqual({ dxPt: 0, dyPt: 0, scale: 1 });
    expect(composePrintJob({ layout: 'single-label', items: [{ indicium }], calibration: { dxPt: 2, dyPt: 1, scale: 1.01 } }).calibration).toEqual({ dxPt: 2, dyPt: 1, scale: 1.01 });
    expect(() => composePrintJob({ layout: 'single-label', items: [{ indicium }], calibration: { dxPt: 0, dyPt: 0, scale: 0.5 } })).toThrow(expect.objectContaining({ code: 'PRINT_CALIBRATION_INVALID' }));
  });
});
