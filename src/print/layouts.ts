// The named print layouts, as data: page size, slot rectangles and the areas of an envelope or
// shipping label, all in points (1/72 in) from the page's top-left corner. Sheets number their
// slots 1..N row by row from the top left (spec §5); a single label, envelope or thermal label has
// one slot, numbered 0 like a single label's medium field.
import { AppError } from '../errors/app-error.js';
import { inches, rectContains, rectsOverlap, type Rect } from './geometry.js';

/** One position on a layout where an indicium prints. */
export interface Slot extends Rect {
  /** 0 for the only slot of a single-slot layout; 1..N on a sheet, row by row from the top left. */
  readonly number: number;
}

/** Distances from the page edges to the printed area, in points. */
export interface Margins {
  readonly topPt: number;
  readonly rightPt: number;
  readonly bottomPt: number;
  readonly leftPt: number;
}

/** How the symbol and its human-readable block sit inside a slot. */
export interface IndiciumStyle {
  /** White space kept between the slot's edges and anything printed, in points. */
  readonly paddingPt: number;
  /** Where the text block goes: to the right of the symbol, or below it (square stamps). */
  readonly textSide: 'right' | 'below';
  /** Space between the symbol's quiet zone and the text, in points. */
  readonly gapPt: number;
  /** Module size the layout asks for when it fits, in millimetres. */
  readonly preferredModuleMm: number;
  /** Largest font size of the text block, in points. */
  readonly maxFontPt: number;
}

/** Where the return and delivery addresses print (envelopes and shipping labels). */
export interface AddressAreas {
  readonly returnAddress: Rect;
  readonly delivery: Rect;
}

/** A named layout of slots on a page. */
export interface Layout {
  readonly name: string;
  readonly description: string;
  readonly widthPt: number;
  readonly heightPt: number;
  /** The page's unprintable or unused border; every slot lies inside it. */
  readonly margins: Margins;
  readonly slots: readonly Slot[];
  readonly indicium: IndiciumStyle;
  /** Whether vendor-registered media (a serial printed on the stock) come in this format. */
  readonly registeredMedia: boolean;
  readonly addressAreas?: AddressAreas;
}

/** A regular grid of equal labels, such as a 30-up address sheet. */
export interface SheetGrid {
  readonly columns: number;
  readonly rows: number;
  readonly labelWidthPt: number;
  readonly labelHeightPt: number;
  /** Left edge of the first column and top edge of the first row. */
  readonly leftPt: number;
  readonly topPt: number;
  /** Distance from one label's left (top) edge to the next one's. */
  readonly pitchXPt: number;
  readonly pitchYPt: number;
}

/** The slots of a grid, numbered 1..columns*rows row by row from the top left (spec §5). */
export function gridSlots(grid: SheetGrid): Slot[] {
  const slots: Slot[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      slots.push({
        number: row * grid.columns + column + 1,
        x: grid.leftPt + column * grid.pitchXPt,
        y: grid.topPt + row * grid.pitchYPt,
        width: grid.labelWidthPt,
        height: grid.labelHeightPt,
      });
    }
  }
  return slots;
}

/** True when the layout is a sheet (slots 1..N) rather than a single label, envelope or thermal label (slot 0). */
export function isSheet(layout: Layout): boolean {
  return layout.slots[0]?.number === 1;
}

/** The slot with that number, or undefined when the layout has none. */
export function findSlot(layout: Layout, number: number): Slot | undefined {
  return layout.slots.find((s) => s.number === number);
}

const LABEL_STYLE: IndiciumStyle = { paddingPt: 6, textSide: 'right', gapPt: 4, preferredModuleMm: 0.5, maxFontPt: 7 };

const US_LETTER = { widthPt: inches(8.5), heightPt: inches(11) };

