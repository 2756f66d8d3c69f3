/**
 * Reading indicia out of what a person hands the tools: hexadecimal text, a PNG image, or a PDF
 * (every page rasterised at 300 dpi by poppler's pdftoppm). Returns the bytes of every symbol found;
 * whether they form a valid indicium is the codec's and the verifier's business.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError, isAppError } from '../errors/app-error.js';
import { ERRORS } from '../errors/catalogue.js';
import { decodeDataMatrixPng } from './datamatrix-decode.js';

/** Bytes read from one symbol (or from hex text), with where they came from. */
export interface IndiciumSource {
  /** 'hex' for hex text; the file path for a PNG; `path#page=N` for a PDF page. */
  readonly source: string;
  readonly bytes: Buffer;
}

const run = promisify(execFile);
/** Resolution pdftoppm renders PDF pages at, in dots per inch. */
export const PDF_RASTER_DPI = 300;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Parses hex text with optional white space; throws INDICIUM_HEX_INVALID for an odd digit count. */
function parseHex(text: string): Buffer {
  const digits = text.replace(/\s+/g, '');
  if (digits.length % 2 !== 0) {
    throw new AppError('INDICIUM_HEX_INVALID', `The hexadecimal text has an odd number of digits (${digits.length})`, { digits: digits.length });
  }
  return Buffer.from(digits, 'hex');
}

async function readInputFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new AppError('INPUT_UNREADABLE', `Cannot read ${path} (${code})`, { path, code }, { cause: err });
  }
}

/** Decodes a PNG, naming the place in the error so that the reader knows which file or page failed. */
function decodeLabelled(png: Buffer, source: string): IndiciumSource[] {
  try {
    return decodeDataMatrixPng(png).map((s) => ({ source, bytes: s.bytes }));
  } catch (err) {
    if (isAppError(err) && err.code !== 'BARCODE_NOT_FOUND') {
      // AppError appends the catalogue's fix to the detail; keep the detail and let the new error append it again.
      const suffix = `. ${ERRORS[err.code].fix}.`;
      const detail = err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
      throw new AppError(err.code, `${source}: ${detail}`, { ...err.details, source }, { cause: err });
    }
    throw err;
  }
}

/** Rasterises every page of a PDF with pdftoppm into a temporary folder (removed afterwards) and decodes each. */
async function readPdf(path: string): Promise<IndiciumSource[]> {
  const dir = await mkdtemp(join(tmpdir(), 'indicia-pdf-'));
  try {
    try {
      await run('pdftoppm', ['-r', String(PDF_RASTER_DPI), '-png', path, join(dir, 'page')], { maxBuffer: 1 << 20 });
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      if (e.code === 'ENOENT') throw new AppError('PDF_TOOLS_MISSING', 'pdftoppm was not found on the PATH', undefined, { cause: err });
      throw new AppError('INPUT_UNREADABLE', `pdftoppm could not read ${path}: ${(e.stderr ?? e.message).trim()}`, { path }, { cause: err });
    }
    // pdftoppm names pages page-1.png or page-01.png …, padding to the digits of the page count.
    const pages = (await readdir(dir))
      .map((name) => ({ name, page: Number(/-(\d+)\.png$/.exec(name)?.[1]) }))
      .filter((p) => Number.isInteger(p.page))
      .sort((a, b) => a.page - b.page);
    const found: IndiciumSource[] = [];
    for (const { name, page } of pages) {
      const source = `${path}#page=${page}`;
      try {
        found.push(...decodeLabelled(await readFile(join(dir, name)), source));
      } catch (err) {
        // A page without a symbol is fine as long as some page has one.
        if (!isAppError(err, 'BARCODE_NOT_FOUND')) throw err;
      }
    }
    if (found.length === 0) throw new AppError('BARCODE_NOT_FOUND', `No Data Matrix symbol was found on the ${pages.length} page(s) of ${path}`, { path });
    return found;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The bytes of every indicium in `input`: hexadecimal text (white space allowed), or the path of a
 * PNG or PDF file. PNG symbols are labelled with the path, PDF symbols with `path#page=N`.
 */
export async function readIndicia(input: string): Promise<IndiciumSource[]> {
  const trimmed = input.trim();
  // Text of hex digits and white space only is taken as hex, never as a file name.
  if (/^[0-9a-fA-F\s]+$/.test(trimmed)) {
    return [{ source: 'hex', bytes: parseHex(trimmed) }];
  }
  const content = await readInputFile(input);
  if (content.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) return decodeLabelled(content, input);
  if (content.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return readPdf(input);
  throw new AppError('INPUT_UNREADABLE', `${input} is neither a PNG nor a PDF file`, { path: input });
}
