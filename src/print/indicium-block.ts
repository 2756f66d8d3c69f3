// The human-readable block of spec §6 and where the symbol and that block sit inside a slot. Pure:
// fields in, lines and rectangles in points out; the width of text comes from a measure function.
import type { IndiciumFields } from '../core/indicium/fields.js';
import { formatMailingDate } from '../core/mailing-date.js';
import { formatDollars } from '../core/money.js';
import { describeRateCategory } from '../core/rate-category.js';
import { formatZip } from '../core/zip.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { insetRect, mm, ptToMm, type Rect } from './geometry.js';
import type { IndiciumStyle } from './layouts.js';
import { fitText, positionText, type PositionedText, type TextSpec } from './text-fit.js';
import type { TextMeasure } from './text-metrics.js';

/**
 * The smallest module printed, in millimetres: 1/60 in (0.423 mm), about 5 pixels at 300 dpi. Below
 * it office printers blur modules together; above it a 1 in label could not keep its padding.
 */
export const MIN_MODULE_MM = 0.42;
/** Light modules around the symbol; spec §6 asks for at least one, the slot's padding adds to it. */
export const QUIET_ZONE_MODULES = 1;
/** Smallest font of the human-readable block, in points. */
export const MIN_FONT_PT = 5;
/** Modules on each side of the 44×44 symbol that holds 117 bytes. */
export const INDICIUM_SYMBOL_MODULES = 44;
// Module sizes tried from the preferred one down to the minimum, in this step (mm).
const MODULE_STEP_MM = 0.01;
// A text column narrower than this is no use, in points.
const MIN_TEXT_WIDTH_PT = 36;

/** Which field of spec §6 a line shows. */
export type IndiciumLineKey = 'postage' | 'date' | 'rate' | 'originZip' | 'license' | 'psd';

/** One line of the human-readable block. */
export interface IndiciumLine extends TextSpec {
  readonly key: IndiciumLineKey;
}

/** The lines of spec §6, in print order: postage in dollars, date of mailing, rate category, origin ZIP, license number, PSD id. */
export function indiciumLines(fields: IndiciumFields): IndiciumLine[] {
  return [
    { key: 'postage', text: `Postage ${formatDollars(fields.postage)}`, bold: true },
    { key: 'date', text: `Mailed ${formatMailingDate(fields.dateOfMailing)}`, bold: false },
    { key: 'rate', text: describeRateCategory(fields.rateCategory), bold: false },
    { key: 'originZip', text: `From ZIP ${originZipText(fields.originZip)}`, bold: false },
    { key: 'license', text: `License ${fields.licenseNumber}`, bold: false },
    { key: 'psd', text: `PSD ${fields.psdId}`, bold: false },
  ];
}

// A signed indicium may carry an origin ZIP this system would not pack; print it rather than fail.
function originZipText(packed: number): string {
  if (packed === 0) return 'none';
  try {
    return formatZip(packed);
  } catch (err) {
    if (isAppError(err, 'ZIP_INVALID')) return String(packed);
    throw err;
  }
}

/** Where the symbol goes: the top-left corner of its first module and the module size. */
export interface SymbolPlacement {
  readonly x: number;
  readonly y: number;
  readonly moduleSizePt: number;
  readonly quietZoneModules: number;
  /** Side of the modules alone (without quiet zone), in points. */
  readonly sidePt: number;
}

/** The symbol and text of one indicium inside a slot. */
export interface IndiciumPlacement {
  readonly symbol: SymbolPlacement;
  readonly text: readonly PositionedText[];
  readonly fontSizePt: number;
}

/**
 * Places the symbol and its text block inside `slot`: the largest module size up to the layout's
 * preferred one at which the text still fits at MIN_FONT_PT or more, then the largest font at that
 * module size. PRINT_SLOT_TOO_SMALL when not even MIN_MODULE_MM leaves room for the text.
 */
export function placeIndicium(slot: Rect, lines: readonly TextSpec[], style: IndiciumStyle, measure: TextMeasure): IndiciumPlacement {
  const inner = insetRect(slot, style.paddingPt);
  const total = INDICIUM_SYMBOL_MODULES + 2 * QUIET_ZONE_MODULES;
  const steps = Math.round((style.preferredModuleMm - MIN_MODULE_MM) / MODULE_STEP_MM);
  for (let i = 0; i <= Math.max(0, steps); i++) {
    const moduleSizePt = mm(Math.max(MIN_MODULE_MM, style.preferredModuleMm - i * MODULE_STEP_MM));
    const outer = total * moduleSizePt;
    if (outer > inner.height + 1e-9 || outer > inner.width + 1e-9) continue;
    const textBox = textArea(inner, outer, style);
    if (textBox.width < MIN_TEXT_WIDTH_PT || textBox.height <= 0) continue;
    const fitted = fitText(lines, textBox, { maxPt: style.maxFontPt, minPt: MIN_FONT_PT }, measure);
    if (fitted === undefined) continue;
    const quiet = QUIET_ZONE_MODULES * moduleSizePt;
    const symbolLeft = style.textSide === 'right' ? inner.x : inner.x + (inner.width - outer) / 2;
    return {
      symbol: {
        x: symbolLeft + quiet,
        y: inner.y + quiet,
        moduleSizePt,
        quietZoneModules: QUIET_ZONE_MODULES,
        sidePt: INDICIUM_SYMBOL_MODULES * moduleSizePt,
      },
      text: alignText(positionText(fitted, textBox.x, textBox.y), textBox, style, measure),
      fontSizePt: fitted.sizePt,
    };
  }
  throw new AppError(
    'PRINT_SLOT_TOO_SMALL',
    `A slot of ${ptToMm(slot.width).toFixed(1)} mm × ${ptToMm(slot.height).toFixed(1)} mm cannot hold the ${INDICIUM_SYMBOL_MODULES}×${INDICIUM_SYMBOL_MODULES} symbol at ${MIN_MODULE_MM} mm per module and its text at ${MIN_FONT_PT} pt`,
    { widthPt: slot.width, heightPt: slot.height, minModuleMm: MIN_MODULE_MM, minFontPt: MIN_FONT_PT },
  );
}

// Beside the symbol lines are left-aligned; below a centred symbol each line is centred, like a stamp.
function alignText(lines: PositionedText[], box: Rect, style: IndiciumStyle, measure: TextMeasure): PositionedText[] {
  if (style.textSide === 'right') return lines;
  return lines.map((l) => ({ ...l, x: box.x + (box.width - measure(l.text, l.sizePt, l.bold)) / 2 }));
}

// The room left for text beside (or below) a symbol whose quiet-zone square is `outer` points wide.
function textArea(inner: Rect, outer: number, style: IndiciumStyle): Rect {
  if (style.textSide === 'right') {
    const x = inner.x + outer + style.gapPt;
    return { x, y: inner.y, width: inner.x + inner.width - x, height: inner.height };
  }
  const y = inner.y + outer + style.gapPt;
  return { x: inner.x, y, width: inner.width, height: inner.y + inner.height - y };
}
