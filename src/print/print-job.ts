// A print job and where its indicia go: which page and which slot. Pure. Plain-paper indicia fill free
// slots from the start slot and flow onto further pages; an indicium made for a registered medium
// (medium field = serial << 8 | slot, spec §5) prints only at its own slot of its own sheet.
import { decodeIndicium } from '../core/indicium/codec.js';
import type { IndiciumFields } from '../core/indicium/fields.js';
import { formatMediumSerial, MAX_MEDIUM_SERIAL, unpackMedium, type MediumRef } from '../core/media-serial.js';
import { AppError } from '../errors/app-error.js';
import type { Calibration } from './calibration.js';
import { findSlot, isSheet, type Layout } from './layouts.js';

/** Return and delivery addresses, one string per printed line. */
export interface Addresses {
  readonly returnAddress?: readonly string[];
  readonly delivery?: readonly string[];
}

/** One indicium to print. */
export interface PrintItem {
  /** The 117 bytes of the indicium. */
  readonly indicium: Uint8Array;
  /** Where to print it; plain paper only on page 1 of a sheet, or the medium's own slot. */
  readonly slot?: number;
  /** Addresses for this item's envelope or shipping label; the job's addresses otherwise. */
  readonly addresses?: Addresses;
}

/** What to print, on which layout, with which printer correction. */
export interface PrintJob {
  /** A built-in layout name or a custom layout. */
  readonly layout: string | Layout;
  readonly items: readonly PrintItem[];
  /** First free slot of the partly used sheet in the printer (plain paper only); the sheet's first slot by default. */
  readonly startSlot?: number;
  readonly calibration?: Calibration;
  /** Addresses for every item that has none of its own (layouts with address areas only). */
  readonly addresses?: Addresses;
}

/** The most items one job may hold, which bounds the work and the size of the document. */
export const MAX_JOB_ITEMS = 1000;

/** One item placed at a slot of a page. */
export interface SlotAssignment {
  readonly itemIndex: number;
  readonly page: number;
  readonly slot: number;
  readonly fields: IndiciumFields;
}

interface DecodedItem {
  readonly index: number;
  readonly fields: IndiciumFields;
  readonly medium: MediumRef | null;
  readonly slot: number | undefined;
}

/** Decides the page and slot of every item, sorted by page then slot (PRINT_JOB_INVALID, PRINT_SLOT_*, or the codec's errors). */
export function assignSlots(layout: Layout, job: PrintJob): SlotAssignment[] {
  if (!Array.isArray(job.items) || job.items.length === 0 || job.items.length > MAX_JOB_ITEMS) {
    throw new AppError('PRINT_JOB_INVALID', `A job holds 1 to ${MAX_JOB_ITEMS} indicia, not ${Array.isArray(job.items) ? job.items.length : 'none'}`);
  }
  const items: DecodedItem[] = job.items.map((item, index) => {
    const { fields } = decodeIndicium(item.indicium);
    return { index, fields, medium: unpackMedium(fields.medium), slot: item.slot };
  });
  const registered = items.filter((i) => i.medium !== null);
  if (registered.length === 0) return assignPlain(layout, items, job.startSlot);
  if (registered.length !== items.length) {
    throw new AppError('PRINT_JOB_INVALID', 'The job mixes indicia for plain paper with indicia for registered media; print them as separate jobs on their own stock', {
      plain: items.length - registered.length,
      registered: registered.length,
    });
  }
  if (job.startSlot !== undefined) {
    throw new AppError('PRINT_JOB_INVALID', 'A start slot applies to plain paper; on a registered medium each indicium prints at the slot of its medium field', {
      startSlot: job.startSlot,
    });
  }
  return assignRegistered(layout, items);
}

function describeRef(ref: MediumRef): string {
  const serial = ref.serial >= 1n && ref.serial <= MAX_MEDIUM_SERIAL ? formatMediumSerial(ref.serial) : `serial ${ref.serial}`;
  return ref.slot === 0 ? `single label ${serial}` : `slot ${ref.slot} of sheet ${serial}`;
}

