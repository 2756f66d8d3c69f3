// The PNG and ZPL outputs read back: PNG pages at their resolution with their pHYs chunk, and ZPL for
// the 4x6 thermal label, both its ^BX payload (^FH hex) and its ^GF bitmap drawn dot by dot.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { grayToPng } from '../../src/barcode/barcode-test-support.js';
import { decodeDataMatrixPng, grayFromPng, type GrayImage } from '../../src/barcode/index.js';
import { composePrintJob, decodeZplHexField, ptToPx, renderPng, renderZpl, resolveLayout, undoDataMatrixEscapes, type Rect } from '../../src/print/index.js';
import { plainIndicia, printToolsAvailable, vectorsVerifier, zxingBytes } from './print-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'print-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Pixels per metre recorded in a PNG's pHYs chunk.
function pixelsPerMetre(png: Buffer): number {
  const at = png.indexOf('pHYs', 8, 'latin1');
  expect(at).toBeGreaterThan(0);
  return png.readUInt32BE(at + 4);
}

// The pixels of a slot rectangle (points) of a page at `dpi`, as a PNG file for ZXingReader, which
// (Debian's 2.x) does not find a symbol in a whole 4x6 page but reads it from the slot.
function slotFile(page: GrayImage, slot: Rect, dpi: number, name: string): string {
  const left = Math.floor(ptToPx(slot.x, dpi));
  const top = Math.floor(ptToPx(slot.y, dpi));
  const width = Math.ceil(ptToPx(slot.width, dpi));
  const height = Math.ceil(ptToPx(slot.height, dpi));
  const gray = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) gray.set(page.gray.subarray((top + y) * page.width + left, (top + y) * page.width + left + width), y * width);
  const file = join(dir, name);
  writeFileSync(file, grayToPng({ width, height, gray }));
  return file;
}

describe.runIf(printToolsAvailable)('PNG output', () => {
  it.each([
    ['single-label', 300, 2],
    ['thermal-4x6', 203, 1],
    ['envelope-10', 600, 1],
  ] as const)('%s at %i dpi: page size, resolution chunk, and symbols that read and verify', async (layoutName, dpi, count) => {
    const indicia = plainIndicia(count, 4001 + dpi);
    const pngs = await renderPng(composePrintJob({ layout: layoutName, items: indicia.map((indicium) => ({ indicium })) }), { dpi });
    const layout = resolveLayout(layoutName);
    expect(pngs).toHaveLength(count);
    const verifier = vectorsVerifier();
    for (const [i, png] of pngs.entries()) {
      const { width, height } = PNG.sync.read(png);
      expect([width, height]).toEqual([Math.round(ptToPx(layout.widthPt, dpi)), Math.round(ptToPx(layout.heightPt, dpi))]);
      expect(pixelsPerMetre(png)).toBe(Math.round(dpi / 0.0254));
      expect(zxingBytes(slotFile(grayFromPng(png), layout.slots[0]!, dpi, `${layoutName}-${dpi}-${i}.png`))).toEqual(indicia[i]);
      const [symbol] = decodeDataMatrixPng(png);
      expect(symbol!.bytes).toEqual(indicia[i]);
      expect((await verifier.verify(symbol!.bytes)).status).toBe('valid');
    }
  });

  it('refuses a resolution outside 72 to 1200 dpi', async () => {
    const doc = composePrintJob({ layout: 'single-label', items: plainIndicia(1, 4999).map((indicium) => ({ indicium })) });
    await expect(renderPng(doc, { dpi: 50 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

// Draws every ^GFA field of a ZPL format into a white image of the label at one pixel per dot.
function drawGraphics(zpl: string): { width: number; height: number; gray: Uint8Array } {
  const width = Number(/\^PW(\d+)/.exec(zpl)![1]);
  const height = Number(/\^LL(\d+)/.exec(zpl)![1]);
  const gray = new Uint8Array(width * height).fill(255);
  for (const m of zpl.matchAll(/\^FO(\d+),(\d+)\^GFA,(\d+),\d+,(\d+),([0-9A-F]+)\^FS/g)) {
    const [x0, y0, total, perRow, hex] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), m[5]!];
    for (let row = 0; row < total / perRow; row++) {
      for (let col = 0; col < perRow * 8; col++) {
        const byte = parseInt(hex.substr(2 * (row * perRow + (col >> 3)), 2), 16);
        if ((byte >> (7 - (col & 7))) & 1) gray[(y0 + row) * width + x0 + col] = 0;
      }
    }
  }
  return { width, height, gray };
}

describe.runIf(printToolsAvailable)('ZPL output for the 4x6 thermal label', () => {
  const indicia = plainIndicia(3, 4501);
  const doc = composePrintJob({ layout: 'thermal-4x6', items: indicia.map((indicium) => ({ indicium })), addresses: { delivery: ['Recipient', '2 Destination Ave'] } });

  it('has one format per label whose ^BX ^FH payload gives the signed bytes back, and they verify', async () => {
    const zpl = renderZpl(doc);
    const formats = zpl.split('^XZ\n').filter((f) => f.trim() !== '');
    expect(formats).toHaveLength(3);
    const verifier = vectorsVerifier();
    for (const [i, format] of formats.entries()) {
      const payload = /\^BXN,\d+,200,44,44,,_,1\^FH_\^FD([^^]+)\^FS/.exec(format)![1]!;
      const bytes = undoDataMatrixEscapes(decodeZplHexField(payload));
      expect(bytes).toEqual(indicia[i]);
      expect((await verifier.verify(bytes)).status).toBe('valid');
    }
  });

  it('draws the ^GF symbol dot for dot where it was placed, readable by ZXing and the project decoder', () => {
    const formats = renderZpl(doc, { symbol: 'graphic' }).split('^XZ\n').filter((f) => f.trim() !== '');
    for (const [i, format] of formats.entries()) {
      const image = drawGraphics(format);
      const png = grayToPng(image);
      expect(zxingBytes(slotFile(image, doc.placements[i]!.slotRect, 203.2, `zpl-${i}.png`))).toEqual(indicia[i]);
      const [symbol] = decodeDataMatrixPng(png);
      expect(symbol!.bytes).toEqual(indicia[i]);
      // 203.2 dpi: the symbol's corner within a dot of its placed position, 6 dots (0.75 mm) per module.
      const placed = doc.placements[i]!.symbol;
      expect(Math.abs(symbol!.position.x - ptToPx(placed.x, 203.2))).toBeLessThanOrEqual(1);
      expect(Math.abs(symbol!.position.y - ptToPx(placed.y, 203.2))).toBeLessThanOrEqual(1);
      expect(symbol!.position.width).toBeCloseTo(44 * 6, 0);
    }
  });
});
