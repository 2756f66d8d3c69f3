// Printers through CUPS: list them, send a PDF (at true size) or raw bytes (ZPL) with `lp`, and cancel.
// Every failure becomes a catalogued error: the scheduler down (CUPS_UNAVAILABLE), an unknown printer
// (PRINTER_NOT_FOUND), one that rejects jobs (PRINTER_NOT_ACCEPTING), or a job lp refused (PRINT_JOB_FAILED).
// Waiting for a job is in cups-jobs.ts.
import { AppError } from '../../errors/app-error.js';
import { parseDestinations, parsePrinterStatus, parseRequestId, schedulerRunning, type CupsJob, type PrinterInfo } from './cups-parse.js';
import { runCupsTool, toolComplaint, type CupsToolResult } from './cups-tools.js';
import { lpArguments, mediaForPage, validateJob, validatePrinterName, type LpRequest } from './lp-options.js';

/** True when the CUPS scheduler answers (`lpstat -r`). */
export async function isCupsRunning(): Promise<boolean> {
  const result = await runCupsTool('lpstat', ['-r']);
  return schedulerRunning(result.stdout);
}

async function requireScheduler(): Promise<void> {
  if (!(await isCupsRunning())) {
    throw new AppError('CUPS_UNAVAILABLE', 'The CUPS scheduler is not running (lpstat -r)', { server: await cupsServer().catch(() => undefined) });
  }
}

/** The server the CUPS tools talk to (`lpstat -H`): "/run/cups/cups.sock", "localhost:631", "host:631". */
export async function cupsServer(): Promise<string> {
  return (await runCupsTool('lpstat', ['-H'])).stdout.trim();
}

/**
 * Every destination the user can print to (`lpstat -e`), with the state of each queue (`lpstat -d -p -a -v`).
 * An instance NAME/INSTANCE shares the state of its queue; a printer found on the network and not yet a
 * queue has state "unknown". CUPS_UNAVAILABLE when the scheduler is not running.
 */
export async function listPrinters(): Promise<PrinterInfo[]> {
  await requireScheduler();
  const names = parseDestinations((await runCupsTool('lpstat', ['-e'])).stdout);
  // With no queue at all lpstat -p exits 1 ("No destinations added"); its output is then just empty.
  const status = parsePrinterStatus((await runCupsTool('lpstat', ['-d', '-p', '-a', '-v'])).stdout);
  const byName = new Map(status.map((p) => [p.name, p]));
  const unknown = (name: string): PrinterInfo => ({ name, state: 'unknown', accepting: undefined, message: '', device: undefined, isDefault: false });
  const listed = names.map((name) => {
    const queue = byName.get(name.split('/')[0]!);
    return queue ? { ...queue, name, isDefault: queue.isDefault && queue.name === name } : unknown(name);
  });
  const missing = status.filter((p) => !names.includes(p.name));
  return [...listed, ...missing];
}

/** One printer's state; PRINTER_NOT_FOUND when CUPS has no destination of that name. */
export async function getPrinter(name: string): Promise<PrinterInfo> {
  validatePrinterName(name);
  const printer = (await listPrinters()).find((p) => p.name === name);
  if (!printer) throw new AppError('PRINTER_NOT_FOUND', `CUPS has no printer named ${JSON.stringify(name)}`, { printer: name });
  return printer;
}

/**
 * The printer, when a job sent now would print: PRINTER_NOT_FOUND, PRINTER_NOT_ACCEPTING, or
 * PRINTER_STOPPED (a disabled printer queues jobs but prints none). For checking before buying postage.
 */
export async function requirePrinterReady(name: string): Promise<PrinterInfo> {
  const printer = await getPrinter(name);
  const why = printer.message ? ` (${printer.message})` : '';
  if (printer.accepting === false) throw new AppError('PRINTER_NOT_ACCEPTING', `${name} is not accepting jobs${why}`, { printer: name, message: printer.message });
  if (printer.state === 'disabled') throw new AppError('PRINTER_STOPPED', `${name} is stopped${why}`, { printer: name, message: printer.message });
  return printer;
}