// Registered media: one page per sheet serial (in order of first appearance), or per single label.
function assignRegistered(layout: Layout, items: readonly DecodedItem[]): SlotAssignment[] {
  const pages = new Map<string, number>();
  const taken = new Set<string>();
  const out = items.map((item): SlotAssignment => {
    const ref = item.medium!;
    const where = describeRef(ref);
    const details = { item: item.index, serial: ref.serial.toString(), slot: ref.slot, layout: layout.name };
    if (!layout.registeredMedia) {
      throw new AppError('PRINT_SLOT_MISMATCH', `Item ${item.index} was made for ${where}, and layout ${layout.name} is not a registered medium`, details);
    }
    if (findSlot(layout, ref.slot) === undefined) {
      const has = isSheet(layout) ? `slots 1 to ${layout.slots.length}` : 'only slot 0 (a single label)';
      throw new AppError('PRINT_SLOT_MISMATCH', `Item ${item.index} was made for ${where}, but layout ${layout.name} has ${has}`, details);
    }
    if (item.slot !== undefined && item.slot !== ref.slot) {
      throw new AppError('PRINT_SLOT_MISMATCH', `Item ${item.index} was made for ${where} and cannot print at slot ${item.slot}`, { ...details, requested: item.slot });
    }
    const key = `${ref.serial}/${ref.slot}`;
    if (taken.has(key)) throw new AppError('PRINT_SLOT_CONFLICT', `Two items of the job were made for ${where}`, details);
    taken.add(key);
    // A sheet's indicia share its page; every single label is its own page.
    const pageKey = isSheet(layout) ? ref.serial.toString() : key;
    if (!pages.has(pageKey)) pages.set(pageKey, pages.size);
    return { itemIndex: item.index, page: pages.get(pageKey)!, slot: ref.slot, fields: item.fields };
  });
  return out.sort(byPageAndSlot);
}

function byPageAndSlot(a: SlotAssignment, b: SlotAssignment): number {
  return a.page - b.page || a.slot - b.slot;
}

// Plain paper: explicit slots on page 1, then the rest from the start slot onwards, flowing to new pages.
function assignPlain(layout: Layout, items: readonly DecodedItem[], startSlot: number | undefined): SlotAssignment[] {
  const numbers = layout.slots.map((s) => s.number);
  const first = numbers[0]!;
  const start = startSlot ?? first;
  const range = isSheet(layout) ? `1 to ${numbers.length}` : '0';
  if (!numbers.includes(start)) {
    throw new AppError('PRINT_SLOT_OUT_OF_RANGE', `Start slot ${start} is not on layout ${layout.name}, which has slot ${range}`, { startSlot: start, layout: layout.name });
  }
  const out: SlotAssignment[] = [];
  const usedOnFirstPage = new Set<number>();
  for (const item of items) {
    if (item.slot === undefined) continue;
    if (!numbers.includes(item.slot)) {
      throw new AppError('PRINT_SLOT_OUT_OF_RANGE', `Item ${item.index} asks for slot ${item.slot}; layout ${layout.name} has slot ${range}`, { item: item.index, slot: item.slot });
    }
    if (item.slot < start) {
      throw new AppError('PRINT_SLOT_OUT_OF_RANGE', `Item ${item.index} asks for slot ${item.slot}, before the start slot ${start} (those slots are used)`, { item: item.index, slot: item.slot, startSlot: start });
    }
    // A single-slot layout prints one item per page: an explicit slot 0 is fine, the flow places it.
    if (!isSheet(layout)) continue;
    if (usedOnFirstPage.has(item.slot)) throw new AppError('PRINT_SLOT_CONFLICT', `Two items of the job ask for slot ${item.slot}`, { slot: item.slot });
    usedOnFirstPage.add(item.slot);
    out.push({ itemIndex: item.index, page: 0, slot: item.slot, fields: item.fields });
  }
  let page = 0;
  let cursor = numbers.indexOf(start);
  for (const item of items) {
    if (item.slot !== undefined && isSheet(layout)) continue;
    while (page === 0 && cursor < numbers.length && usedOnFirstPage.has(numbers[cursor]!)) cursor++;
    if (cursor >= numbers.length) {
      page++;
      cursor = 0;
    }
    out.push({ itemIndex: item.index, page, slot: numbers[cursor]!, fields: item.fields });
    cursor++;
  }
  return out.sort(byPageAndSlot);
}
