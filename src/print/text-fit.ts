// Fitting a block of text lines into a box: the largest font size (in steps, between limits) at which
// every line, wrapped at spaces where it must, fits the box's width and all lines its height. Pure: the
// width of text comes from a measure function.
import type { TextMeasure } from './text-metrics.js';

/** Line pitch as a multiple of the font size. */
export const LINE_HEIGHT = 1.2;
/** Where the baseline sits below the top of a line box, as a multiple of the font size (Helvetica ascent plus half the leading). */
export const BASELINE_DROP = 0.93;

/** One logical line of text; it may wrap to several printed lines. */
export interface TextSpec {
  readonly text: string;
  readonly bold: boolean;
}

/** Font size limits and step, in points. */
export interface FontRange {
  readonly maxPt: number;
  readonly minPt: number;
  /** Size decrement tried between max and min; 0.25 pt by default. */
  readonly stepPt?: number;
}

/** Lines that fit, at the size they fit at. */
export interface FittedText {
  readonly sizePt: number;
  readonly lines: readonly TextSpec[];
  /** Width of the longest printed line, in points. */
  readonly widthPt: number;
  /** Height of the block: lines × LINE_HEIGHT × size. */
  readonly heightPt: number;
}

/** A printed line with its baseline position. */
export interface PositionedText extends TextSpec {
  readonly x: number;
  readonly baseline: number;
  readonly sizePt: number;
}

/** Breaks one line at spaces so that each part fits `width`; undefined when a single word is wider. */
export function wrapLine(line: TextSpec, width: number, sizePt: number, measure: TextMeasure): TextSpec[] | undefined {
  const fits = (text: string): boolean => measure(text, sizePt, line.bold) <= width + 1e-9;
  if (fits(line.text)) return [line];
  const out: TextSpec[] = [];
  let current = '';
  for (const word of line.text.split(' ').filter((w) => w.length > 0)) {
    if (!fits(word)) return undefined;
    const joined = current === '' ? word : `${current} ${word}`;
    if (fits(joined)) {
      current = joined;
    } else {
      out.push({ text: current, bold: line.bold });
      current = word;
    }
  }
  if (current !== '') out.push({ text: current, bold: line.bold });
  return out;
}

/** The largest size in `range` at which the lines fit the box, wrapped as needed; undefined when none does. */
export function fitText(lines: readonly TextSpec[], box: { width: number; height: number }, range: FontRange, measure: TextMeasure): FittedText | undefined {
  const step = range.stepPt ?? 0.25;
  // Count steps in integers so that floating-point drift cannot skip the minimum size.
  const steps = Math.floor((range.maxPt - range.minPt) / step + 1e-9);
  for (let i = 0; i <= steps; i++) {
    const sizePt = range.maxPt - i * step;
    const wrapped: TextSpec[] = [];
    let ok = true;
    for (const line of lines) {
      const parts = wrapLine(line, box.width, sizePt, measure);
      if (parts === undefined) {
        ok = false;
        break;
      }
      wrapped.push(...parts);
    }
    const heightPt = wrapped.length * LINE_HEIGHT * sizePt;
    if (ok && heightPt <= box.height + 1e-9) {
      const widthPt = Math.max(0, ...wrapped.map((l) => measure(l.text, sizePt, l.bold)));
      return { sizePt, lines: wrapped, widthPt, heightPt };
    }
  }
  return undefined;
}

/** Positions fitted lines left-aligned at `x`, the first line box starting at `top`. */
export function positionText(fitted: FittedText, x: number, top: number): PositionedText[] {
  return fitted.lines.map((line, i) => ({
    ...line,
    x,
    baseline: top + (i * LINE_HEIGHT + BASELINE_DROP) * fitted.sizePt,
    sizePt: fitted.sizePt,
  }));
}