/** DYMO 30334-size multipurpose label, 2-1/4 in × 1-1/4 in, fed one at a time. */
const singleLabel: Layout = {
  name: 'single-label',
  description: 'One 2-1/4 in × 1-1/4 in label (DYMO 30334 size), slot 0',
  widthPt: inches(2.25),
  heightPt: inches(1.25),
  margins: { topPt: 0, rightPt: 0, bottomPt: 0, leftPt: 0 },
  slots: [{ number: 0, x: 0, y: 0, width: inches(2.25), height: inches(1.25) }],
  indicium: LABEL_STYLE,
  registeredMedia: true,
};

/**
 * The standard 30-up address sheet (Avery 5160 geometry): 3 columns × 10 rows of 2-5/8 in × 1 in
 * labels, 1/2 in top and bottom margins, 3/16 in side margins, 1/8 in between columns.
 */
const address30up: Layout = {
  name: 'address-30up',
  description: 'US Letter sheet of 30 labels, 3 × 10 of 2-5/8 in × 1 in (Avery 5160 geometry), slots 1-30',
  ...US_LETTER,
  margins: { topPt: inches(0.5), rightPt: inches(0.1875), bottomPt: inches(0.5), leftPt: inches(0.1875) },
  slots: gridSlots({
    columns: 3,
    rows: 10,
    labelWidthPt: inches(2.625),
    labelHeightPt: inches(1),
    leftPt: inches(0.1875),
    topPt: inches(0.5),
    pitchXPt: inches(2.75),
    pitchYPt: inches(1),
  }),
  // 1 in tall: 4 pt of padding leaves 64 pt for 46 modules, 1.39 pt (0.49 mm) each.
  indicium: { ...LABEL_STYLE, paddingPt: 4, preferredModuleMm: 0.5, maxFontPt: 7 },
  registeredMedia: true,
};

/** A sheet of 20 square stamps, 4 × 5 of 2 in × 2 in, text below the symbol. */
const stampSheet: Layout = {
  name: 'stamp-sheet',
  description: 'US Letter sheet of 20 stamps, 4 × 5 of 2 in × 2 in, slots 1-20',
  ...US_LETTER,
  margins: { topPt: inches(0.5), rightPt: inches(0.25), bottomPt: inches(0.5), leftPt: inches(0.25) },
  slots: gridSlots({
    columns: 4,
    rows: 5,
    labelWidthPt: inches(2),
    labelHeightPt: inches(2),
    leftPt: inches(0.25),
    topPt: inches(0.5),
    pitchXPt: inches(2),
    pitchYPt: inches(2),
  }),
  indicium: { paddingPt: 9, textSide: 'below', gapPt: 4, preferredModuleMm: 0.5, maxFontPt: 8 },
  registeredMedia: true,
};

/** A 4 in × 6 in direct-thermal shipping label: indicium band at the top, then the addresses. */
const thermal4x6: Layout = {
  name: 'thermal-4x6',
  description: '4 in × 6 in thermal shipping label: indicium at the top (slot 0), return and delivery addresses below',
  widthPt: inches(4),
  heightPt: inches(6),
  margins: { topPt: inches(0.25), rightPt: inches(0.25), bottomPt: inches(0.25), leftPt: inches(0.25) },
  slots: [{ number: 0, x: inches(0.25), y: inches(0.25), width: inches(3.5), height: inches(1.5) }],
  // 0.75 mm is a whole 6 dots at 203 dpi (8 dots/mm), the resolution of most thermal printers.
  indicium: { paddingPt: 4, textSide: 'right', gapPt: 8, preferredModuleMm: 0.75, maxFontPt: 9 },
  registeredMedia: true,
  addressAreas: {
    returnAddress: { x: inches(0.25), y: inches(2), width: inches(3.5), height: inches(1) },
    delivery: { x: inches(0.5), y: inches(3.5), width: inches(3), height: inches(1.75) },
  },
};

/**
 * A No. 10 business envelope, 9-1/2 in × 4-1/8 in: return address upper left, indicium upper right,
 * delivery address centred above the 5/8 in barcode clear zone at the bottom edge.
 */
