import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { LAYOUTS } from './layouts.js';
import { assignSlots, MAX_JOB_ITEMS, type PrintJob, type PrintItem } from './print-job.js';
import { registeredIndicium, unsignedIndicium } from './print-test-support.js';

const plain = (n: number): PrintItem[] => Array.from({ length: n }, (_, i) => ({ indicium: unsignedIndicium({ pieceCount: i + 1 }) }));

function where(layout: string, job: Omit<PrintJob, 'layout'>): Array<[item: number, page: number, slot: number]> {
  return assignSlots(LAYOUTS[layout]!, { layout, ...job }).map((a) => [a.itemIndex, a.page, a.slot]);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return 'no error';
}

describe('plain paper', () => {
  it('fills a sheet from slot 1 and flows onto further pages', () => {
    const got = where('address-30up', { items: plain(65) });
    expect(got.filter(([, page]) => page === 0).map(([, , slot]) => slot)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(got.filter(([, page]) => page === 2)).toEqual([61, 62, 63, 64, 65].map((slot, i) => [60 + i, 2, slot - 60]));
  });

  it('starts a partly used sheet at the start slot and continues at slot 1 of the next page', () => {
    expect(where('stamp-sheet', { items: plain(4), startSlot: 18 })).toEqual([
      [0, 0, 18],
      [1, 0, 19],
      [2, 0, 20],
      [3, 1, 1],
    ]);
  });

  it('puts items with a slot on page 1 and flows the rest around them', () => {
    const items = plain(4).map((item, i) => (i === 1 ? { ...item, slot: 6 } : item));
    expect(where('stamp-sheet', { items, startSlot: 5 })).toEqual([
      [0, 0, 5],
      [1, 0, 6],
      [2, 0, 7],
      [3, 0, 8],
    ]);
  });

  it('refuses slots that the layout lacks, slots before the start slot, and two items at one slot', () => {
    expect(codeOf(() => where('address-30up', { items: plain(1), startSlot: 31 }))).toBe('PRINT_SLOT_OUT_OF_RANGE');
    expect(codeOf(() => where('address-30up', { items: plain(1), startSlot: 0 }))).toBe('PRINT_SLOT_OUT_OF_RANGE');
    expect(codeOf(() => where('address-30up', { items: [{ ...plain(1)[0]!, slot: 4 }], startSlot: 5 }))).toBe('PRINT_SLOT_OUT_OF_RANGE');
    const twice = plain(2).map((item) => ({ ...item, slot: 3 }));
    expect(codeOf(() => where('address-30up', { items: twice }))).toBe('PRINT_SLOT_CONFLICT');
    expect(codeOf(() => where('single-label', { items: plain(1), startSlot: 1 }))).toBe('PRINT_SLOT_OUT_OF_RANGE');
    expect(codeOf(() => where('single-label', { items: [{ ...plain(1)[0]!, slot: 1 }] }))).toBe('PRINT_SLOT_OUT_OF_RANGE');
  });

  it('prints one item per page on single-slot layouts', () => {
    expect(where('envelope-10', { items: plain(3) })).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [2, 2, 0],
    ]);
    expect(where('thermal-4x6', { items: [{ ...plain(1)[0]!, slot: 0 }, plain(1)[0]!], startSlot: 0 })).toEqual([
      [0, 0, 0],
      [1, 1, 0],
    ]);
  });

  it('refuses an empty job, an oversized one and bytes that are not an indicium', () => {
    expect(codeOf(() => where('single-label', { items: [] }))).toBe('PRINT_JOB_INVALID');
    const many = Array.from({ length: MAX_JOB_ITEMS + 1 }, () => plain(1)[0]!);
    expect(codeOf(() => where('single-label', { items: many }))).toBe('PRINT_JOB_INVALID');
    expect(codeOf(() => where('single-label', { items: [{ indicium: new Uint8Array(116) }] }))).toBe('INDICIUM_LENGTH');
  });
});

describe('registered media', () => {
  it('prints each indicium at the slot its medium field names, whatever the item order', () => {
    const items = [registeredIndicium(7), registeredIndicium(2), registeredIndicium(30)].map((indicium) => ({ indicium }));
    expect(where('address-30up', { items })).toEqual([
      [1, 0, 2],
      [0, 0, 7],
      [2, 0, 30],
    ]);
  });

  it('gives each sheet serial its own page and each single label its own page', () => {
    const items = [registeredIndicium(3, 111n), registeredIndicium(3, 222n), registeredIndicium(4, 111n)].map((indicium) => ({ indicium }));
    expect(where('stamp-sheet', { items })).toEqual([
      [0, 0, 3],
      [2, 0, 4],
      [1, 1, 3],
    ]);
    const labels = [registeredIndicium(0, 111n), registeredIndicium(0, 222n)].map((indicium) => ({ indicium }));
    expect(where('single-label', { items: labels })).toEqual([
      [0, 0, 0],
      [1, 1, 0],
    ]);
  });

  it('refuses any other placement (PRINT_SLOT_MISMATCH)', () => {
    const at7 = { indicium: registeredIndicium(7) };
    expect(codeOf(() => where('address-30up', { items: [{ ...at7, slot: 8 }] }))).toBe('PRINT_SLOT_MISMATCH');
    expect(codeOf(() => where('single-label', { items: [at7] }))).toBe('PRINT_SLOT_MISMATCH');
    expect(codeOf(() => where('envelope-10', { items: [{ indicium: registeredIndicium(0) }] }))).toBe('PRINT_SLOT_MISMATCH');
    expect(codeOf(() => where('address-30up', { items: [{ indicium: registeredIndicium(0) }] }))).toBe('PRINT_SLOT_MISMATCH');
    // The layout's slot count must hold the medium's slot.
    expect(codeOf(() => where('stamp-sheet', { items: [{ indicium: registeredIndicium(21) }] }))).toBe('PRINT_SLOT_MISMATCH');
    expect(where('address-30up', { items: [{ indicium: registeredIndicium(21) }] })).toEqual([[0, 0, 21]]);
  });

  it('refuses a medium slot printed twice, a start slot, and a mix with plain paper', () => {
    const twice = [registeredIndicium(5, 1n, 1), registeredIndicium(5, 1n, 2)].map((indicium) => ({ indicium }));
    expect(codeOf(() => where('stamp-sheet', { items: twice }))).toBe('PRINT_SLOT_CONFLICT');
    expect(codeOf(() => where('stamp-sheet', { items: [{ indicium: registeredIndicium(5) }], startSlot: 5 }))).toBe('PRINT_JOB_INVALID');
    expect(codeOf(() => where('stamp-sheet', { items: [{ indicium: registeredIndicium(5) }, ...plain(1)] }))).toBe('PRINT_JOB_INVALID');
  });
});
