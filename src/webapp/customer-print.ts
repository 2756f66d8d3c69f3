// Printing from the browser: what a print preview or a PDF of an account's stamps is made of. Pure:
// stamps (their indicium bytes) and a layout in, a print job, the page stylesheet and the sheet picture
// out. The geometry comes from src/print's layouts and composition, so the browser's page, the PDF and
// the command line put the symbol at the same place of the same slot.
import { decodeIndicium } from '../core/indicium/codec.js';
import { formatMediumSerial, unpackMedium } from '../core/media-serial.js';
import { indiciumLines, isSheet, PT_PER_INCH, resolveLayout, type Layout, type PrintJob } from '../print/index.js';
import { webappError } from './webapp-error.js';

/** One stamp to print: its id and the 117 indicium bytes. */
export interface PrintableStamp {
  readonly id: string;
  readonly indicium: Uint8Array;
}

/** What the customer asked to print on. */
export interface PrintChoice {
  /** A layout name; for stamps bought for a registered medium, the medium's layout when not given. */
  readonly layout?: string;
  /** First slot of a sheet for plain-paper stamps (the first slot of a partly used sheet). */
  readonly startSlot?: number;
}

/** The registered medium a stamp was bought for, as printed on the stock, or null for plain paper. */
export function mediumOfStamp(indicium: Uint8Array): { readonly serial: string; readonly slot: number } | null {
  const ref = unpackMedium(decodeIndicium(indicium).fields.medium);
  return ref === null ? null : { serial: formatMediumSerial(ref.serial), slot: ref.slot };
}

/**
 * The print job of `stamps` on the chosen layout. Stamps for a registered medium print at their own
 * slot (src/print refuses any other); plain-paper stamps fill the sheet from `startSlot`.
 * PRINT_CHOICE_INVALID when the stamps mix plain paper and media or the start slot is not a slot.
 */
export function printJobOf(stamps: readonly PrintableStamp[], layout: Layout, choice: PrintChoice): PrintJob {
  if (stamps.length === 0) throw webappError('PRINT_CHOICE_INVALID', 'There is no stamp to print');
  const registered = stamps.filter((s) => mediumOfStamp(s.indicium) !== null).length;
  if (registered > 0 && registered < stamps.length) {
    throw webappError('PRINT_CHOICE_INVALID', 'These stamps mix plain paper with labels or sheets; print each stamp on its own', { registered, plain: stamps.length - registered });
  }
  if (choice.startSlot !== undefined) {
    if (registered > 0) throw webappError('PRINT_CHOICE_INVALID', 'A stamp bought for a label or sheet prints at its own slot; leave the start slot out', { startSlot: choice.startSlot });
    if (!isSheet(layout) && choice.startSlot !== 0) {
      throw webappError('PRINT_CHOICE_INVALID', `Layout ${layout.name} has one place only (slot 0), not slot ${choice.startSlot}`, { startSlot: choice.startSlot });
    }
    if (isSheet(layout) && !layout.slots.some((s) => s.number === choice.startSlot)) {
      throw webappError('PRINT_CHOICE_INVALID', `Layout ${layout.name} has slots 1 to ${layout.slots.length}, not ${choice.startSlot}`, { startSlot: choice.startSlot });
    }
  }
  return {
    layout: layout.name,
    items: stamps.map((s) => ({ indicium: s.indicium })),
    ...(choice.startSlot !== undefined && isSheet(layout) ? { startSlot: choice.startSlot } : {}),
  };
}

/** The layout named, or the layout to use when none is named: the medium's, else a single label. */
export function chooseLayout(name: string | undefined, mediumLayout: string | null): Layout {
  return resolveLayout(name ?? mediumLayout ?? 'single-label');
}

/** A length in points as CSS inches, short and exact enough (1/1000 pt). */
function cssInches(pt: number): string {
  return `${Number((pt / PT_PER_INCH).toFixed(5))}in`;
}

/**
 * The stylesheet of a print preview on `layout`: the page is the medium (`@page size`, no margin),
 * and each sheet of the preview is exactly that size, so that printing from the browser puts every
 * element where the PDF has it. Served from this server because the CSP allows no inline style.
 */
export function printPageCss(layout: Layout): string {
  const w = cssInches(layout.widthPt);
  const h = cssInches(layout.heightPt);
  return `/* Print preview of ${layout.name}: ${layout.description} */
@page {
  size: ${w} ${h};
  margin: 0;
}

.print-sheet {
  width: ${w};
  height: ${h};
}
`;
}

/** A slot of the sheet picture, as fractions of the page (0..1) so that the picture scales to any screen. */
export interface SheetPictureSlot {
  readonly slot: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The geometry the buy page draws a medium with: page size in inches, slot rectangles as fractions. */
export interface SheetPicture {
  readonly layout: string;
  readonly description: string;
  readonly widthIn: number;
  readonly heightIn: number;
  readonly columns: number;
  readonly slots: readonly SheetPictureSlot[];
}

/** The picture of `layout` for the buy page (data, not markup: the script draws the buttons). */
export function sheetPicture(layout: Layout): SheetPicture {
  const round = (n: number): number => Number(n.toFixed(5));
  return {
    layout: layout.name,
    description: layout.description,
    widthIn: round(layout.widthPt / PT_PER_INCH),
    heightIn: round(layout.heightPt / PT_PER_INCH),
    columns: new Set(layout.slots.map((s) => s.x)).size,
    slots: layout.slots.map((s) => ({
      slot: s.number,
      left: round(s.x / layout.widthPt),
      top: round(s.y / layout.heightPt),
      width: round(s.width / layout.widthPt),
      height: round(s.height / layout.heightPt),
    })),
  };
}

/** The human-readable block of spec §6 of one stamp, as text lines (what src/print prints beside the symbol). */
export function humanReadableLines(indicium: Uint8Array): string[] {
  return indiciumLines(decodeIndicium(indicium).fields).map((l) => l.text);
}
