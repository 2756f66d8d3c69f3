// Sheets printed through a real CUPS scheduler to its CUPS-PDF virtual printer: the PDF CUPS wrote is
// rasterised at 300 dpi, every slot is cropped and read by ZXingReader and by the project's decoder, the
// bytes are compared with what was sent and verified, and every symbol must sit where a direct render of
// the same document puts it (CUPS must neither scale, nor move, nor turn the page).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { grayToPng } from '../../../src/barcode/barcode-test-support.js';
import { decodeDataMatrixPng, type DecodedDataMatrix, type GrayImage } from '../../../src/barcode/index.js';
import { printToPrinter } from '../../../src/print/cups/index.js';
import { composePrintJob, ptToPx, renderPdf, resolveLayout, type PrintJob } from '../../../src/print/index.js';
import { plainIndicia, printToolsAvailable, rasterizePdf, vectorsVerifier, zxingBytes } from '../print-fixture.js';
import { CUPS_PROBLEM, cropRect, cupsPdfFile, cupsTestsRun, PDF_QUEUE } from './cups-fixture.js';

const DPI = 300;
// A job on the CUPS-PDF queue takes about half a second; a loaded machine gets far more.
const JOB_TIMEOUT_MS = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'print-cups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADDRESSES = { returnAddress: ['Sender', '1 Origin Rd', 'San Francisco CA 94107'], delivery: ['Recipient', '2 Destination Ave', 'New York NY 10001-0001'] };
const job = (layout: string, count: number, firstPiece: number, extra: Partial<PrintJob> = {}): PrintJob => ({
  layout,
  items: plainIndicia(count, firstPiece).map((indicium) => ({ indicium })),
  ...extra,
});

const SCENARIOS: ReadonlyArray<[string, PrintJob]> = [
  ['address-30up, full sheet', job('address-30up', 30, 5101)],
  ['address-30up, partial sheet from slot 13', job('address-30up', 7, 5201, { startSlot: 13 })],
  // Landscape pages on custom media: CUPS must not turn them onto portrait paper.
  ['envelope-10 with addresses', job('envelope-10', 1, 5301, { addresses: ADDRESSES })],
  ['single-label', job('single-label', 1, 5401)],
];

/** The one symbol in a crop, read by ZXingReader (from a PNG file) and by the project's decoder. */
function readSlot(image: GrayImage, file: string): { zxing: string; symbols: DecodedDataMatrix[] } {
  const png = grayToPng(image);
  writeFileSync(file, png);
  return { zxing: zxingBytes(file).toString('hex'), symbols: decodeDataMatrixPng(png) };
}

