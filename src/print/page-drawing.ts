// What a renderer draws: pages of simple elements in points from the page's top-left corner (y down).
// Composition (which symbol and text go where) is pure and shared; PDF, SVG, PNG and ZPL only
// translate these elements, so that every output puts every element at the same place.
import type { Calibration } from './calibration.js';
import type { Rect } from './geometry.js';

/** A module matrix, true = dark. */
export type Modules = readonly (readonly boolean[])[];

/** A Data Matrix symbol: (x, y) is the top-left corner of its first module. */
export interface SymbolElement {
  readonly kind: 'symbol';
  /** The bytes the symbol carries (ZPL's ^BX encodes them itself). */
  readonly bytes: Buffer;
  readonly modules: Modules;
  readonly x: number;
  readonly y: number;
  readonly moduleSizePt: number;
  /** Light modules painted white around the symbol. */
  readonly quietZoneModules: number;
}

/** One line of text, left-aligned at x, on the baseline y, in Helvetica (bold or regular). */
export interface TextElement {
  readonly kind: 'text';
  readonly text: string;
  readonly x: number;
  readonly baseline: number;
  readonly sizePt: number;
  readonly bold: boolean;
}

/** A black rectangle: filled, or outlined with a stroke of `strokePt` drawn inside its edges. */
export interface BoxElement extends Rect {
  readonly kind: 'box';
  readonly strokePt?: number;
}

/** Anything a page holds. */
export type DrawElement = SymbolElement | TextElement | BoxElement;

/** One page: its size and its elements, drawn in order. */
export interface PageDrawing {
  readonly widthPt: number;
  readonly heightPt: number;
  readonly elements: readonly DrawElement[];
}

/** Where one indicium of the job went. */
export interface PlacedIndicium {
  /** Index of the item in the job. */
  readonly itemIndex: number;
  /** Index of the page in the document (0 = first). */
  readonly page: number;
  readonly slot: number;
  /** The slot's rectangle on its page (before calibration). */
  readonly slotRect: Rect;
  readonly symbol: SymbolElement;
}

/** A composed document, ready for any renderer. */
export interface PrintDocument {
  readonly layoutName: string;
  readonly pages: readonly PageDrawing[];
  /** Applied by every renderer to everything it draws. */
  readonly calibration: Calibration;
  readonly placements: readonly PlacedIndicium[];
}
