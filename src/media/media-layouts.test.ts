import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { mediaLayout, mediaLayoutNames, slotInLayout, slotNumbers } from './media-layouts.js';

describe('media layouts', () => {
  it('issues media in the layouts that carry a vendor serial, not on envelopes', () => {
    expect(mediaLayoutNames().sort()).toEqual(['address-30up', 'single-label', 'stamp-sheet', 'thermal-4x6']);
  });

  it('a label has slot 0 only; a sheet slots 1..N', () => {
    const label = mediaLayout('single-label');
    expect(label).toMatchObject({ kind: 'label', slotCount: 1, firstSlot: 0, lastSlot: 0 });
    expect(slotNumbers(label)).toEqual([0]);
    expect([0, 1].map((s) => slotInLayout(label, s))).toEqual([true, false]);
    expect(mediaLayout('thermal-4x6')).toMatchObject({ kind: 'label', slotCount: 1, firstSlot: 0, lastSlot: 0 });
    const sheet = mediaLayout('address-30up');
    expect(sheet).toMatchObject({ kind: 'sheet', slotCount: 30, firstSlot: 1, lastSlot: 30 });
    expect([0, 1, 30, 31, 1.5].map((s) => slotInLayout(sheet, s))).toEqual([false, true, true, false, false]);
    expect(slotNumbers(mediaLayout('stamp-sheet'))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refuses an unknown layout and the envelope with MEDIA_LAYOUT_UNKNOWN, naming the known ones', () => {
    for (const name of ['a4-sheet', 'envelope-10', 'toString', '__proto__']) {
      try {
        mediaLayout(name);
        expect.unreachable(name);
      } catch (err) {
        expect(isAppError(err, 'MEDIA_LAYOUT_UNKNOWN'), name).toBe(true);
        expect((err as Error).message).toContain('single-label');
      }
    }
  });
});
