// Printing a composed document on a CUPS printer: the PDF at true size for office and label printers that
// take PDF through their driver, or ZPL sent raw to a thermal printer's queue; optionally waiting until the
// job is done.
import { AppError } from '../../errors/app-error.js';
import type { PrintDocument } from '../page-drawing.js';
import { renderPdf, type PdfRenderOptions } from '../render-pdf.js';
import { renderZpl, type ZplRenderOptions } from '../render-zpl.js';
import { waitForJob, type JobStatus, type WaitOptions } from './cups-jobs.js';
import type { CupsJob } from './cups-parse.js';
import { submitPdf, submitRaw } from './cups-printer.js';
import { validatePrinterName } from './lp-options.js';

/** What to print on which printer. */
export interface PrinterJobOptions {
  /** The CUPS destination, as `lpstat -e` lists it. */
  readonly printer: string;
  /** 'pdf' (default): the PDF through the printer's driver; 'zpl': ZPL II sent raw, for Zebra-type thermal printers. */
  readonly format?: 'pdf' | 'zpl';
  /** Job title; "indicia N pages" by default. */
  readonly title?: string;
  /** Copies, 1–100. */
  readonly copies?: number;
  /** PDF only: a `media` name of the printer's own instead of the page's exact size. */
  readonly media?: string;
  /** More CUPS options, name=value; they come last and win. */
  readonly options?: readonly string[];
  readonly pdf?: PdfRenderOptions;
  readonly zpl?: ZplRenderOptions;
  /** Wait until the job is done (true, or the wait's options); by default return once CUPS has queued it. */
  readonly wait?: boolean | WaitOptions;
}

/** The queued job, and its final status when the caller waited. */
export interface PrinterJobResult {
  readonly job: CupsJob;
  readonly format: 'pdf' | 'zpl';
  readonly pages: number;
  readonly status?: JobStatus;
}

/** Renders the document and sends it to a CUPS printer; see PrinterJobOptions. */
export async function printToPrinter(doc: PrintDocument, options: PrinterJobOptions): Promise<PrinterJobResult> {
  validatePrinterName(options.printer);
  const format = options.format ?? 'pdf';
  if (format !== 'pdf' && format !== 'zpl') throw new AppError('INVALID_ARGUMENT', `A printer takes format pdf or zpl, not ${JSON.stringify(format)}`, { format });
  if (doc.pages.length === 0) throw new AppError('INVALID_ARGUMENT', 'There is nothing to print: the document has no page');
  const title = options.title ?? `indicia ${doc.pages.length} page${doc.pages.length === 1 ? '' : 's'}`;
  const common = { title, copies: options.copies, options: options.options };
  let job: CupsJob;
  if (format === 'zpl') {
    if (options.media !== undefined) throw new AppError('INVALID_ARGUMENT', 'media applies to PDF jobs; a ZPL label sets its own size (^PW, ^LL)');
    // ^CI27 makes every character one Windows-1252 byte; the renderer writes only such characters.
    job = await submitRaw(options.printer, Buffer.from(renderZpl(doc, options.zpl), 'latin1'), common);
  } else {
    job = await submitPdf(options.printer, await renderPdf(doc, options.pdf), { ...common, ...pageSizeOf(doc), ...(options.media === undefined ? {} : { media: options.media }) });
  }
  if (!options.wait) return { job, format, pages: doc.pages.length };
  const status = await waitForJob(job, options.wait === true ? {} : options.wait);
  return { job, format, pages: doc.pages.length, status };
}

// One media for the whole job: every layout has one page size, so a document of mixed sizes is a mistake.
function pageSizeOf(doc: PrintDocument): { pageSize: { widthPt: number; heightPt: number } } {
  const [first, ...rest] = doc.pages;
  const other = rest.find((p) => p.widthPt !== first!.widthPt || p.heightPt !== first!.heightPt);
  if (other) {
    throw new AppError('INVALID_ARGUMENT', `One job prints on one page size; this document mixes ${first!.widthPt} × ${first!.heightPt} pt and ${other.widthPt} × ${other.heightPt} pt pages`);
  }
  return { pageSize: { widthPt: first!.widthPt, heightPt: first!.heightPt } };
}
