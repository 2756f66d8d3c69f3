/**
 * Image input of the decoder: any PNG (every colour type and bit depth pngjs reads) becomes an 8-bit
 * grey image, transparent pixels composited on white; Otsu's method splits dark from light.
 */
import { PNG } from 'pngjs';
import { AppError } from '../errors/app-error.js';

/** An 8-bit grey image, row-major, 0 = black. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly gray: Uint8Array;
}

/** Decodes a PNG file's bytes into a grey image (luma of Rec. 601, alpha composited on white). */
export function grayFromPng(png: Buffer): GrayImage {
  let decoded: PNG;
  try {
    // pngjs expands palette and grey images to RGBA and scales 16-bit samples to 8 bits.
    decoded = PNG.sync.read(png);
  } catch (err) {
    throw new AppError('INPUT_UNREADABLE', `The PNG image could not be decoded: ${(err as Error).message}`, undefined, { cause: err });
  }
  const { width, height, data } = decoded;
  const gray = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    const luma = (299 * data[p]! + 587 * data[p + 1]! + 114 * data[p + 2]!) / 1000;
    const alpha = data[p + 3]! / 255;
    gray[i] = Math.round(luma * alpha + 255 * (1 - alpha));
  }
  return { width, height, gray };
}

/** A rectangle of pixels, bounds inclusive. */
export interface PixelBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * The grey level that separates dark from light in a box of the image (the whole image by default):
 * Otsu's split, then the midpoint of the two class means, so that anti-aliased edges cross it where
 * a pixel is half covered. Returns undefined when the box holds a single grey level.
 */
export function darkLightLevel(img: GrayImage, box?: PixelBox): number | undefined {
  const b = box ?? { x0: 0, y0: 0, x1: img.width - 1, y1: img.height - 1 };
  const hist = new Float64Array(256);
  for (let y = b.y0; y <= b.y1; y++) {
    const row = y * img.width;
    for (let x = b.x0; x <= b.x1; x++) hist[img.gray[row + x]!]!++;
  }
  let total = 0;
  let sum = 0;
  for (let v = 0; v < 256; v++) {
    total += hist[v]!;
    sum += v * hist[v]!;
  }
  let best = -1;
  let split = -1;
  let count0 = 0;
  let sum0 = 0;
  for (let t = 0; t < 255; t++) {
    count0 += hist[t]!;
    sum0 += t * hist[t]!;
    const count1 = total - count0;
    if (count0 === 0 || count1 === 0) continue;
    const diff = sum0 / count0 - (sum - sum0) / count1;
    const between = count0 * count1 * diff * diff;
    if (between > best) {
      best = between;
      split = t;
    }
  }
  if (split < 0) return undefined;
  let c0 = 0;
  let s0 = 0;
  for (let v = 0; v <= split; v++) {
    c0 += hist[v]!;
    s0 += v * hist[v]!;
  }
  return (s0 / c0 + (sum - s0) / (total - c0)) / 2;
}

/** Grey value at a continuous position (pixel i covers [i, i+1)), bilinearly interpolated, edges clamped. */
export function grayAt(img: GrayImage, x: number, y: number): number {
  const fx = Math.min(Math.max(x - 0.5, 0), img.width - 1);
  const fy = Math.min(Math.max(y - 0.5, 0), img.height - 1);
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  const ix1 = Math.min(ix + 1, img.width - 1);
  const iy1 = Math.min(iy + 1, img.height - 1);
  const wx = fx - ix;
  const wy = fy - iy;
  const g = img.gray;
  const top = g[iy * img.width + ix]! * (1 - wx) + g[iy * img.width + ix1]! * wx;
  const bottom = g[iy1 * img.width + ix]! * (1 - wx) + g[iy1 * img.width + ix1]! * wx;
  return top * (1 - wy) + bottom * wy;
}
