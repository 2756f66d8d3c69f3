// What the verification page's tests upload (PNGs and PDFs of symbols, a blank image) and the shape of
// POST /v1/verify's answer as the tests read it.
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { dataMatrixModules, drawDataMatrixOnPdfPage } from '../../src/barcode/index.js';

/** One rule of the answer's `rules`. */
export interface RuleAnswer {
  rule: number;
  title: string;
  outcome: 'passed' | 'failed' | 'not checked';
  reason: string;
}

/** One result of POST /v1/verify. */
export interface VerifyResultAnswer {
  source: string;
  status: string;
  valid: boolean;
  rule?: number;
  reason: string;
  checks: { rule: number; passed: boolean; reason: string }[];
  rules: RuleAnswer[];
  fields?: Record<string, number | string>;
  display?: { name: string; label: string; value: string }[];
  firstScannedAt: string | null;
  refundedAt: string | null;
}

/** The answer of POST /v1/verify. */
export interface VerifyAnswer {
  checkedAt: string;
  results: VerifyResultAnswer[];
}

/** A white PNG with no symbol in it. */
export function blankPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return PNG.sync.write(png);
}

/** A PDF whose pages carry the given symbols side by side, each drawn as vector modules of 2 points. */
export async function pdfOfSymbols(pages: readonly (readonly Buffer[])[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (const symbols of pages) {
    const page = doc.addPage([400, 300]);
    symbols.forEach((bytes, i) => drawDataMatrixOnPdfPage(page, dataMatrixModules(bytes), { x: 30 + i * 180, y: 150, moduleSizePt: 2 }));
  }
  return Buffer.from(await doc.save());
}
