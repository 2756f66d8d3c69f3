// What `lp` is told so that a page prints at its true size: the media of the page's own size, and the
// options that would otherwise shrink, fit, rotate or tile it. Pure: builds argument arrays, runs nothing.
import { AppError } from '../../errors/app-error.js';
import type { CupsJob } from './cups-parse.js';

/**
 * Options that keep a PDF page at 100 %, placed as drawn. They override the user's saved `lpoptions`
 * defaults too (a saved `number-up=2` or `orientation-requested=4` would halve or turn every label).
 * `scaling=` is left out on purpose: it is an option of image files, where 100 means "fill 100 % of the
 * page", not "natural size"; a PDF never reaches the filters that read it.
 */
export const TRUE_SIZE_OPTIONS: readonly string[] = ['fit-to-page=false', 'print-scaling=none', 'number-up=1', 'orientation-requested=3'];

// PWG self-describing names of the portrait sizes the layouts use, so that CUPS picks the driver's own
// size (tray, margins) by its dimensions. Sizes in points; matched within half a point.
const NAMED_MEDIA: readonly { readonly widthPt: number; readonly heightPt: number; readonly name: string }[] = [
  { widthPt: 612, heightPt: 792, name: 'na_letter_8.5x11in' },
  { widthPt: 612, heightPt: 1008, name: 'na_legal_8.5x14in' },
  { widthPt: 595.28, heightPt: 841.89, name: 'iso_a4_210x297mm' },
  { widthPt: 288, heightPt: 432, name: 'na_index-4x6_4x6in' },
];

const HUNDREDTHS_MM_PER_PT = 2540 / 72;

/**
 * The `media` value of a page of this size. Standard portrait sizes get their PWG name. Any other size,
 * and every landscape page, gets `Custom.WxHmm` in the page's own orientation: a PWG name always means
 * portrait, and CUPS would then turn a landscape page by 90°. CUPS keeps custom sizes in whole hundredths
 * of a millimetre, truncating, so each side is rounded UP to the next hundredth: 297 pt (104.775 mm)
 * sent as 104.77 mm came out of CUPS-PDF 1 pt short.
 */
export function mediaForPage(widthPt: number, heightPt: number): string {
  if (!(widthPt > 0 && heightPt > 0 && Number.isFinite(widthPt) && Number.isFinite(heightPt))) {
    throw new AppError('INVALID_ARGUMENT', `A page must have a positive size, not ${widthPt} × ${heightPt} pt`, { widthPt, heightPt });
  }
  const named = NAMED_MEDIA.find((m) => Math.abs(m.widthPt - widthPt) <= 0.5 && Math.abs(m.heightPt - heightPt) <= 0.5);
  if (named) return named.name;
  return `Custom.${ceilMm(widthPt)}x${ceilMm(heightPt)}mm`;
}

function ceilMm(pt: number): string {
  // The small epsilon keeps exact conversions (162 pt = 5715 hundredths) from rounding up by float noise.
  const hundredths = Math.ceil(pt * HUNDREDTHS_MM_PER_PT - 1e-6);
  return String(hundredths / 100);
}

// CUPS refuses names with spaces, '/', '\\', '?', quotes or '#', and longer than 127 bytes
// (scheduler validate_name). A leading '-' is refused here too: lpstat and cancel would read it as an option.
const QUEUE = /^[^\s/\\?'"#-][^\s/\\?'"#]{0,126}$/u;

/** Checks a destination name as `lp -d` takes it: QUEUE or QUEUE/INSTANCE (PRINTER_NAME_INVALID otherwise). */
export function validatePrinterName(name: unknown): string {
  const parts = typeof name === 'string' ? name.split('/') : [];
  const ok = parts.length >= 1 && parts.length <= 2 && parts.every((p) => QUEUE.test(p) && !/\p{Cc}/u.test(p));
  if (!ok) {
    throw new AppError('PRINTER_NAME_INVALID', `${JSON.stringify(name)} cannot name a CUPS printer`, { printer: String(name) });
  }
  return name as string;
}

/** Checks a job before its id goes on a command line: PRINTER-NUMBER, as lp gave it. */
export function validateJob(job: CupsJob): CupsJob {
  validatePrinterName(job.printer);
  if (!Number.isInteger(job.number) || job.number < 1 || job.id !== `${job.printer}-${job.number}`) {
    throw new AppError('INVALID_ARGUMENT', `${JSON.stringify(job.id)} is not a CUPS job id such as printer-12`, { job: job.id });
  }
  return job;
}

/** What one `lp` submission asks for. */
export interface LpRequest {
  /** The destination, as `lpstat -e` lists it. */
  readonly printer: string;
  /** Job title (shown by lpstat; CUPS-PDF names its file after it). */
  readonly title?: string;
  /** Number of copies, 1–100. */
  readonly copies?: number;
  /** `media=` value; omit to leave the printer's default (raw jobs). */
  readonly media?: string;
  /** Send the bytes unfiltered to the device (`-o raw`): ZPL for a thermal printer. */
  readonly raw?: boolean;
  /** More `name=value` options, added after the true-size ones, so they win. */
  readonly options?: readonly string[];
}

// lp splits an -o value at spaces into several options, so a value may hold none.
const OPTION = /^[A-Za-z0-9][A-Za-z0-9._-]*(=\S*)?$/;

/** The `lp` arguments of a job read from standard input (no file argument): no shell, one array element per argument. */
export function lpArguments(request: LpRequest): string[] {
  const args = ['-d', validatePrinterName(request.printer)];
  if (request.title !== undefined) args.push('-t', cleanTitle(request.title));
  const copies = request.copies ?? 1;
  if (!Number.isInteger(copies) || copies < 1 || copies > 100) {
    throw new AppError('INVALID_ARGUMENT', `Copies must be a whole number from 1 to 100, not ${copies}`, { copies });
  }
  if (copies !== 1) args.push('-n', String(copies));
  const given = [...(request.media === undefined ? [] : [`media=${request.media}`]), ...(request.options ?? [])];
  for (const option of given) {
    if (!OPTION.test(option)) throw new AppError('INVALID_ARGUMENT', `${JSON.stringify(option)} is not a CUPS option of the form name=value without spaces`, { option });
  }
  for (const option of [...(request.raw ? ['raw'] : TRUE_SIZE_OPTIONS), ...given]) args.push('-o', option);
  return args;
}

// Titles become file names in CUPS-PDF and lines in lpstat: keep them short and printable.
function cleanTitle(title: string): string {
  const clean = title.replace(/[\p{Cc}]/gu, ' ').trim().slice(0, 64);
  return clean === '' ? 'indicia' : clean;
}
