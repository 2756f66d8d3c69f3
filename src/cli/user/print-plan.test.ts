import { describe, expect, it } from 'vitest';
import { assembleIndicium } from '../../core/indicium/codec.js';
import { decodeIndicium } from '../../core/indicium/codec.js';
import { packMedium } from '../../core/media-serial.js';
import { assignSlots, composePrintJob, MAX_JOB_ITEMS, resolveLayout, type PrintItem } from '../../print/index.js';
import { mergeDocuments, planPrintJobs } from './print-plan.js';

function item(pieceCount: number, medium = 0n): PrintItem {
  const fields = {
    version: 1, algorithm: 1 as const, licenseNumber: 40001234, certificateSerial: 7, psdId: 3, pieceCount, ascendingRegister: 740n * BigInt(pieceCount),
    descendingRegister: 1_000_000n, postage: 740n, dateOfMailing: 9824, originZip: 941070001, destinationZip: 0, rateCategory: 1, medium, softwareId: 1,
  };
  return { indicium: assembleIndicium(fields, new Uint8Array(64)) };
}

const pieceOf = (i: PrintItem): number => decodeIndicium(i.indicium).fields.pieceCount;

describe('planPrintJobs', () => {
  it('keeps up to 1000 stamps in one job', () => {
    const layout = resolveLayout('address-30up');
    const items = Array.from({ length: MAX_JOB_ITEMS }, (_, i) => item(i + 1));
    expect(planPrintJobs(layout, items, 7)).toEqual([{ layout, items, startSlot: 7 }]);
  });

  it('splits plain paper at sheet boundaries so that the pages run on without a gap', () => {
    const layout = resolveLayout('address-30up');
    const items = Array.from({ length: 2500 }, (_, i) => item(i + 1));
    const jobs = planPrintJobs(layout, items, 11);
    expect(jobs.map((j) => [j.items.length, j.startSlot])).toEqual([[980, 11], [990, undefined], [530, undefined]]);
    expect(jobs.flatMap((j) => j.items).map(pieceOf)).toEqual(items.map(pieceOf));
    // Every job but the last ends on the last slot of a sheet; the next starts on slot 1 of a new one.
    let pageOffset = 0;
    const positions: number[] = [];
    for (const job of jobs) {
      const slots = assignSlots(layout, job);
      for (const a of slots) positions.push((a.page + pageOffset) * 30 + a.slot - 1);
      pageOffset += Math.max(...slots.map((a) => a.page)) + 1;
    }
    expect(positions).toEqual(Array.from({ length: 2500 }, (_, i) => i + 10));
  });

  it('splits single-slot layouts into jobs of 1000', () => {
    const layout = resolveLayout('single-label');
    const jobs = planPrintJobs(layout, Array.from({ length: 2001 }, (_, i) => item(i + 1)));
    expect(jobs.map((j) => j.items.length)).toEqual([1000, 1000, 1]);
  });

  it('never splits the stamps of one registered sheet between jobs', () => {
    const layout = resolveLayout('stamp-sheet');
    const items = Array.from({ length: 60 * 20 }, (_, i) => item(i + 1, packMedium(202611240000n + BigInt(Math.floor(i / 20)), (i % 20) + 1)));
    const jobs = planPrintJobs(layout, items);
    expect(jobs.map((j) => j.items.length)).toEqual([1000, 200]);
    const serialsOf = (j: (typeof jobs)[number]) => new Set(j.items.map((i) => decodeIndicium(i.indicium).fields.medium >> 8n));
    const [a, b] = jobs.map(serialsOf);
    expect([...a!].filter((s) => b!.has(s))).toEqual([]);
    for (const job of jobs) expect(() => assignSlots(layout, job)).not.toThrow();
  });
});

describe('mergeDocuments', () => {
  it('puts the pages and placements of consecutive jobs together', () => {
    const layout = resolveLayout('single-label');
    const a = composePrintJob({ layout, items: [item(1), item(2)] });
    const b = composePrintJob({ layout, items: [item(3)] });
    const merged = mergeDocuments([a, b]);
    expect(merged.pages).toEqual([...a.pages, ...b.pages]);
    expect(merged.placements.map((p) => [p.itemIndex, p.page])).toEqual([[0, 0], [1, 1], [2, 2]]);
    expect(() => mergeDocuments([])).toThrow(RangeError);
  });
});
