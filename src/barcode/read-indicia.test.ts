import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import { isAppError } from '../errors/app-error.js';
import { dataMatrixModules } from './datamatrix-encode.js';
import { renderDataMatrixPng, renderModulesPng } from './datamatrix-render-png.js';
import { drawDataMatrixOnPdfPage } from './datamatrix-render-pdf.js';
import { readIndicia } from './read-indicia.js';
import { flipDataModules, runsWithTool } from './barcode-test-support.js';

const vectors = loadIndiciumVectors();
// Four different 117-byte indicia: the three cases and the first rejection vector.
const hexes = [...vectors.cases.map((c) => c.indiciumHex), vectors.rejections[0]!.indiciumHex];

async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return undefined;
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'read-indicia-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readIndicia: hex text and PNG files', () => {
  it('reads hex text with spaces and returns the bytes as they are', async () => {
    const hex = hexes[0]!;
    const spaced = ` ${hex.match(/../g)!.join(' ')}\n`;
    expect(await readIndicia(spaced)).toEqual([{ source: 'hex', bytes: Buffer.from(hex, 'hex') }]);
    // Length is the codec's business: a short hex string comes back as it is.
    expect((await readIndicia('0102ab'))[0]!.bytes).toEqual(Buffer.from([1, 2, 0xab]));
  });

  it('refuses hex text with an odd number of digits', async () => {
    expect(await errorCode(readIndicia('abc'))).toBe('INDICIUM_HEX_INVALID');
  });

  it('reads a PNG file and labels the symbol with the path', async () => {
    const file = join(dir, 'stamp.png');
    writeFileSync(file, renderDataMatrixPng(Buffer.from(hexes[1]!, 'hex'), { modulePx: 5, quietZoneModules: 1 }));
    expect(await readIndicia(file)).toEqual([{ source: file, bytes: Buffer.from(hexes[1]!, 'hex') }]);
  });

  it('reports INPUT_UNREADABLE for a missing file and for a file that is neither PNG nor PDF', async () => {
    expect(await errorCode(readIndicia(join(dir, 'missing.png')))).toBe('INPUT_UNREADABLE');
    const text = join(dir, 'note.txt');
    writeFileSync(text, 'postage');
    expect(await errorCode(readIndicia(text))).toBe('INPUT_UNREADABLE');
  });

  it('names the file when its symbol cannot be read', async () => {
    const file = join(dir, 'smudged.png');
    const wrecked = flipDataModules(dataMatrixModules(Buffer.from(hexes[2]!, 'hex')), 300, 3);
    writeFileSync(file, renderModulesPng(wrecked, { modulePx: 4, quietZoneModules: 1 }));
    let caught: unknown;
    try {
      await readIndicia(file);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'BARCODE_UNREADABLE')).toBe(true);
    expect((caught as Error).message.startsWith(`${file}: The 44×44 symbol at x=4, y=4 `)).toBe(true);
  });
});

describe.runIf(runsWithTool('pdftoppm', 'poppler-utils'))('readIndicia: PDF files rasterised at 300 dpi', () => {
  let pdf = '';
  beforeAll(async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const first = doc.addPage([612, 792]);
    const second = doc.addPage([612, 792]);
    first.drawText('Priority Mail  $10.40  ZIP 94107  License 40001234', { x: 40, y: 750, size: 11, font });
    // Module sizes in points that are not whole pixels at 300 dpi (1 pt = 4.1667 px).
    const placements = [
      { page: first, x: 40.3, y: 560.7, m: 1.13 },
      { page: first, x: 350.55, y: 420.2, m: 0.79 },
      { page: first, x: 120.8, y: 90.45, m: 1.51 },
      { page: second, x: 233.3, y: 377.7, m: 0.97 },
    ];
    placements.forEach(({ page, x, y, m }, i) => drawDataMatrixOnPdfPage(page, dataMatrixModules(Buffer.from(hexes[i]!, 'hex')), { x, y, moduleSizePt: m }));
    pdf = join(dir, 'labels.pdf');
    writeFileSync(pdf, await doc.save());
  });

  it('finds the three symbols of page 1 and the one of page 2, labelled with their pages', async () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('indicia-pdf-')).length;
    const found = await readIndicia(pdf);
    const byPage = found.map((f) => [f.source, f.bytes.toString('hex')]).sort();
    const expected = [
      [`${pdf}#page=1`, hexes[0]],
      [`${pdf}#page=1`, hexes[1]],
      [`${pdf}#page=1`, hexes[2]],
      [`${pdf}#page=2`, hexes[3]],
    ].sort();
    expect(byPage).toEqual(expected);
    // The temporary page images are removed afterwards.
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('indicia-pdf-')).length).toBe(before);
  });

  it('reports BARCODE_NOT_FOUND for a PDF without symbols', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 200]).drawText('no stamp here', { x: 20, y: 100 });
    const file = join(dir, 'empty.pdf');
    writeFileSync(file, await doc.save());
    expect(await errorCode(readIndicia(file))).toBe('BARCODE_NOT_FOUND');
  });

  it('reports INPUT_UNREADABLE for a damaged PDF', async () => {
    const file = join(dir, 'broken.pdf');
    writeFileSync(file, '%PDF-1.7\nthis is not a PDF body\n');
    expect(await errorCode(readIndicia(file))).toBe('INPUT_UNREADABLE');
  });
});

describe('readIndicia without poppler-utils', () => {
  it('reports PDF_TOOLS_MISSING when pdftoppm is not on the PATH', async () => {
    const file = join(dir, 'any.pdf');
    writeFileSync(file, '%PDF-1.7\n');
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'no-tools-here');
    try {
      expect(await errorCode(readIndicia(file))).toBe('PDF_TOOLS_MISSING');
    } finally {
      process.env.PATH = path;
    }
  });
});
