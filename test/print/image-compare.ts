// Comparing a rendered page with its reviewed reference image: tolerant to anti-aliasing (edges that
// fall a fraction of a pixel differently), sensitive to geometry (a 1 mm shift at 100 dpi moves every
// edge by 4 pixels, so most of the ink no longer matches).
import type { GrayImage } from '../../src/barcode/index.js';

/** Resolution of the reference images, in dots per inch (1 mm ≈ 3.9 px). */
export const REFERENCE_DPI = 100;

/** Grey levels two blurred pixels may differ by and still match. */
const LEVEL_TOLERANCE = 64;
/** Share of the reference's ink pixels that may mismatch; see test/print/visual.test.ts for the margins. */
export const MISMATCH_LIMIT = 0.1;

/** How two images differ. */
export interface ImageDifference {
  readonly sameSize: boolean;
  /** Pixels whose blurred grey levels differ by more than LEVEL_TOLERANCE. */
  readonly mismatched: number;
  /** Dark pixels (below 128) in the reference. */
  readonly ink: number;
  /** mismatched / ink. */
  readonly ratio: number;
}

// A 3×3 box blur: a pixel's anti-aliased grey and its neighbour's average out alike in both images.
function blur(img: GrayImage): Float32Array {
  const { width: w, height: h, gray } = img;
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
          sum += gray[yy * w + xx]!;
          n++;
        }
      }
      out[y * w + x] = sum / n;
    }
  }
  return out;
}

/** Measures how much `actual` differs from `reference`. */
export function compareImages(reference: GrayImage, actual: GrayImage): ImageDifference {
  if (reference.width !== actual.width || reference.height !== actual.height) {
    return { sameSize: false, mismatched: Number.POSITIVE_INFINITY, ink: 0, ratio: Number.POSITIVE_INFINITY };
  }
  const a = blur(reference);
  const b = blur(actual);
  let mismatched = 0;
  let ink = 0;
  for (let i = 0; i < a.length; i++) {
    if (reference.gray[i]! < 128) ink++;
    if (Math.abs(a[i]! - b[i]!) > LEVEL_TOLERANCE) mismatched++;
  }
  return { sameSize: true, mismatched, ink, ratio: mismatched / Math.max(1, ink) };
}

/** True when the images match within the tolerance. */
export function imagesMatch(diff: ImageDifference): boolean {
  return diff.sameSize && diff.ratio <= MISMATCH_LIMIT;
}
