// ZPL II output for thermal label printers: one ^XA…^XZ format per page, positions in printer dots,
// the calibration applied to every coordinate and size. The symbol is either ^BX (the printer encodes
// the bytes, given as ^FH hex escapes) or a ^GF bitmap of the project's own encoding, which pins the
// Base 256 encodation and every module (spec §6) whatever the printer's firmware does.
import { AppError } from '../errors/app-error.js';
import { applyCalibration, type Calibration } from './calibration.js';
import { MM_PER_INCH, PT_PER_INCH } from './geometry.js';
import { MIN_MODULE_MM } from './indicium-block.js';
import type { DrawElement, PageDrawing, PrintDocument, SymbolElement } from './page-drawing.js';
import { ZPL_BX_ESCAPE, ZPL_HEX_INDICATOR, zplDataMatrixField, zplTextField } from './zpl-fields.js';

/** Printer resolutions ZPL printers come in, in dots per millimetre (203, 300 and 600 dpi). */
export type ZplDotsPerMm = 8 | 12 | 24;

/** Options of the ZPL output. */
export interface ZplRenderOptions {
  /** 8 (203 dpi, the default), 12 (300 dpi) or 24 (600 dpi). */
  readonly dotsPerMm?: ZplDotsPerMm;
  /** 'bx' (default): ^BX with the bytes; 'graphic': a ^GFA bitmap of the project's own symbol. */
  readonly symbol?: 'bx' | 'graphic';
}

interface Ctx {
  readonly dotsPerPt: number;
  readonly dotsPerMm: number;
  readonly calibration: Calibration;
  readonly symbol: 'bx' | 'graphic';
}

/** Renders the document as ZPL II, one label format per page. */
export function renderZpl(doc: PrintDocument, options: ZplRenderOptions = {}): string {
  const dotsPerMm = options.dotsPerMm ?? 8;
  if (![8, 12, 24].includes(dotsPerMm)) {
    throw new AppError('INVALID_ARGUMENT', `ZPL printers have 8, 12 or 24 dots per millimetre, not ${dotsPerMm}`, { dotsPerMm });
  }
  const ctx: Ctx = { dotsPerPt: (dotsPerMm * MM_PER_INCH) / PT_PER_INCH, dotsPerMm, calibration: doc.calibration, symbol: options.symbol ?? 'bx' };
  return doc.pages.map((page) => zplPage(page, ctx)).join('');
}

function zplPage(page: PageDrawing, ctx: Ctx): string {
  // Rounded down so that the format never claims more than the label's width and length.
  const lines = [
    '^XA',
    '^CI27',
    `^PW${Math.floor(page.widthPt * ctx.dotsPerPt)}`,
    `^LL${Math.floor(page.heightPt * ctx.dotsPerPt)}`,
    '^LH0,0',
    ...page.elements.map((e) => zplElement(e, ctx)),
    '^XZ',
  ];
  return `${lines.join('\n')}\n`;
}

// A point of the page (top-left origin, points) as printer dots after calibration.
function dots(ctx: Ctx, x: number, y: number): [number, number] {
  const p = applyCalibration(ctx.calibration, { x, y });
  return [Math.round(p.x * ctx.dotsPerPt), Math.round(p.y * ctx.dotsPerPt)];
}

function length(ctx: Ctx, pt: number): number {
  return Math.round(pt * ctx.calibration.scale * ctx.dotsPerPt);
}

function zplElement(element: DrawElement, ctx: Ctx): string {
  switch (element.kind) {
    case 'symbol':
      return zplSymbol(element, ctx);
    case 'text': {
      const [x, y] = dots(ctx, element.x, element.baseline);
      const h = Math.max(1, length(ctx, element.sizePt));
      // ^FT places the text's baseline at (x, y); font 0 is the printer's scalable font.
      return `^FT${x},${y}^A0N,${h},${h}^FH${ZPL_HEX_INDICATOR}^FD${zplTextField(element.text)}^FS`;
    }
    case 'box': {
      const [x, y] = dots(ctx, element.x, element.y);
      const w = Math.max(1, length(ctx, element.width));
      const h = Math.max(1, length(ctx, element.height));
      const t = element.strokePt === undefined ? Math.min(w, h) : Math.max(1, Math.min(w, h, length(ctx, element.strokePt)));
      return `^FO${x},${y}^GB${w},${h},${t},B,0^FS`;
    }
  }
}

// Whole dots per module: the nearest to the placed size, never below MIN_MODULE_MM.
function moduleDots(element: SymbolElement, ctx: Ctx): number {
  const minimum = Math.ceil(MIN_MODULE_MM * ctx.dotsPerMm - 1e-9);
  return Math.max(minimum, length(ctx, element.moduleSizePt));
}

function zplSymbol(element: SymbolElement, ctx: Ctx): string {
  const [x, y] = dots(ctx, element.x, element.y);
  const m = moduleDots(element, ctx);
  const rows = element.modules.length;
  const cols = element.modules[0]?.length ?? 0;
  if (ctx.symbol === 'graphic') return `^FO${x},${y}${graphicField(element.modules, m)}^FS`;
  // ^BXo,h,s,c,r,f,g,a: normal orientation, h dots per module, ECC 200, the symbol's size, the escape character, square.
  return `^FO${x},${y}^BXN,${m},200,${cols},${rows},,${ZPL_BX_ESCAPE},1^FH${ZPL_HEX_INDICATOR}^FD${zplDataMatrixField(element.bytes)}^FS`;
}

/** A ^GFA field drawing the modules (true = dark) at `m` dots per module, 1 bit per dot, rows padded to whole bytes. */
export function graphicField(modules: readonly (readonly boolean[])[], m: number): string {
  const width = (modules[0]?.length ?? 0) * m;
  const bytesPerRow = Math.ceil(width / 8);
  const rows: string[] = [];
  for (const row of modules) {
    const bits = new Uint8Array(bytesPerRow);
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let d = c * m; d < (c + 1) * m; d++) bits[d >> 3]! |= 0x80 >> (d & 7);
    });
    const hex = Buffer.from(bits).toString('hex').toUpperCase();
    for (let i = 0; i < m; i++) rows.push(hex);
  }
  const total = bytesPerRow * rows.length;
  return `^GFA,${total},${total},${bytesPerRow},${rows.join('')}`;
}
