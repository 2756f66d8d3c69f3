/**
 * Helpers for the barcode tests: drawing module matrices into grey images the way a scanner or a
 * rasteriser would (fractional module sizes, anti-aliased edges), damaging and turning symbols,
 * and checking that a Debian tool the tests need is installed.
 */
import { spawnSync } from 'node:child_process';
import { PNG } from 'pngjs';
import type { GrayImage } from './datamatrix-decode-image.js';
import { symbolGrid } from './datamatrix-placement.js';
import { symbolSizeFor } from './datamatrix-symbol-sizes.js';

/** A module matrix, true = dark. */
export type Modules = readonly (readonly boolean[])[];

/** True when `command` can be started (it is on the PATH). */
export function toolAvailable(command: string): boolean {
  const result = spawnSync(command, [], { stdio: 'ignore' });
  return (result.error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT';
}

/**
 * Whether tests needing `command` run: yes when it is installed; when it is missing they are skipped
 * locally (with a message) but must run, and so fail, under CI.
 */
export function runsWithTool(command: string, debianPackage: string): boolean {
  if (toolAvailable(command)) return true;
  if (process.env.CI) return true;
  console.warn(`${command} is not installed (apt-get install ${debianPackage}); skipping the tests that need it`);
  return false;
}

/** Where and how large to draw symbols into a grey image. */
export interface Placement {
  readonly modules: Modules;
  /** Left and top of the symbol's first module, in pixels (fractions allowed). */
  readonly x: number;
  readonly y: number;
  /** Pixels per module (fractions allowed). */
  readonly modulePx: number;
}

/**
 * A white image with the symbols drawn black, each pixel grey in proportion to how much of it dark
 * modules cover (4×4 supersampling), as anti-aliased rasterisers draw.
 */
export function rasterize(width: number, height: number, placements: readonly Placement[]): GrayImage {
  const gray = new Uint8Array(width * height).fill(255);
  const SS = 4;
  for (const { modules, x, y, modulePx } of placements) {
    const rows = modules.length;
    const cols = modules[0]!.length;
    const px0 = Math.max(0, Math.floor(x));
    const py0 = Math.max(0, Math.floor(y));
    const px1 = Math.min(width - 1, Math.ceil(x + cols * modulePx));
    const py1 = Math.min(height - 1, Math.ceil(y + rows * modulePx));
    for (let py = py0; py <= py1; py++) {
      for (let px = px0; px <= px1; px++) {
        let dark = 0;
        for (let sy = 0; sy < SS; sy++) {
          for (let sx = 0; sx < SS; sx++) {
            const c = Math.floor((px + (sx + 0.5) / SS - x) / modulePx);
            const r = Math.floor((py + (sy + 0.5) / SS - y) / modulePx);
            if (r >= 0 && r < rows && c >= 0 && c < cols && modules[r]![c]) dark++;
          }
        }
        const i = py * width + px;
        gray[i] = Math.min(gray[i]!, Math.round(255 * (1 - dark / (SS * SS))));
      }
    }
  }
  return { width, height, gray };
}

/** Encodes a grey image as an 8-bit greyscale PNG. */
export function grayToPng(img: GrayImage): Buffer {
  const png = new PNG({ width: img.width, height: img.height });
  for (let i = 0; i < img.gray.length; i++) {
    png.data.fill(img.gray[i]!, 4 * i, 4 * i + 3);
    png.data[4 * i + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 0 });
}

/** The matrix turned 90° clockwise. */
export function rotateClockwise(modules: Modules): boolean[][] {
  const rows = modules.length;
  const cols = modules[0]!.length;
  return Array.from({ length: cols }, (_, r) => Array.from({ length: rows }, (_, c) => modules[rows - 1 - c]![r]!));
}

/** The matrix mirrored left to right. */
export function mirrorLeftRight(modules: Modules): boolean[][] {
  return modules.map((row) => [...row].reverse());
}

/** A small deterministic pseudo-random generator (mulberry32), so that damage is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of the matrix with `count` distinct data modules inverted (finder and timing left intact). */
export function flipDataModules(modules: Modules, count: number, seed: number): boolean[][] {
  const size = symbolSizeFor(modules.length, modules[0]!.length);
  if (!size) throw new Error('not an ECC 200 size');
  const data: Array<[number, number]> = [];
  symbolGrid(size, (kind, _mr, _mc, r, c) => {
    if (kind === 'data') data.push([r, c]);
    return false;
  });
  const rnd = seededRandom(seed);
  const copy = modules.map((row) => [...row]);
  for (let k = 0; k < count; k++) {
    const [r, c] = data.splice(Math.floor(rnd() * data.length), 1)[0]!;
    copy[r]![c] = !copy[r]![c];
  }
  return copy;
}
