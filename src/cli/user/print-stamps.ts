// Printing stamps into a file with the print layouts of src/print: PDF (one file), PNG and SVG (one
// file per page: FILE.png, or FILE-1.png, FILE-2.png, … for several pages) or ZPL (one file). Files are
// written atomically, so a failed print leaves no half-written label behind.
import { access, constants } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { POSTAGE_LIMITS_MILLS, type Stamp } from '../../client/index.js';
import { assembleIndicium } from '../../core/indicium/codec.js';
import { packMedium, parseMediumSerial } from '../../core/media-serial.js';
import { parseMailingDate } from '../../core/mailing-date.js';
import { parseZip } from '../../core/zip.js';
import { AppError } from '../../errors/app-error.js';
import { assignSlots, composePrintJob, renderPdf, renderPng, renderSvg, renderZpl, resolveLayout, type Addresses, type Calibration, type PrintItem, type PrintJob } from '../../print/index.js';
import { writeFileAtomic } from './atomic-file.js';
import type { BuyParams } from './buy-plan.js';
import { mergeDocuments, planPrintJobs } from './print-plan.js';

/** The output formats, chosen by the file's extension. */
export type PrintFormat = 'pdf' | 'png' | 'svg' | 'zpl';

/** What and where to print. */
export interface PrintOptions {
  /** A layout name: single-label, address-30up, stamp-sheet, thermal-4x6, envelope-10. */
  readonly layout: string;
  /** The output file; its extension (.pdf, .png, .svg, .zpl) picks the format. */
  readonly out: string;
  /** First free slot of a partly used plain sheet. */
  readonly startSlot?: number;
  /** The printer's saved correction. */
  readonly calibration?: Calibration;
  /** PNG resolution in dots per inch (300 by default). */
  readonly dpi?: number;
  /** Return and delivery addresses (envelope-10 and thermal-4x6 only). */
  readonly addresses?: Addresses;
  /** A CUPS printer to send the printed file to (PDF at true size, ZPL raw). */
  readonly lp?: string;
}

/** The format of an output file by its extension (INVALID_ARGUMENT for another one). */
export function printFormatOf(out: string): PrintFormat {
  const ext = extname(out).toLowerCase().slice(1);
  if (ext === 'pdf' || ext === 'png' || ext === 'svg' || ext === 'zpl') return ext;
  throw new AppError('INVALID_ARGUMENT', `${out} does not end in .pdf, .png, .svg or .zpl, so its format is unknown`, { out });
}

/** Renders the stamps (in the order given) and writes the files; returns their paths. */
export async function printStamps(stamps: readonly Pick<Stamp, 'indicium'>[], options: PrintOptions): Promise<string[]> {
  const items: PrintItem[] = stamps.map((s) => ({ indicium: Buffer.from(s.indicium, 'base64') }));
  return printItems(items, options);
}

async function printItems(items: readonly PrintItem[], options: PrintOptions): Promise<string[]> {
  const format = printFormatOf(options.out);
  const layout = resolveLayout(options.layout);
  const jobs = planPrintJobs(layout, items, options.startSlot);
  const doc = mergeDocuments(jobs.map((job) => composePrintJob(withSettings(job, options))));
  switch (format) {
    case 'pdf':
      return writeAll(options.out, [await renderPdf(doc, { title: `Indicia (${layout.name})` })]);
    case 'png':
      return writeAll(options.out, await renderPng(doc, { dpi: options.dpi }));
    case 'svg':
      return writeAll(options.out, renderSvg(doc));
    case 'zpl':
      return writeAll(options.out, [renderZpl(doc)]);
  }
}

async function writeAll(out: string, pages: readonly (string | Uint8Array)[]): Promise<string[]> {
  const ext = extname(out);
  const stem = out.slice(0, out.length - ext.length);
  const width = String(pages.length).length;
  const paths = pages.length === 1 ? [out] : pages.map((_, i) => `${stem}-${String(i + 1).padStart(width, '0')}${ext}`);
  for (const [i, page] of pages.entries()) await writeFileAtomic(paths[i]!, page, 0o644);
  return paths;
}

/**
 * Checks, before anything is bought, that the stamps a buy command would get can be printed as asked:
 * the format, the output folder, the layout, and every slot (with stand-in indicia carrying the same
 * medium, date and ZIPs, signed by nobody). Throws the error the real print would throw.
 */
export async function preflightPrint(params: BuyParams, options: PrintOptions, today: string): Promise<void> {
  printFormatOf(options.out);
  const folder = dirname(options.out);
  await access(folder, constants.W_OK).catch(() => {
    throw new AppError('INVALID_ARGUMENT', `Cannot write into ${folder}, the folder of --out`, { out: options.out });
  });
  const layout = resolveLayout(options.layout);
  const items = standIns(params, today);
  const jobs = planPrintJobs(layout, items, options.startSlot);
  for (const job of jobs) assignSlots(layout, job);
  composePrintJob(withSettings(jobs[0]!, options));
}

function withSettings(job: PrintJob, options: PrintOptions): PrintJob {
  return { ...job, ...(options.calibration ? { calibration: options.calibration } : {}), ...(options.addresses ? { addresses: options.addresses } : {}) };
}

function standIns(params: BuyParams, today: string): PrintItem[] {
  const serial = params.medium === undefined ? undefined : parseMediumSerial(params.medium.serial).serial;
  return Array.from({ length: params.quantity }, (_, i) => {
    const medium = serial === undefined ? 0n : packMedium(serial, params.medium!.firstSlot + i);
    // Postage left out is the server's rate, unknown here: the widest amount stands in for it.
    const postage = params.postageMills === undefined ? POSTAGE_LIMITS_MILLS.max : BigInt(params.postageMills);
    // Wide but plausible values, so that the text of the human-readable block is as long as a real one.
    const fields = {
      version: 1, algorithm: 1 as const, licenseNumber: 99_999_999, certificateSerial: 1, psdId: 99_999, pieceCount: 9_999_999,
      ascendingRegister: 999_999_999n, descendingRegister: 999_999_999n, postage,
      dateOfMailing: parseMailingDate(params.dateOfMailing ?? today), originZip: parseZip(params.originZip),
      destinationZip: params.destinationZip === undefined ? 0 : parseZip(params.destinationZip), rateCategory: params.rateCategory, medium, softwareId: 1,
    };
    return { indicium: assembleIndicium(fields, new Uint8Array(64)) };
  });
}
