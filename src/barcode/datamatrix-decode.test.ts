import { describe, it, expect } from 'vitest';
import { PNG } from 'pngjs';
import bwipjs from 'bwip-js';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import { isAppError } from '../errors/app-error.js';
import { dataMatrixModules } from './datamatrix-encode.js';
import { renderDataMatrixPng, renderModulesPng } from './datamatrix-render-png.js';
import { decodeDataMatrixImage, decodeDataMatrixPng } from './datamatrix-decode.js';
import { flipDataModules, grayToPng, mirrorLeftRight, rasterize, rotateClockwise, type Modules } from './barcode-test-support.js';

const vectors = loadIndiciumVectors();
const hexes = vectors.cases.map((c) => c.indiciumHex);
const bytesOf = (hex: string): Buffer => Buffer.from(hex, 'hex');
const first = bytesOf(hexes[0]!);

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('decoding Data Matrix symbols in images', () => {
  it.each(vectors.cases.map((c) => [c.name, c.indiciumHex]))('%s: renders to PNG and reads back the same 117 bytes', (_n, hex) => {
    const [symbol, ...rest] = decodeDataMatrixPng(renderDataMatrixPng(bytesOf(hex), { modulePx: 4, quietZoneModules: 1 }));
    expect(rest).toEqual([]);
    expect(symbol!.bytes.toString('hex')).toBe(hex);
    expect([symbol!.rows, symbol!.cols]).toEqual([44, 44]);
    expect(symbol!.position).toEqual({ x: 4, y: 4, width: 176, height: 176 });
    expect(symbol!.correctedCodewords).toBe(0);
  });

  it.each([3, 7])('reads a symbol drawn at %i pixels per module', (modulePx) => {
    const [symbol] = decodeDataMatrixPng(renderDataMatrixPng(first, { modulePx, quietZoneModules: 2 }));
    expect(symbol!.bytes.equals(first)).toBe(true);
    expect(symbol!.position.width).toBe(44 * modulePx);
  });

  it.each([
    [2.3, 0.41, 0.77],
    [3.37, 0.5, 0.13],
    [4.9, 0.21, 0.66],
    [8.6, 0.0, 0.5],
  ])('reads an anti-aliased symbol of %f pixels per module at a fractional offset', (modulePx, fx, fy) => {
    const side = Math.ceil(44 * modulePx + 4 * modulePx) + 2;
    const img = rasterize(side, side, [{ modules: dataMatrixModules(first), x: 2 * modulePx + fx, y: 2 * modulePx + fy, modulePx }]);
    expect(decodeDataMatrixImage(img)[0]!.bytes.equals(first)).toBe(true);
  });

  it.each([
    [90, 1],
    [180, 2],
    [270, 3],
  ])('reads a symbol turned %i° clockwise', (degrees, turns) => {
    let m: Modules = dataMatrixModules(first);
    for (let k = 0; k < turns; k++) m = rotateClockwise(m);
    const [symbol] = decodeDataMatrixPng(renderModulesPng(m, { modulePx: 3, quietZoneModules: 1 }));
    expect(symbol!.bytes.equals(first)).toBe(true);
    expect(symbol!.rotationDeg).toBe(degrees);
    expect(symbol!.mirrored).toBe(false);
  });

  it('reads a mirrored symbol and says so', () => {
    const [symbol] = decodeDataMatrixPng(renderModulesPng(mirrorLeftRight(dataMatrixModules(first)), { modulePx: 3, quietZoneModules: 1 }));
    expect(symbol!.bytes.equals(first)).toBe(true);
    expect(symbol!.mirrored).toBe(true);
  });

  it('corrects damaged modules with Reed-Solomon', () => {
    const damaged = flipDataModules(dataMatrixModules(first), 25, 7);
    const [symbol] = decodeDataMatrixPng(renderModulesPng(damaged, { modulePx: 4, quietZoneModules: 1 }));
    expect(symbol!.bytes.equals(first)).toBe(true);
    expect(symbol!.correctedCodewords).toBeGreaterThan(0);
  });

  it('reports BARCODE_UNREADABLE when the damage is beyond the error correction', () => {
    // 300 of the 1600 data modules touch far more than the 28 codewords 56 check codewords can repair.
    const wrecked = flipDataModules(dataMatrixModules(first), 300, 11);
    expect(errorCode(() => decodeDataMatrixPng(renderModulesPng(wrecked, { modulePx: 4, quietZoneModules: 1 })))).toBe('BARCODE_UNREADABLE');
  });

  it('reports BARCODE_NOT_FOUND for a blank image and for an image without a symbol', () => {
    const blank = rasterize(200, 200, []);
    expect(errorCode(() => decodeDataMatrixImage(blank))).toBe('BARCODE_NOT_FOUND');
    const square: Modules = Array.from({ length: 30 }, () => Array.from({ length: 30 }, () => true));
    expect(errorCode(() => decodeDataMatrixImage(rasterize(200, 200, [{ modules: square, x: 20, y: 20, modulePx: 4 }])))).toBe('BARCODE_NOT_FOUND');
  });

  it('finds every symbol in one image with its position, in reading order', () => {
    const modules = hexes.map((h) => dataMatrixModules(bytesOf(h)));
    const img = rasterize(700, 500, [
      { modules: modules[0]!, x: 400.3, y: 20.6, modulePx: 5.2 },
      { modules: modules[1]!, x: 30, y: 40, modulePx: 3 },
      { modules: modules[2]!, x: 120.5, y: 300.25, modulePx: 3.9 },
    ]);
    const found = decodeDataMatrixImage(img);
    // The first two share a band of rows, so they read left to right although the right one sits higher.
    expect(found.map((s) => s.bytes.toString('hex'))).toEqual([hexes[1], hexes[0], hexes[2]]);
    expect(found.map((s) => [s.position.x, s.position.y])).toEqual([
      [30, 40],
      [400, 20],
      [120, 300],
    ]);
  });

  it('reads a 144×144 symbol of ten interleaved blocks and 6×6 data regions', () => {
    const big = Buffer.from(Array.from({ length: 1555 }, (_, i) => (i * 89 + 3) & 0xff));
    const [symbol] = decodeDataMatrixPng(renderDataMatrixPng(big, { modulePx: 3, quietZoneModules: 1 }));
    expect([symbol!.rows, symbol!.cols]).toEqual([144, 144]);
    expect(symbol!.bytes.equals(big)).toBe(true);
  });

  it('reads a rectangular symbol as bwip-js makes it, turned or not', () => {
    const [raw] = bwipjs.raw({ bcid: 'datamatrix', text: 'RECTANGLE 42', format: 'rectangle' } as never) as unknown as [{ pixs: number[]; pixx: number; pixy: number }];
    const rect = Array.from({ length: raw.pixy }, (_, r) => Array.from({ length: raw.pixx }, (_, c) => raw.pixs[r * raw.pixx + c] === 1));
    expect(rect.length).toBeLessThan(rect[0]!.length);
    for (const m of [rect, rotateClockwise(rect)]) {
      const [symbol] = decodeDataMatrixPng(renderModulesPng(m, { modulePx: 4, quietZoneModules: 1 }));
      expect(symbol!.bytes.toString('latin1')).toBe('RECTANGLE 42');
      expect([symbol!.rows, symbol!.cols]).toEqual([raw.pixy, raw.pixx]);
    }
  });

  it('reads PNGs of every colour type pngjs writes, 16-bit and transparent ones included', () => {
    const modules = dataMatrixModules(first);
    const side = 46 * 3;
    const png = new PNG({ width: side, height: side });
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const r = Math.floor(y / 3) - 1;
        const c = Math.floor(x / 3) - 1;
        const dark = modules[r]?.[c] === true;
        const i = 4 * (y * side + x);
        // Dark blue on a transparent background: light must come from compositing on white.
        png.data[i] = dark ? 10 : 0;
        png.data[i + 1] = dark ? 20 : 0;
        png.data[i + 2] = dark ? 90 : 0;
        png.data[i + 3] = dark ? 255 : 0;
      }
    }
    for (const colorType of [6, 4] as const) {
      expect(decodeDataMatrixPng(PNG.sync.write(png, { colorType }))[0]!.bytes.equals(first), `colour type ${colorType}`).toBe(true);
    }
    // pngjs takes 16-bit input as native-endian 16-bit samples.
    const deep = new PNG({ width: side, height: side });
    deep.data = Buffer.from(Uint16Array.from(png.data, (v) => v * 257).buffer);
    const deepFile = PNG.sync.write(deep, { colorType: 6, bitDepth: 16 });
    expect(deepFile[24]).toBe(16); // IHDR bit depth
    expect(decodeDataMatrixPng(deepFile)[0]!.bytes.equals(first)).toBe(true);
    const opaque = PNG.sync.write(PNG.sync.read(grayToPng(rasterize(side, side, [{ modules, x: 3, y: 3, modulePx: 3 }]))), { colorType: 2 });
    expect(decodeDataMatrixPng(opaque)[0]!.bytes.equals(first)).toBe(true);
  });

  it('refuses bytes that are not a PNG with INPUT_UNREADABLE', () => {
    expect(errorCode(() => decodeDataMatrixPng(Buffer.from('not a png')))).toBe('INPUT_UNREADABLE');
  });
});