const envelope10: Layout = {
  name: 'envelope-10',
  description: 'No. 10 envelope, 9-1/2 in × 4-1/8 in: indicium upper right (slot 0), return address upper left, delivery address centred',
  widthPt: inches(9.5),
  heightPt: inches(4.125),
  margins: { topPt: inches(0.25), rightPt: inches(0.25), bottomPt: inches(0.625), leftPt: inches(0.375) },
  slots: [{ number: 0, x: inches(9.5 - 0.25 - 3.25), y: inches(0.25), width: inches(3.25), height: inches(1.25) }],
  indicium: { paddingPt: 4, textSide: 'right', gapPt: 6, preferredModuleMm: 0.5, maxFontPt: 8 },
  // Envelopes carry no vendor serial: medium 0 means "plain paper or an envelope" (spec §2).
  registeredMedia: false,
  addressAreas: {
    returnAddress: { x: inches(0.375), y: inches(0.375), width: inches(3.25), height: inches(1.125) },
    delivery: { x: inches(2.75), y: inches(1.625), width: inches(4), height: inches(1.5) },
  },
};

/** Every built-in layout by name. */
export const LAYOUTS: Readonly<Record<string, Layout>> = Object.freeze(
  Object.fromEntries([singleLabel, address30up, stampSheet, thermal4x6, envelope10].map((l) => [l.name, Object.freeze(l)])),
);

/** The names of the built-in layouts. */
export function layoutNames(): string[] {
  return Object.keys(LAYOUTS);
}

/** The built-in layout with that name (PRINT_LAYOUT_UNKNOWN otherwise), or a custom layout after validation. */
export function resolveLayout(layout: string | Layout): Layout {
  if (typeof layout !== 'string') return validateLayout(layout);
  const found = Object.hasOwn(LAYOUTS, layout) ? LAYOUTS[layout] : undefined;
  if (found === undefined) {
    throw new AppError('PRINT_LAYOUT_UNKNOWN', `No layout is called ${JSON.stringify(layout)}; known: ${layoutNames().join(', ')}`, { layout });
  }
  return found;
}

/**
 * Checks a layout's invariants and returns it: slots numbered 0 alone or 1..N in order, inside the
 * page's margins, not overlapping, address areas on the page (PRINT_JOB_INVALID listing every problem).
 */
export function validateLayout(layout: Layout): Layout {
  const problems: string[] = [];
  const page: Rect = { x: 0, y: 0, width: layout.widthPt, height: layout.heightPt };
  const m = layout.margins;
  const printable: Rect = { x: m.leftPt, y: m.topPt, width: layout.widthPt - m.leftPt - m.rightPt, height: layout.heightPt - m.topPt - m.bottomPt };
  if (!(layout.widthPt > 0 && layout.heightPt > 0)) problems.push('the page size must be positive');
  if (layout.slots.length === 0) problems.push('the layout has no slot');
  const single = layout.slots.length === 1 && layout.slots[0]?.number === 0;
  layout.slots.forEach((slot, i) => {
    if (!single && slot.number !== i + 1) problems.push(`slot ${i + 1} is numbered ${slot.number}`);
    if (!(slot.width > 0 && slot.height > 0)) problems.push(`slot ${slot.number} has no area`);
    if (!rectContains(printable, slot)) problems.push(`slot ${slot.number} lies outside the margins`);
    layout.slots.slice(i + 1).forEach((other) => {
      if (rectsOverlap(slot, other)) problems.push(`slots ${slot.number} and ${other.number} overlap`);
    });
  });
  for (const [name, area] of Object.entries(layout.addressAreas ?? {})) {
    if (!rectContains(page, area)) problems.push(`the ${name} area lies outside the page`);
  }
  if (layout.addressAreas !== undefined && !single) problems.push('address areas need a single-slot layout');
  if (problems.length > 0) {
    throw new AppError('PRINT_JOB_INVALID', `Layout ${layout.name}: ${problems.join('; ')}`, { layout: layout.name, problems });
  }
  return layout;
}
