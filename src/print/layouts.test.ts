import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { inches, rectContains, rectsOverlap } from './geometry.js';
import { findSlot, gridSlots, isSheet, LAYOUTS, layoutNames, resolveLayout, validateLayout, type Layout } from './layouts.js';

// The published geometry of each stock, in inches, written out independently of the layout table.
const EXPECTED = {
  'single-label': { page: [2.25, 1.25], slots: 1, first: [0, 0, 2.25, 1.25] },
  'address-30up': { page: [8.5, 11], slots: 30, first: [0.1875, 0.5, 2.625, 1] },
  'stamp-sheet': { page: [8.5, 11], slots: 20, first: [0.25, 0.5, 2, 2] },
  'thermal-4x6': { page: [4, 6], slots: 1, first: [0.25, 0.25, 3.5, 1.5] },
  'envelope-10': { page: [9.5, 4.125], slots: 1, first: [6, 0.25, 3.25, 1.25] },
} as const;

function expectThrows(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(isAppError(err) ? err.code : err).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('built-in layouts', () => {
  it('are exactly the five named layouts, each valid', () => {
    expect(layoutNames().sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const layout of Object.values(LAYOUTS)) expect(validateLayout(layout)).toBe(layout);
  });

  it.each(Object.entries(EXPECTED))('%s has its stock size and first slot to the point', (name, e) => {
    const layout = resolveLayout(name);
    expect([layout.widthPt, layout.heightPt]).toEqual(e.page.map(inches));
    expect(layout.slots).toHaveLength(e.slots);
    const first = layout.slots[0]!;
    expect([first.x, first.y, first.width, first.height]).toEqual(e.first.map(inches));
    expect(isSheet(layout)).toBe(e.slots > 1);
  });

  it('address-30up is the Avery 5160 grid: 3 across at a 2-3/4 in pitch, 10 down at 1 in, 3/16 in side margins', () => {
    const layout = LAYOUTS['address-30up']!;
    const slot = (n: number) => findSlot(layout, n)!;
    expect([slot(2).x, slot(3).x]).toEqual([inches(0.1875 + 2.75), inches(0.1875 + 5.5)]);
    expect(slot(4)).toMatchObject({ x: inches(0.1875), y: inches(1.5) });
    expect(slot(30)).toMatchObject({ x: inches(0.1875 + 5.5), y: inches(9.5) });
    // Symmetric: the right margin equals the left, the bottom the top.
    expect(layout.widthPt - (slot(30).x + slot(30).width)).toBeCloseTo(inches(0.1875), 9);
    expect(layout.heightPt - (slot(30).y + slot(30).height)).toBeCloseTo(inches(0.5), 9);
  });

  it('numbers sheet slots row by row from the top left (spec §5)', () => {
    for (const layout of Object.values(LAYOUTS).filter(isSheet)) {
      layout.slots.forEach((s, i) => {
        expect(s.number).toBe(i + 1);
        const next = layout.slots[i + 1];
        if (next === undefined) return;
        // The next slot is to the right on the same row, or starts a lower row at the left edge.
        if (next.y === s.y) expect(next.x).toBeGreaterThan(s.x);
        else expect([next.y > s.y, next.x]).toEqual([true, layout.slots[0]!.x]);
      });
    }
  });

  it('puts the envelope indicium in the upper right, the return address upper left and the delivery address centred', () => {
    const env = LAYOUTS['envelope-10']!;
    const slot = env.slots[0]!;
    const areas = env.addressAreas!;
    expect(slot.x + slot.width).toBe(env.widthPt - inches(0.25));
    expect(slot.y).toBe(inches(0.25));
    expect(areas.returnAddress.x + areas.returnAddress.width).toBeLessThan(env.widthPt / 2);
    expect(areas.delivery.x + areas.delivery.width / 2).toBe(env.widthPt / 2);
    // The delivery address stays above the 5/8 in barcode clear zone at the bottom.
    expect(areas.delivery.y + areas.delivery.height).toBeLessThanOrEqual(env.heightPt - inches(0.625));
    for (const area of Object.values(areas)) expect(rectsOverlap(area, slot)).toBe(false);
  });

  it('centres the 4x6 delivery address and keeps every area on the label', () => {
    const t = LAYOUTS['thermal-4x6']!;
    const { delivery, returnAddress } = t.addressAreas!;
    expect(delivery.x + delivery.width / 2).toBe(t.widthPt / 2);
    const page = { x: 0, y: 0, width: t.widthPt, height: t.heightPt };
    expect(rectContains(page, delivery) && rectContains(page, returnAddress)).toBe(true);
  });
});

describe('resolveLayout and validateLayout', () => {
  it('refuses an unknown name, and does not treat inherited properties as layouts', () => {
    expectThrows(() => resolveLayout('a4-65up'), 'PRINT_LAYOUT_UNKNOWN');
    expectThrows(() => resolveLayout('toString'), 'PRINT_LAYOUT_UNKNOWN');
  });

  it('accepts a valid custom layout built with gridSlots', () => {
    const custom: Layout = {
      ...LAYOUTS['stamp-sheet']!,
      name: 'custom-2x2',
      slots: gridSlots({ columns: 2, rows: 2, labelWidthPt: 200, labelHeightPt: 100, leftPt: 18, topPt: 36, pitchXPt: 210, pitchYPt: 110 }),
    };
    expect(resolveLayout(custom).slots.map((s) => [s.number, s.x, s.y])).toEqual([
      [1, 18, 36],
      [2, 228, 36],
      [3, 18, 146],
      [4, 228, 146],
    ]);
  });

  it('lists every broken invariant of a custom layout', () => {
    const bad: Layout = {
      ...LAYOUTS['stamp-sheet']!,
      name: 'bad',
      slots: [
        { number: 1, x: 18, y: 36, width: 200, height: 100 },
        { number: 3, x: 100, y: 36, width: 200, height: 100 },
        { number: 3, x: 500, y: 36, width: 200, height: 100 },
      ],
    };
    try {
      validateLayout(bad);
      throw new Error('expected PRINT_JOB_INVALID');
    } catch (err) {
      expect(isAppError(err, 'PRINT_JOB_INVALID')).toBe(true);
      const problems = (err as { details: { problems: string[] } }).details.problems;
      expect([...problems].sort()).toEqual(['slot 2 is numbered 3', 'slot 3 lies outside the margins', 'slots 1 and 3 overlap']);
    }
  });
});
