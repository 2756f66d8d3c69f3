// PNG output: the PDF of the same document rasterised by poppler's pdftoppm. One drawing path (the
// PDF) means the PNG cannot disagree with it on geometry, and text comes out in real Helvetica
// metrics; pdftoppm is already needed to read PDFs (`indicia verify`). The symbol's edges are drawn
// without anti-aliasing by default, so that raster printers get pure black modules.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../errors/app-error.js';
import type { PrintDocument } from './page-drawing.js';
import { renderPdf } from './render-pdf.js';

const run = promisify(execFile);

/** Options of the PNG output. */
export interface PngRenderOptions {
  /** Resolution in dots per inch, a whole number from 72 to 1200; 300 by default. */
  readonly dpi?: number;
  /** Anti-alias the edges of vector shapes (symbols, rules); off by default. Text is always anti-aliased. */
  readonly antialiasVectors?: boolean;
}

/** Renders every page of the document as a PNG at the given resolution (recorded in its pHYs chunk), in page order. */
export async function renderPng(doc: PrintDocument, options: PngRenderOptions = {}): Promise<Buffer[]> {
  const dpi = options.dpi ?? 300;
  if (!Number.isInteger(dpi) || dpi < 72 || dpi > 1200) {
    throw new AppError('INVALID_ARGUMENT', `The resolution must be a whole number of dots per inch from 72 to 1200, not ${dpi}`, { dpi });
  }
  const pdf = await renderPdf(doc);
  const dir = await mkdtemp(join(tmpdir(), 'indicia-png-'));
  try {
    await writeFile(join(dir, 'document.pdf'), pdf);
    const args = ['-r', String(dpi), '-gray', '-png', '-aaVector', options.antialiasVectors ? 'yes' : 'no', join(dir, 'document.pdf'), join(dir, 'page')];
    await runPdftoppm(args);
    // pdftoppm names pages page-1.png or page-01.png depending on the page count: sort by number.
    const files = (await readdir(dir)).filter((f) => /^page-\d+\.png$/.test(f));
    files.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    return await Promise.all(files.map((f) => readFile(join(dir, f))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runPdftoppm(args: string[]): Promise<void> {
  try {
    await run('pdftoppm', args);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('PDF_TOOLS_MISSING', 'Rendering PNG needs pdftoppm from poppler-utils', undefined, { cause: err });
    }
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim();
    throw new AppError('INTERNAL', `pdftoppm could not rasterise the document: ${stderr || (err as Error).message}`, undefined, { cause: err });
  }
}
