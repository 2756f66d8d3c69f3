// Print geometry is in PDF points (1/72 in) with the origin at the top-left corner of the page and y
// pointing down, the way people measure paper and the way spec §5 numbers slots (row by row from the
// top left). Only the PDF renderer turns y upwards, in one place.

/** Points in one inch. */
export const PT_PER_INCH = 72;
/** Millimetres in one inch (exact by definition). */
export const MM_PER_INCH = 25.4;

/** A rectangle in points: left and top edges, width and height. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Inches to points. */
export function inches(value: number): number {
  return value * PT_PER_INCH;
}

/** Millimetres to points. */
export function mm(value: number): number {
  return (value * PT_PER_INCH) / MM_PER_INCH;
}

/** Points to millimetres. */
export function ptToMm(value: number): number {
  return (value * MM_PER_INCH) / PT_PER_INCH;
}

/** Points to device pixels (or printer dots) at `dpi`. */
export function ptToPx(value: number, dpi: number): number {
  return (value * dpi) / PT_PER_INCH;
}

/** The rectangle shrunk by `d` points on every side. */
export function insetRect(r: Rect, d: number): Rect {
  return { x: r.x + d, y: r.y + d, width: r.width - 2 * d, height: r.height - 2 * d };
}

/** True when `inner` lies inside `outer`, allowing `epsilon` points for rounding. */
export function rectContains(outer: Rect, inner: Rect, epsilon = 1e-6): boolean {
  return (
    inner.x >= outer.x - epsilon &&
    inner.y >= outer.y - epsilon &&
    inner.x + inner.width <= outer.x + outer.width + epsilon &&
    inner.y + inner.height <= outer.y + outer.height + epsilon
  );
}

/** True when the two rectangles share more than an edge. */
export function rectsOverlap(a: Rect, b: Rect, epsilon = 1e-6): boolean {
  return (
    a.x < b.x + b.width - epsilon &&
    b.x < a.x + a.width - epsilon &&
    a.y < b.y + b.height - epsilon &&
    b.y < a.y + a.height - epsilon
  );
}
