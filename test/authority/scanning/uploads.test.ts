// Scanning symbols rather than bytes: a PNG (as a phone or scanner would send) and a PDF page (as the
// vendor prints labels), read by the project's own Data Matrix decoder; PDFs through pdftoppm.
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { dataMatrixModules, drawDataMatrixOnPdfPage, renderDataMatrixPng } from '../../../src/barcode/index.js';
import { runsWithTool } from '../../../src/barcode/barcode-test-support.js';
import { forEachDialect } from '../../helpers/dialects.js';
import { expectError } from '../authority-fixture.js';
import { dispensed, registerPsd, resultsOf, scansLog, scanningFixture } from './scanning-fixture.js';

const withPdfTools = runsWithTool('pdftoppm', 'poppler-utils');

/** A PDF whose pages carry the given symbols, each drawn as vector modules of 2 points. */
async function pdfOf(pages: readonly (readonly Buffer[])[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const symbols of pages) {
    const page = doc.addPage([400, 300]);
    symbols.forEach((bytes, i) => drawDataMatrixOnPdfPage(page, dataMatrixModules(bytes), { x: 30 + i * 180, y: 150, moduleSizePt: 2 }));
  }
  return Buffer.from(await doc.save());
}

/** A white PNG, with a black square in the middle when `square` is given (a dark shape that is no symbol). */
function plainPng(width: number, height: number, square = 0): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(255);
  const from = Math.floor((width - square) / 2);
  for (let y = from; y < from + square; y++) {
    for (let x = from; x < from + square; x++) png.data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
  }
  return PNG.sync.write(png);
}

forEachDialect((_dialect, open) => {
  describe('scanning uploads', () => {
    it('reads a PNG of a rendered symbol and verifies it', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const bytes = dispensed(psd, f.clock, { pieceCount: 1 });
      const png = renderDataMatrixPng(bytes, { modulePx: 5, quietZoneModules: 2 });
      const [result, ...rest] = resultsOf(await f.scan({ payload: png, contentType: 'image/png' }, { 'x-scanner-id': 'phone-1' }));
      expect(rest).toEqual([]);
      expect(result).toMatchObject({ source: 'symbol 1', status: 'valid', valid: true, fields: { pieceCount: 1 } });
      expect(resultsOf(await f.scan({ payload: png, contentType: 'image/png' }))[0]).toMatchObject({ status: 'duplicate', rule: 6 });
      const [second, first] = await scansLog(f);
      expect(first).toMatchObject({ sourceKind: 'png', source: 'symbol 1', scannerId: 'phone-1', indiciumHex: bytes.toString('hex') });
      expect(second).toMatchObject({ sourceKind: 'png', status: 'duplicate' });
    });

    it('logs an upload with no readable symbol as unreadable and answers the error with its scan id', async () => {
      const f = await scanningFixture(open);
      const missing = expectError(await f.scan({ payload: plainPng(64, 64, 20), contentType: 'image/png' }), 'BARCODE_NOT_FOUND');
      const notPng = expectError(await f.scan({ payload: Buffer.from('GIF89a not a png at all'), contentType: 'image/png' }), 'INPUT_UNREADABLE');
      const log = await scansLog(f);
      expect(log.map((s) => [s.scanId, s.status, s.rule, s.indiciumHex, s.sourceKind])).toEqual([
        [(notPng.details as { scanId: number }).scanId, 'unreadable', null, null, 'png'],
        [(missing.details as { scanId: number }).scanId, 'unreadable', null, null, 'png'],
      ]);
      expect(String(log[1]?.reason)).toMatch(/^BARCODE_NOT_FOUND: No Data Matrix symbol was found in the 64×64 image/);
    });

    it('refuses an image that would decode to too many pixels, before decoding it', async () => {
      const f = await scanningFixture(open);
      // A valid PNG header announcing 10,000 × 10,000 pixels; the rest never gets read.
      const header = plainPng(1, 1);
      header.writeUInt32BE(10_000, 16);
      header.writeUInt32BE(10_000, 20);
      const body = expectError(await f.scan({ payload: header, contentType: 'image/png' }), 'SCAN_INPUT_TOO_LARGE');
      expect(body.details).toMatchObject({ width: 10_000, height: 10_000, maxPixels: 40_000_000 });
    });

    it('refuses an upload larger than the configured limit with 413', async () => {
      const f = await scanningFixture(open, { scanBodyLimitBytes: 2048 });
      expectError(await f.scan({ payload: Buffer.alloc(4096, 1), contentType: 'image/png' }), 'REQUEST_INVALID', 413);
      expectError(await f.scan({ payload: Buffer.alloc(4096, 1), contentType: 'application/pdf' }), 'REQUEST_INVALID', 413);
    });
  });

  describe.runIf(withPdfTools)('scanning PDF uploads (pdftoppm)', () => {
    it('reads every symbol of every page, in reading order, and verifies each', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const [a, b, c] = [1, 2, 3].map((pieceCount) => dispensed(psd, f.clock, { pieceCount })) as [Buffer, Buffer, Buffer];
      const results = resultsOf(await f.scan({ payload: await pdfOf([[a, b], [c]]), contentType: 'application/pdf' }));
      expect(results.map((r) => [r.source, r.status, r.fields?.pieceCount])).toEqual([
        ['page 1 symbol 1', 'valid', 1],
        ['page 1 symbol 2', 'valid', 2],
        ['page 2 symbol 1', 'valid', 3],
      ]);
      const again = resultsOf(await f.scan({ payload: await pdfOf([[b]]), contentType: 'application/pdf' }));
      expect(again).toMatchObject([{ source: 'page 1 symbol 1', status: 'duplicate', rule: 6 }]);
      expect((await scansLog(f)).map((s) => s.sourceKind)).toEqual(['pdf', 'pdf', 'pdf', 'pdf']);
    });

    it('names the upload, not a temporary file, when a PDF holds no symbol, and refuses too many pages', async () => {
      const f = await scanningFixture(open);
      const blank = expectError(await f.scan({ payload: await pdfOf([[]]), contentType: 'application/pdf' }), 'BARCODE_NOT_FOUND');
      expect(blank.message).toMatch(/^No Data Matrix symbol was found on the 1 page\(s\) of the uploaded PDF\./);
      expect(blank.details).toEqual({ scanId: expect.any(Number) });
      const many = await pdfOf(Array.from({ length: 21 }, () => []));
      expect(expectError(await f.scan({ payload: many, contentType: 'application/pdf' }), 'SCAN_INPUT_TOO_LARGE').details).toMatchObject({ pages: 21 });
      expectError(await f.scan({ payload: Buffer.from('%PDF-1.7 broken'), contentType: 'application/pdf' }), 'INPUT_UNREADABLE');
      expect((await scansLog(f)).map((s) => s.status)).toEqual(['unreadable', 'unreadable', 'unreadable']);
    });
  });
});