/** Options of a job sent with `lp`. */
export interface SubmitOptions {
  /** Job title; CUPS-PDF names its file after it. */
  readonly title?: string;
  /** Copies, 1–100; 1 by default. */
  readonly copies?: number;
  /** More CUPS options as name=value (for example "InputSlot=Tray2"); they are added last, so they win. */
  readonly options?: readonly string[];
}

/** Options of a PDF job. */
export interface PdfSubmitOptions extends SubmitOptions {
  /** The page size in points: the job asks for media of exactly this size (see mediaForPage). */
  readonly pageSize?: { readonly widthPt: number; readonly heightPt: number };
  /** A `media` value of the printer's own ("Letter", "w288h432", "Env10") instead of the page's size. */
  readonly media?: string;
}

/** Sends a PDF to a printer at true size (no fitting, scaling, n-up or turning); returns the CUPS job. */
export function submitPdf(printer: string, pdf: Uint8Array, options: PdfSubmitOptions = {}): Promise<CupsJob> {
  const media = options.media ?? (options.pageSize ? mediaForPage(options.pageSize.widthPt, options.pageSize.heightPt) : undefined);
  return submitJob({ printer, title: options.title, copies: options.copies, options: options.options, ...(media === undefined ? {} : { media }) }, pdf);
}

/** Sends bytes unfiltered (`-o raw`) to a printer, such as ZPL to a thermal printer's queue; returns the CUPS job. */
export function submitRaw(printer: string, data: Uint8Array, options: SubmitOptions = {}): Promise<CupsJob> {
  return submitJob({ printer, title: options.title, copies: options.copies, options: options.options, raw: true }, data);
}

/** Runs `lp` with the document on standard input; the job's id, or the catalogued reason it was refused. */
export async function submitJob(request: LpRequest, data: Uint8Array): Promise<CupsJob> {
  const args = lpArguments(request);
  if (data.byteLength === 0) throw new AppError('INVALID_ARGUMENT', 'There is nothing to print: the document is empty');
  const result = await runCupsTool('lp', args, { input: data, timeoutMs: 60_000 });
  if (result.exitCode === 0) {
    const job = parseRequestId(result.stdout);
    if (job) return job;
    throw new AppError('PRINT_JOB_FAILED', `lp printed no request id for ${request.printer}: ${JSON.stringify(result.stdout.trim())}`, { printer: request.printer });
  }
  throw await lpFailure(request.printer, result);
}

// lp's complaints in the C locale. With the scheduler down, lp says the printer "does not exist", so an
// unknown printer is told apart from a stopped scheduler by asking the scheduler.
async function lpFailure(printer: string, result: CupsToolResult): Promise<AppError> {
  const complaint = toolComplaint(result);
  const details = { printer, complaint };
  if (/not accepting jobs/i.test(complaint)) return new AppError('PRINTER_NOT_ACCEPTING', `${printer} is not accepting jobs`, details);
  if (/does not exist|invalid destination|unknown destination|no such destination/i.test(complaint)) {
    if (!(await isCupsRunning().catch(() => false))) return new AppError('CUPS_UNAVAILABLE', `The CUPS scheduler is not running, so ${printer} cannot be reached`, details);
    return new AppError('PRINTER_NOT_FOUND', `CUPS has no printer named ${JSON.stringify(printer)}`, details);
  }
  if (/unable to connect|scheduler is not running|connection refused/i.test(complaint)) {
    return new AppError('CUPS_UNAVAILABLE', `lp cannot reach the CUPS scheduler: ${complaint}`, details);
  }
  return new AppError('PRINT_JOB_FAILED', `lp refused the job for ${printer}: ${complaint}`, details);
}

/**
 * Cancels a job (`cancel ID`). True when it was cancelled; false when it had already ended or CUPS no
 * longer knows it. CUPS_UNAVAILABLE when the scheduler cannot be reached.
 */
export async function cancelJob(job: CupsJob): Promise<boolean> {
  const result = await runCupsTool('cancel', [validateJob(job).id]);
  if (result.exitCode === 0) return true;
  const complaint = toolComplaint(result);
  if (/already|does not exist|not found/i.test(complaint)) return false;
  await requireScheduler();
  throw new AppError('PRINT_JOB_FAILED', `cancel ${job.id} failed: ${complaint}`, { job: job.id, complaint });
}
