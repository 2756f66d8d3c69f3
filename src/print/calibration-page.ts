// The calibration test page: two crosshairs at known positions (A near the top-left corner, B near the
// bottom-right), millimetre rulers counted from the paper edges, a square of known size and
// instructions. The user measures where A and B landed; calibrationFromMeasurements does the rest.
import { IDENTITY_CALIBRATION, validateCalibration, type Calibration, type Point } from './calibration.js';
import { ptToMm, mm, type Rect } from './geometry.js';
import { resolveLayout, type Layout } from './layouts.js';
import type { DrawElement, PrintDocument, TextElement } from './page-drawing.js';
import { fitText, positionText } from './text-fit.js';
import { helveticaMeasure, type TextMeasure } from './text-metrics.js';

/** Where the marks of a calibration page are, in points from the page's top-left corner. */
export interface CalibrationTargets {
  /** Centre of crosshair A. */
  readonly a: Point;
  /** Centre of crosshair B. */
  readonly b: Point;
  /** The square whose sides show the scale: 1 in, or 1/2 in on pages under 3 in. */
  readonly square: Rect;
}

// Thin enough to measure to a fraction of a millimetre, thick enough for any printer (about 0.18 mm).
const HAIRLINE_PT = 0.5;
const RULER_STROKE_PT = 0.35;
// Positions snap to 1/8 in so that every target is a round number in inches.
const EIGHTH_INCH_PT = 9;

/** The crosshairs and square for a page of that size: A and B 1 in from the corners (less on small labels). */
export function calibrationTargets(widthPt: number, heightPt: number): CalibrationTargets {
  const inset = Math.min(72, Math.floor(Math.min(widthPt, heightPt) / 4 / EIGHTH_INCH_PT) * EIGHTH_INCH_PT);
  const side = Math.min(widthPt, heightPt) >= 216 ? 72 : 36;
  return {
    a: { x: inset, y: inset },
    b: { x: widthPt - inset, y: heightPt - inset },
    square: { x: (widthPt - side) / 2, y: (heightPt - side) / 2, width: side, height: side },
  };
}

/** The calibration test page for a layout's page size, drawn with `calibration` applied (identity by default, to measure). */
export function composeCalibrationPage(layout: string | Layout, calibration: Calibration = IDENTITY_CALIBRATION, measure: TextMeasure = helveticaMeasure): PrintDocument {
  const resolved = resolveLayout(layout);
  const { widthPt: w, heightPt: h } = resolved;
  const targets = calibrationTargets(w, h);
  const arm = Math.min(18, targets.a.x * 0.8);
  const elements: DrawElement[] = [
    ...rulers(w, h, targets.a.x / 2),
    ...crosshair(targets.a, arm, 'A'),
    ...crosshair(targets.b, arm, 'B'),
    { kind: 'box', ...targets.square, strokePt: HAIRLINE_PT },
    ...instructions(resolved, targets, calibration, measure),
  ];
  return {
    layoutName: resolved.name,
    pages: [{ widthPt: w, heightPt: h, elements }],
    calibration: validateCalibration(calibration),
    placements: [],
  };
}

function crosshair(c: Point, arm: number, label: string): DrawElement[] {
  const t = HAIRLINE_PT;
  return [
    { kind: 'box', x: c.x - arm, y: c.y - t / 2, width: 2 * arm, height: t },
    { kind: 'box', x: c.x - t / 2, y: c.y - arm, width: t, height: 2 * arm },
    { kind: 'text', text: label, x: c.x + 2, baseline: c.y - 2, sizePt: Math.max(4, arm / 2), bold: true },
  ];
}

// A ruler along the top at y = offset and one down the left at x = offset, ticks every millimetre from
// the paper edge (longer every 5 mm, numbered every 10 mm in centimetres).
function rulers(w: number, h: number, offset: number): DrawElement[] {
  const out: DrawElement[] = [
    { kind: 'box', x: 0, y: offset - RULER_STROKE_PT / 2, width: w, height: RULER_STROKE_PT },
    { kind: 'box', x: offset - RULER_STROKE_PT / 2, y: 0, width: RULER_STROKE_PT, height: h },
  ];
  const labelPt = Math.min(5, offset / 3);
  const tick = (n: number): number => (n % 10 === 0 ? 2.5 : n % 5 === 0 ? 1.8 : 1) * Math.min(2, offset / 6);
  for (let n = 1; mm(n) < w; n++) {
    out.push({ kind: 'box', x: mm(n) - RULER_STROKE_PT / 2, y: offset, width: RULER_STROKE_PT, height: tick(n) });
    if (n % 10 === 0) out.push({ kind: 'text', text: String(n / 10), x: mm(n) + 0.8, baseline: offset + tick(n) + labelPt, sizePt: labelPt, bold: false });
  }
  for (let n = 1; mm(n) < h; n++) {
    out.push({ kind: 'box', x: offset, y: mm(n) - RULER_STROKE_PT / 2, width: tick(n), height: RULER_STROKE_PT });
    if (n % 10 === 0) out.push({ kind: 'text', text: String(n / 10), x: offset + tick(n) + 0.8, baseline: mm(n) + labelPt / 2, sizePt: labelPt, bold: false });
  }
  return out;
}

function instructions(layout: Layout, t: CalibrationTargets, calibration: Calibration, measure: TextMeasure): TextElement[] {
  const f = (pt: number): string => ptToMm(pt).toFixed(1);
  const lines = [
    { text: `Printer calibration page for ${layout.name}: print at 100 % (no "fit to page").`, bold: true },
    { text: `Crosshair A should be ${f(t.a.x)} mm from the left edge and ${f(t.a.y)} mm from the top edge of the paper.`, bold: false },
    { text: `Crosshair B should be ${f(t.b.x)} mm from the left edge and ${f(t.b.y)} mm from the top edge.`, bold: false },
    { text: `Measure both to the centre of the cross, then enter the four distances to save the calibration.`, bold: false },
    { text: `The square measures ${f(t.square.width)} mm; the rulers count centimetres from the paper edges.`, bold: false },
  ];
  const { dxPt, dyPt, scale } = calibration;
  if (dxPt !== 0 || dyPt !== 0 || scale !== 1) {
    lines.push({ text: `Printed with calibration dx ${dxPt} pt, dy ${dyPt} pt, scale ${scale}: the marks should now measure exactly.`, bold: false });
  }
  // Between the square and crosshair B, clear of both crosshairs' arms.
  const top = t.square.y + t.square.height + 6;
  const box = { x: t.a.x + 20, y: top, width: t.b.x - t.a.x - 40, height: t.b.y - 22 - top };
  if (box.width <= 0 || box.height <= 0) return [];
  const fitted = fitText(lines, box, { maxPt: 10, minPt: 4 }, measure);
  // A label too small for the instructions still has its marks; docs/printing.md explains them.
  if (fitted === undefined) return [];
  return positionText(fitted, box.x, box.y).map((p) => ({ kind: 'text', text: p.text, x: p.x, baseline: p.baseline, sizePt: p.sizePt, bold: p.bold }));
}
