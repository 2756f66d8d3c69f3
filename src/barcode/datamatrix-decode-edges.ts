/**
 * The four edges of a candidate symbol, read along one pixel row or column just inside its bounding
 * box: how much of the edge is dark and in how many runs (solid finder edge or alternating timing
 * edge), and where the timing edge changes from dark to light, to the sub-pixel.
 */
import type { GrayImage, PixelBox } from './datamatrix-decode-image.js';

/** An edge of a bounding box. */
export type Side = 'top' | 'bottom' | 'left' | 'right';

/** True for the top and bottom edges, which run along x. */
export function isHorizontal(side: Side): boolean {
  return side === 'top' || side === 'bottom';
}

/** The grey values along one edge line and what they show. */
export interface SideStats {
  readonly side: Side;
  /** Grey values from the low coordinate to the high one (left to right, or top to bottom). */
  readonly values: Uint8Array;
  /** Image coordinate (x or y) of the low edge of the first pixel. */
  readonly start: number;
  /** Fraction of the pixels darker than the level. */
  readonly darkFraction: number;
  /** Number of separate dark runs. */
  readonly runs: number;
}

/** Reads the pixel row or column `inset` pixels inside the given edge of `box`. */
export function edgeProfile(img: GrayImage, box: PixelBox, side: Side, inset: number, level: number): SideStats {
  const horizontal = isHorizontal(side);
  const fixed = side === 'top' ? box.y0 + inset : side === 'bottom' ? box.y1 - inset : side === 'left' ? box.x0 + inset : box.x1 - inset;
  const start = horizontal ? box.x0 : box.y0;
  const length = horizontal ? box.x1 - box.x0 + 1 : box.y1 - box.y0 + 1;
  const values = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    values[i] = horizontal ? img.gray[fixed * img.width + start + i]! : img.gray[(start + i) * img.width + fixed]!;
  }
  let dark = 0;
  let runs = 0;
  let inRun = false;
  for (const v of values) {
    const isDark = v < level;
    if (isDark) dark++;
    if (isDark && !inRun) runs++;
    inRun = isDark;
  }
  return { side, values, start, darkFraction: dark / length, runs };
}

/**
 * Centres of the `n` modules along a timing edge, ascending. Each dark/light transition is located
 * to the sub-pixel where the grey crosses `level`, matched to the module boundary a uniform grid
 * predicts, and a least-squares line through the matches gives origin and pitch; with too few
 * matches the uniform grid over the bounding box is used as it is.
 */
export function fitModuleCenters(edge: SideStats, n: number, level: number): number[] {
  const { values, start } = edge;
  const pitch0 = values.length / n;
  const matched = new Map<number, { pos: number; miss: number }>();
  for (let i = 0; i + 1 < values.length; i++) {
    const a = values[i]!;
    const b = values[i + 1]!;
    if (a < level === b < level) continue;
    // Pixel centres sit at +0.5; interpolate linearly between them.
    const pos = start + i + 0.5 + (level - a) / (b - a);
    const k = Math.round((pos - start) / pitch0);
    const miss = Math.abs(pos - (start + k * pitch0));
    if (k < 1 || k > n - 1 || miss > 0.35 * pitch0) continue;
    const prev = matched.get(k);
    if (!prev || miss < prev.miss) matched.set(k, { pos, miss });
  }
  let origin = start;
  let pitch = pitch0;
  if (matched.size >= Math.max(3, n / 2)) {
    let sk = 0, sp = 0, skk = 0, skp = 0;
    for (const [k, { pos }] of matched) {
      sk += k;
      sp += pos;
      skk += k * k;
      skp += k * pos;
    }
    const m = matched.size;
    pitch = (m * skp - sk * sp) / (m * skk - sk * sk);
    origin = (sp - pitch * sk) / m;
  }
  return Array.from({ length: n }, (_, k) => origin + pitch * (k + 0.5));
}
