/**
 * The project's own Data Matrix (ECC 200) reader: image → dark regions → L-finder and timing edges →
 * module grid → codewords → Reed-Solomon → bytes. It reads every upright symbol in the image (and
 * ones turned by a multiple of 90°, or mirrored); perspective, skew and curved surfaces are out of scope.
 */
import { AppError } from '../errors/app-error.js';
import { darkLightLevel, grayFromPng, type GrayImage } from './datamatrix-decode-image.js';
import { darkRegions } from './datamatrix-decode-components.js';
import { MIN_SYMBOL_PX, symbolGrids, type SymbolGrid } from './datamatrix-decode-locate.js';
import { patternAgreement, sampleModules } from './datamatrix-decode-sample.js';
import { decodeDataCodewords } from './datamatrix-decode-codewords.js';
import { readCodewords } from './datamatrix-placement.js';
import { correctInterleaved } from './datamatrix-reed-solomon.js';
import { symbolSizeFor, type SymbolSize } from './datamatrix-symbol-sizes.js';

/** One symbol read from an image. */
export interface DecodedDataMatrix {
  readonly bytes: Buffer;
  /** Module counts of the symbol. */
  readonly rows: number;
  readonly cols: number;
  /** Bounding box of the symbol (quiet zone excluded), in pixels from the top-left of the image. */
  readonly position: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  /** Clockwise turn of the symbol in the image: 0, 90, 180 or 270. */
  readonly rotationDeg: number;
  readonly mirrored: boolean;
  /** Codewords that Reed-Solomon corrected. */
  readonly correctedCodewords: number;
}

/** Corrected data codewords of a module matrix, or undefined when errors exceed the error correction. */
export function correctedDataCodewords(size: SymbolSize, modules: readonly (readonly boolean[])[]): { data: Uint8Array; corrected: number } | undefined {
  return correctInterleaved(readCodewords(size, modules), size.dataCodewords, size.blocks);
}

/** Decodes a module matrix (true = dark, no quiet zone, upright) into its bytes. */
export function decodeDataMatrixModules(modules: readonly (readonly boolean[])[]): { bytes: Buffer; correctedCodewords: number } {
  const size = symbolSizeFor(modules.length, modules[0]?.length ?? 0);
  if (!size) throw new AppError('BARCODE_UNREADABLE', `${modules.length}×${modules[0]?.length ?? 0} is not an ECC 200 symbol size`);
  const fixed = correctedDataCodewords(size, modules);
  if (!fixed) throw new AppError('BARCODE_UNREADABLE', 'The symbol has more errors than its error correction can repair');
  return { bytes: decodeDataCodewords(fixed.data), correctedCodewords: fixed.corrected };
}

/** Agreement with the fixed patterns below which a region is taken for something other than a symbol. */
const MIN_PATTERN_AGREEMENT = 0.9;

type Attempt = { kind: 'none' } | { kind: 'unreadable'; grid: SymbolGrid } | { kind: 'ok'; symbol: DecodedDataMatrix };

function tryRegion(img: GrayImage, grids: readonly SymbolGrid[]): Attempt {
  let seen: SymbolGrid | undefined;
  for (const grid of grids) {
    const modules = sampleModules(img, grid);
    if (patternAgreement(grid, modules) < MIN_PATTERN_AGREEMENT) continue;
    seen ??= grid;
    const fixed = correctedDataCodewords(grid.size, modules);
    if (!fixed) continue;
    const { box } = grid;
    const symbol: DecodedDataMatrix = {
      bytes: decodeDataCodewords(fixed.data),
      rows: grid.size.rows,
      cols: grid.size.cols,
      position: { x: box.x0, y: box.y0, width: box.x1 - box.x0 + 1, height: box.y1 - box.y0 + 1 },
      rotationDeg: grid.rotationDeg,
      mirrored: grid.mirrored,
      correctedCodewords: fixed.corrected,
    };
    return { kind: 'ok', symbol };
  }
  return seen ? { kind: 'unreadable', grid: seen } : { kind: 'none' };
}

/** Top to bottom, and left to right among symbols whose tops lie within half a symbol of each other. */
function readingOrder(a: DecodedDataMatrix, b: DecodedDataMatrix): number {
  const band = Math.min(a.position.height, b.position.height) / 2;
  const dy = a.position.y - b.position.y;
  return Math.abs(dy) < band ? a.position.x - b.position.x : dy;
}

/**
 * Every Data Matrix symbol in a grey image, in reading order (top to bottom, then left to right).
 * Throws BARCODE_NOT_FOUND when there is none and BARCODE_UNREADABLE when one is found but cannot be read.
 */
export function decodeDataMatrixImage(img: GrayImage): DecodedDataMatrix[] {
  const level = darkLightLevel(img);
  if (level === undefined) throw new AppError('BARCODE_NOT_FOUND', 'The image is blank');
  const found: DecodedDataMatrix[] = [];
  for (const box of darkRegions(img, level, MIN_SYMBOL_PX)) {
    const attempt = tryRegion(img, symbolGrids(img, box));
    if (attempt.kind === 'ok') found.push(attempt.symbol);
    if (attempt.kind === 'unreadable') {
      const { box: b, size } = attempt.grid;
      throw new AppError('BARCODE_UNREADABLE', `The ${size.rows}×${size.cols} symbol at x=${b.x0}, y=${b.y0} has more errors than its error correction can repair`, {
        x: b.x0,
        y: b.y0,
        rows: size.rows,
        cols: size.cols,
      });
    }
  }
  if (found.length === 0) throw new AppError('BARCODE_NOT_FOUND', `No Data Matrix symbol was found in the ${img.width}×${img.height} image`);
  return found.sort(readingOrder);
}

/** Every Data Matrix symbol in a PNG file's bytes; see decodeDataMatrixImage. */
export function decodeDataMatrixPng(png: Buffer): DecodedDataMatrix[] {
  return decodeDataMatrixImage(grayFromPng(png));
}
