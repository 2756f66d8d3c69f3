// Every layout printed as a real page would be: vector PDF, rasterised by pdftoppm at 300 dpi, each
// slot cropped out and read by Debian's ZXingReader and by the project's decoder, the bytes compared
// with what was sent, verified by the spec §8 verifier, and the symbol found where it was placed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { grayToPng } from '../../src/barcode/barcode-test-support.js';
import { decodeDataMatrixPng, type GrayImage } from '../../src/barcode/index.js';
import { packMedium } from '../../src/core/media-serial.js';
import { isAppError } from '../../src/errors/app-error.js';
import { composePrintJob, ptToPx, renderPdf, resolveLayout, type PrintJob, type Rect } from '../../src/print/index.js';
import { plainIndicia, printToolsAvailable, rasterizePdf, signedIndicium, vectors, vectorsVerifier, zxingBytes } from './print-fixture.js';

const DPI = 300;
const dir = mkdtempSync(join(tmpdir(), 'print-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pixels of a rectangle of the page (points), rounded outwards. */
function crop(page: GrayImage, r: Rect): { image: GrayImage; left: number; top: number } {
  const left = Math.floor(ptToPx(r.x, DPI));
  const top = Math.floor(ptToPx(r.y, DPI));
  const width = Math.min(page.width, Math.ceil(ptToPx(r.x + r.width, DPI))) - left;
  const height = Math.min(page.height, Math.ceil(ptToPx(r.y + r.height, DPI))) - top;
  const gray = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) gray.set(page.gray.subarray((top + y) * page.width + left, (top + y) * page.width + left + width), y * width);
  return { image: { width, height, gray }, left, top };
}

const plainJob = (layout: string, count: number, firstPiece: number, extra: Partial<PrintJob> = {}): PrintJob => ({
  layout,
  items: plainIndicia(count, firstPiece).map((indicium) => ({ indicium })),
  ...extra,
});

const ADDRESSES = { returnAddress: ['Sender', '1 Origin Rd', 'San Francisco CA 94107'], delivery: ['Recipient', '2 Destination Ave', 'New York NY 10001-0001'] };
const SHEET = BigInt(vectors.mediumSerial.serial);
const onSheet = (slots: number[], firstPiece: number, serial = SHEET): PrintJob['items'] =>
  slots.map((slot, i) => ({ indicium: signedIndicium({ pieceCount: firstPiece + i, medium: packMedium(serial, slot) }) }));

const SCENARIOS: ReadonlyArray<[string, PrintJob]> = [
  ['single-label, 3 labels', plainJob('single-label', 3, 1001)],
  ['single-label from slot 0', plainJob('single-label', 1, 1011, { startSlot: 0 })],
  ['address-30up, full sheet', plainJob('address-30up', 30, 1101)],
  ['address-30up from slot 17, flowing onto a 2nd sheet', plainJob('address-30up', 20, 1201, { startSlot: 17 })],
  ['stamp-sheet, full sheet', plainJob('stamp-sheet', 20, 1301)],
  ['stamp-sheet from slot 6', plainJob('stamp-sheet', 7, 1401, { startSlot: 6 })],
  ['thermal-4x6 with addresses', plainJob('thermal-4x6', 1, 1501, { addresses: ADDRESSES })],
  ['thermal-4x6 from slot 0, 2 labels', plainJob('thermal-4x6', 2, 1511, { startSlot: 0 })],
  ['envelope-10, 2 envelopes with addresses', plainJob('envelope-10', 2, 1601, { addresses: ADDRESSES })],
  ['envelope-10 from slot 0', plainJob('envelope-10', 1, 1611, { startSlot: 0 })],
  ['address-30up registered sheet, slots 2, 15 and 30 only', { layout: 'address-30up', items: onSheet([15, 2, 30], 1701) }],
  ['stamp-sheet registered sheets, two serials', { layout: 'stamp-sheet', items: [...onSheet([20, 1], 1801), ...onSheet([7], 1811, SHEET + 1n)] }],
  ['single-label registered label', { layout: 'single-label', items: onSheet([0], 1901) }],
];

describe.runIf(printToolsAvailable)('printed layouts read back at 300 dpi', () => {
  it.each(SCENARIOS)('%s', async (name, job) => {
    const doc = composePrintJob(job);
    const pages = rasterizePdf(await renderPdf(doc), DPI);
    const layout = resolveLayout(job.layout);
    expect(pages).toHaveLength(doc.pages.length);
    for (const page of pages) expect([page.width, page.height]).toEqual([Math.round(ptToPx(layout.widthPt, DPI)), Math.round(ptToPx(layout.heightPt, DPI))]);
    const verifier = vectorsVerifier();
    for (const placed of doc.placements) {
      const expected = Buffer.from(job.items[placed.itemIndex]!.indicium);
      const { image, left, top } = crop(pages[placed.page]!, placed.slotRect);
      const png = grayToPng(image);
      const file = join(dir, `${name.replace(/\W+/g, '-')}-p${placed.page}-s${placed.slot}.png`);
      writeFileSync(file, png);
      expect(zxingBytes(file).toString('hex'), `ZXing, slot ${placed.slot}`).toBe(expected.toString('hex'));
      const symbols = decodeDataMatrixPng(png);
      expect(symbols.map((s) => s.bytes.toString('hex')), `project decoder, slot ${placed.slot}`).toEqual([expected.toString('hex')]);
      expect((await verifier.verify(symbols[0]!.bytes)).status).toBe('valid');
      // Geometry: the symbol sits where it was placed, to within a pixel and a half at 300 dpi (0.13 mm).
      const at = symbols[0]!.position;
      expect(Math.abs(left + at.x - ptToPx(placed.symbol.x, DPI))).toBeLessThanOrEqual(1.5);
      expect(Math.abs(top + at.y - ptToPx(placed.symbol.y, DPI))).toBeLessThanOrEqual(1.5);
      expect(Math.abs(at.width - ptToPx(44 * placed.symbol.moduleSizePt, DPI))).toBeLessThanOrEqual(2);
    }
    // Slots of a sheet that got no indicium stay blank.
    doc.pages.forEach((_, p) => {
      const used = new Set(doc.placements.filter((x) => x.page === p).map((x) => x.slot));
      for (const slot of layout.slots.filter((s) => !used.has(s.number))) {
        expect(() => decodeDataMatrixPng(grayToPng(crop(pages[p]!, slot).image))).toThrow(expect.objectContaining({ code: 'BARCODE_NOT_FOUND' }));
      }
    });
  });

  it('refuses to print a registered stamp anywhere but at its slot', () => {
    const items = onSheet([7], 1999);
    const refused = (job: PrintJob) => {
      try {
        composePrintJob(job);
        return 'printed';
      } catch (err) {
        return isAppError(err) ? err.code : String(err);
      }
    };
    expect(refused({ layout: 'address-30up', items: [{ ...items[0]!, slot: 8 }] })).toBe('PRINT_SLOT_MISMATCH');
    expect(refused({ layout: 'single-label', items })).toBe('PRINT_SLOT_MISMATCH');
    expect(refused({ layout: 'envelope-10', items })).toBe('PRINT_SLOT_MISMATCH');
    expect(refused({ layout: 'address-30up', items: onSheet([31], 1998) })).toBe('PRINT_SLOT_MISMATCH');
  });
});