describe.runIf(cupsTestsRun && printToolsAvailable)(`printing through CUPS to ${PDF_QUEUE}`, { timeout: 120_000 }, () => {
  it('has CUPS set up by scripts/cups-setup.sh (required under CI)', () => {
    expect(CUPS_PROBLEM, 'run scripts/cups-setup.sh as root').toBeUndefined();
  });

  it.each(SCENARIOS)('%s: every slot of the PDF CUPS wrote reads, verifies and sits where it was placed', async (name, printJob) => {
    const doc = composePrintJob(printJob);
    const title = `cups-test ${name.replace(/\W+/g, '-')}`;
    const result = await printToPrinter(doc, { printer: PDF_QUEUE, title, wait: { timeoutMs: JOB_TIMEOUT_MS } });
    expect(result.status?.state).toBe('completed');
    const file = cupsPdfFile(result.job);
    let printed: GrayImage[];
    try {
      printed = rasterizePdf(readFileSync(file), DPI);
    } finally {
      rmSync(file, { force: true });
    }
    const direct = rasterizePdf(await renderPdf(doc), DPI);
    const layout = resolveLayout(printJob.layout);
    // Same page count and page size in pixels: nothing was fitted to another paper size.
    expect(printed).toHaveLength(doc.pages.length);
    for (const page of printed) expect([page.width, page.height]).toEqual([Math.round(ptToPx(layout.widthPt, DPI)), Math.round(ptToPx(layout.heightPt, DPI))]);

    const verifier = vectorsVerifier();
    for (const placed of doc.placements) {
      const expected = Buffer.from(printJob.items[placed.itemIndex]!.indicium).toString('hex');
      const viaCups = cropRect(printed[placed.page]!, placed.slotRect, DPI);
      const { zxing, symbols } = readSlot(viaCups.image, join(dir, `${title.replace(/\W+/g, '-')}-s${placed.slot}.png`));
      expect(zxing, `ZXing, slot ${placed.slot}`).toBe(expected);
      expect(symbols.map((s) => s.bytes.toString('hex')), `project decoder, slot ${placed.slot}`).toEqual([expected]);
      expect((await verifier.verify(symbols[0]!.bytes)).status, `verifier, slot ${placed.slot}`).toBe('valid');

      // Geometry against a direct render of the same document, and against the layout: within one pixel
      // at 300 dpi (0.085 mm) of the direct render, 1.5 px of the placed position, 2 px in size. A 1 %
      // scale would move the far slots of a Letter sheet by 20 px or more.
      const at = symbols[0]!.position;
      const [ref] = decodeDataMatrixPng(grayToPng(cropRect(direct[placed.page]!, placed.slotRect, DPI).image));
      expect(Math.abs(at.x - ref!.position.x), `x against the direct render, slot ${placed.slot}`).toBeLessThanOrEqual(1);
      expect(Math.abs(at.y - ref!.position.y), `y against the direct render, slot ${placed.slot}`).toBeLessThanOrEqual(1);
      expect(Math.abs(at.width - ref!.position.width)).toBeLessThanOrEqual(1);
      expect(Math.abs(viaCups.left + at.x - ptToPx(placed.symbol.x, DPI))).toBeLessThanOrEqual(1.5);
      expect(Math.abs(viaCups.top + at.y - ptToPx(placed.symbol.y, DPI))).toBeLessThanOrEqual(1.5);
      expect(Math.abs(at.width - ptToPx(44 * placed.symbol.moduleSizePt, DPI))).toBeLessThanOrEqual(2);
    }
    // The free slots stay blank.
    const used = new Set(doc.placements.map((p) => `${p.page}:${p.slot}`));
    doc.pages.forEach((_, p) => {
      for (const slot of layout.slots.filter((s) => !used.has(`${p}:${s.number}`))) {
        expect(() => decodeDataMatrixPng(grayToPng(cropRect(printed[p]!, slot, DPI).image))).toThrow(expect.objectContaining({ code: 'BARCODE_NOT_FOUND' }));
      }
    });
  });

  it('would see a print that is not at true size: number-up=2 given by the caller wins and moves every symbol', async () => {
    // The control of the geometry checks above: options given by the caller come after the true-size
    // ones, so this job is shrunk two pages to a sheet, and no symbol may be found where it was placed.
    const printJob = job('address-30up', 4, 5501);
    const doc = composePrintJob(printJob);
    const result = await printToPrinter(doc, { printer: PDF_QUEUE, title: 'cups-test number-up-2', options: ['number-up=2'], wait: { timeoutMs: JOB_TIMEOUT_MS } });
    const file = cupsPdfFile(result.job);
    let printed: GrayImage[];
    try {
      printed = rasterizePdf(readFileSync(file), DPI);
    } finally {
      rmSync(file, { force: true });
    }
    const inPlace = doc.placements.filter((placed) => {
      const crop = cropRect(printed[placed.page]!, placed.slotRect, DPI);
      try {
        const [symbol] = decodeDataMatrixPng(grayToPng(crop.image));
        return Math.abs(crop.left + symbol!.position.x - ptToPx(placed.symbol.x, DPI)) <= 1.5 && Math.abs(crop.top + symbol!.position.y - ptToPx(placed.symbol.y, DPI)) <= 1.5;
      } catch {
        return false;
      }
    });
    expect(inPlace).toEqual([]);
    // Yet every symbol is on the page and reads: only the geometry checks tell this print apart.
    const found = decodeDataMatrixPng(grayToPng(printed[0]!)).map((s) => s.bytes.toString('hex'));
    expect(found.sort()).toEqual(printJob.items.map((i) => Buffer.from(i.indicium).toString('hex')).sort());
  });
});
