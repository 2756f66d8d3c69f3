// Splitting stamps into print jobs. A job holds at most MAX_JOB_ITEMS indicia, so a big batch is several
// jobs whose pages are put together into one document: plain-paper jobs end on a page boundary (the next
// starts on a fresh sheet without gaps), and the indicia of one registered sheet stay in one job. Pure.
import { decodeIndicium } from '../../core/indicium/codec.js';
import { unpackMedium } from '../../core/media-serial.js';
import { isSheet, MAX_JOB_ITEMS, type Layout, type PrintDocument, type PrintItem, type PrintJob } from '../../print/index.js';

/** Splits the items into jobs on `layout`; `startSlot` (plain paper) applies to the first job only. */
export function planPrintJobs(layout: Layout, items: readonly PrintItem[], startSlot?: number): PrintJob[] {
  if (items.length <= MAX_JOB_ITEMS) return [{ layout, items, ...(startSlot === undefined ? {} : { startSlot }) }];
  const mediums = items.map((item) => unpackMedium(decodeIndicium(item.indicium).fields.medium));
  if (mediums.every((m) => m === null)) return plainJobs(layout, items, startSlot);
  if (mediums.every((m) => m !== null)) return registeredJobs(layout, items, mediums.map((m) => m!.serial.toString()));
  // Mixed stock: one job says why it cannot be printed (assignSlots refuses it with PRINT_JOB_INVALID).
  return [{ layout, items: items.slice(0, MAX_JOB_ITEMS) }];
}

function plainJobs(layout: Layout, items: readonly PrintItem[], startSlot: number | undefined): PrintJob[] {
  const perPage = isSheet(layout) ? layout.slots.length : 1;
  const numbers = layout.slots.map((s) => s.number);
  const skipped = startSlot === undefined ? 0 : Math.max(0, numbers.indexOf(startSlot));
  // The first job fills its sheets to the last slot; the later ones hold whole sheets.
  const firstSize = Math.floor((MAX_JOB_ITEMS + skipped) / perPage) * perPage - skipped;
  const laterSize = Math.floor(MAX_JOB_ITEMS / perPage) * perPage;
  const jobs: PrintJob[] = [{ layout, items: items.slice(0, firstSize), ...(startSlot === undefined ? {} : { startSlot }) }];
  for (let i = firstSize; i < items.length; i += laterSize) jobs.push({ layout, items: items.slice(i, i + laterSize) });
  return jobs;
}

function registeredJobs(layout: Layout, items: readonly PrintItem[], serials: readonly string[]): PrintJob[] {
  const bySerial = new Map<string, PrintItem[]>();
  items.forEach((item, i) => {
    const group = bySerial.get(serials[i]!) ?? [];
    group.push(item);
    bySerial.set(serials[i]!, group);
  });
  const jobs: PrintItem[][] = [[]];
  for (const group of bySerial.values()) {
    // One serial holds at most 256 slots, so a group always fits a job of its own.
    if (jobs.at(-1)!.length + group.length > MAX_JOB_ITEMS) jobs.push([]);
    jobs.at(-1)!.push(...group);
  }
  return jobs.map((jobItems) => ({ layout, items: jobItems }));
}

/** Puts the documents of consecutive jobs together, pages and placements in order. */
export function mergeDocuments(docs: readonly PrintDocument[]): PrintDocument {
  const first = docs[0];
  if (first === undefined) throw new RangeError('no document to merge');
  let pageOffset = 0;
  let itemOffset = 0;
  const placements: PrintDocument['placements'][number][] = [];
  for (const doc of docs) {
    for (const p of doc.placements) placements.push({ ...p, page: p.page + pageOffset, itemIndex: p.itemIndex + itemOffset });
    pageOffset += doc.pages.length;
    itemOffset += doc.placements.length;
  }
  return { layoutName: first.layoutName, calibration: first.calibration, pages: docs.flatMap((d) => d.pages), placements };
}
