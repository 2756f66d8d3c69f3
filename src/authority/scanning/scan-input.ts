// What a scanning station sends, turned into the bytes of each symbol: the indicium as hex or base64
// text, its 117 raw bytes, a PNG (photo or scan), or a PDF (every page rasterised by poppler's
// pdftoppm through readIndicia). Sizes are checked before anything is decoded, so that a small file
// that inflates to a huge image is refused instead of exhausting memory.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, type PDFPage } from 'pdf-lib';
import { decodeDataMatrixPng, PDF_RASTER_DPI, readIndicia } from '../../barcode/index.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import type { SourceKind } from './scan-records.js';

/** The bytes of one symbol, and where in the upload it was. */
export interface ScanSymbol {
  /** "indicium" for text and raw bytes, "symbol N" in a PNG, "page P symbol N" in a PDF. */
  readonly source: string;
  readonly bytes: Buffer;
}

/** Largest image decoded, in pixels: an A4 page at 600 dpi is 35 million. */
export const MAX_SCAN_PIXELS = 40_000_000;
/** Most PDF pages rasterised for one scan: a sheet of labels is one page. */
export const MAX_SCAN_PDF_PAGES = 20;

/** Longest indicium text (hex or base64, spaces allowed) a scan or a public check accepts, in characters. */
export const MAX_INDICIUM_TEXT_CHARS = 4096;

/** JSON body schema of a scan or check given as text: `{ "indicium": "hex or base64" }`. */
export const INDICIUM_TEXT_BODY_SCHEMA = {
  type: 'object',
  required: ['indicium'],
  additionalProperties: false,
  properties: { indicium: { type: 'string', minLength: 1, maxLength: MAX_INDICIUM_TEXT_CHARS } },
} as const;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const POINTS_PER_INCH = 72;

/**
 * The indicium given as text: hexadecimal (white space allowed) or base64 (standard or URL-safe,
 * padding optional). Text of hex digits only is read as hex: the 156 base64 characters of an indicium
 * would all have to be hex digits to be taken for hex, a chance of 4^-156.
 */
export function indiciumFromText(text: string): { kind: 'hex' | 'base64'; bytes: Buffer } {
  const compact = text.replace(/\s+/g, '');
  if (compact === '') throw new AppError('INVALID_ARGUMENT', 'The indicium text is empty');
  if (/^[0-9a-fA-F]+$/.test(compact)) {
    if (compact.length % 2 !== 0) {
      throw new AppError('INDICIUM_HEX_INVALID', `The hexadecimal text has an odd number of digits (${compact.length})`, { digits: compact.length });
    }
    return { kind: 'hex', bytes: Buffer.from(compact, 'hex') };
  }
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact) && compact.replace(/=+$/, '').length % 4 !== 1) {
    return { kind: 'base64', bytes: Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64') };
  }
  throw new AppError('INVALID_ARGUMENT', 'The indicium is neither hexadecimal (an even number of digits) nor base64 text', {
    length: compact.length,
  });
}

/** The symbols of a raw upload: the bytes themselves, or every Data Matrix symbol in a PNG or PDF. */
export async function symbolsFromUpload(kind: Extract<SourceKind, 'bytes' | 'png' | 'pdf'>, body: Buffer): Promise<ScanSymbol[]> {
  if (kind === 'bytes') return [{ source: 'indicium', bytes: body }];
  if (kind === 'png') return symbolsFromPng(body);
  return symbolsFromPdf(body);
}

function symbolsFromPng(png: Buffer): ScanSymbol[] {
  if (png.length < 24 || !png.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) {
    throw new AppError('INPUT_UNREADABLE', 'The upload sent as image/png is not a PNG image');
  }
  // IHDR is the first chunk: width and height are its first eight bytes, after length and type.
  checkPixels(png.readUInt32BE(16), png.readUInt32BE(20), 'The PNG image');
  return decodeDataMatrixPng(png).map((s, i) => ({ source: `symbol ${i + 1}`, bytes: s.bytes }));
}

async function symbolsFromPdf(pdf: Buffer): Promise<ScanSymbol[]> {
  if (!pdf.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) throw new AppError('INPUT_UNREADABLE', 'The upload sent as application/pdf is not a PDF file');
  await checkPdfPages(pdf);
  const dir = await mkdtemp(join(tmpdir(), 'indicia-scan-'));
  const path = join(dir, 'upload.pdf');
  try {
    await writeFile(path, pdf, { mode: 0o600 });
    const found = await readIndicia(path).catch((err: unknown) => {
      throw withoutPath(err, path);
    });
    const perPage = new Map<string, number>();
    return found.map(({ source, bytes }) => {
      const page = /#page=(\d+)$/.exec(source)?.[1] ?? '?';
      const n = (perPage.get(page) ?? 0) + 1;
      perPage.set(page, n);
      return { source: `page ${page} symbol ${n}`, bytes };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// pdf-lib reads the page tree without drawing anything: count the pages and size them at the raster resolution.
async function checkPdfPages(pdf: Buffer): Promise<void> {
  let pages: PDFPage[];
  try {
    // pdf-lib may load a damaged file and fail only when asked for its pages.
    pages = (await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false })).getPages();
  } catch (err) {
    throw new AppError('INPUT_UNREADABLE', `The uploaded PDF could not be read: ${(err as Error).message}`, undefined, { cause: err });
  }
  if (pages.length > MAX_SCAN_PDF_PAGES) {
    throw new AppError('SCAN_INPUT_TOO_LARGE', `The uploaded PDF has ${pages.length} pages; a scan reads at most ${MAX_SCAN_PDF_PAGES}`, {
      pages: pages.length,
      maxPages: MAX_SCAN_PDF_PAGES,
    });
  }
  pages.forEach((page, i) => {
    const { width, height } = page.getSize();
    const px = (pt: number) => Math.ceil((Math.abs(pt) / POINTS_PER_INCH) * PDF_RASTER_DPI);
    checkPixels(px(width), px(height), `Page ${i + 1} of the uploaded PDF at ${PDF_RASTER_DPI} dpi`);
  });
}

function checkPixels(width: number, height: number, what: string): void {
  if (width * height > MAX_SCAN_PIXELS) {
    throw new AppError('SCAN_INPUT_TOO_LARGE', `${what} is ${width}×${height} pixels; a scan decodes at most ${MAX_SCAN_PIXELS} pixels`, {
      width,
      height,
      maxPixels: MAX_SCAN_PIXELS,
    });
  }
}

// readIndicia names the temporary file in its messages; the station knows it only as its upload.
function withoutPath(err: unknown, path: string): unknown {
  if (!isAppError(err)) return err;
  const details = Object.fromEntries(Object.entries(err.details ?? {}).filter(([k]) => k !== 'path' && k !== 'source'));
  return new AppError(err.code, err.message.split(path).join('the uploaded PDF'), details, { cause: err, complete: true });
}
