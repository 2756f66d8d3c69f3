// The printing flags the user verbs share, and printing followed by its journal line.
import { resolve } from 'node:path';
import type { Stamp } from '../../client/index.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import { readFile } from 'node:fs/promises';
import { defaultCalibrationDir, layoutNames, loadCalibration, resolveLayout, type Addresses } from '../../print/index.js';
import { requirePrinterReady, submitPdf, submitRaw, waitForJob } from '../../print/cups/index.js';
import type { CliIo } from '../command.js';
import type { BuyParams } from './buy-plan.js';
import type { StampJournal } from './journal.js';
import { preflightPrint, printStamps, type PrintOptions } from './print-stamps.js';

/** Flags of the output file, start slot, printer calibration and PNG resolution. */
export const OUTPUT_FLAGS = {
  out: { type: 'string' },
  'start-slot': { type: 'string' },
  printer: { type: 'string' },
  lp: { type: 'string' },
  dpi: { type: 'string' },
  'return-address': { type: 'string' },
  'delivery-address': { type: 'string' },
} as const;

/** The buy command's printing flags: --print LAYOUT and the output flags. */
export const PRINT_FLAGS = { print: { type: 'string' }, ...OUTPUT_FLAGS } as const;

/** Help lines of the output flags. */
export const OUTPUT_FLAGS_HELP = `  --out FILE           the file to write: .pdf, .png or .svg (one file per page: FILE-1.png, …) or .zpl
  --start-slot N       first free slot of a partly used plain-paper sheet
  --printer NAME       apply the printer's saved calibration (~/.config/indicia/printers/NAME.json)
  --lp QUEUE           also send the file (.pdf at true size, or .zpl raw) to the CUPS printer QUEUE and
                       wait until it has printed; its saved calibration applies unless --printer names another
  --dpi N              PNG resolution, 72 to 1200 (default 300)
  --return-address A   return address for envelope-10 and thermal-4x6, lines separated by |
  --delivery-address A delivery address for envelope-10 and thermal-4x6, lines separated by |`;

/** Help lines of the buy command's printing flags. */
export const PRINT_FLAGS_HELP = `  --print LAYOUT       print the stamps bought: ${layoutNames().join(', ')}
${OUTPUT_FLAGS_HELP}`;

type Values = Readonly<Record<string, string | boolean | undefined>>;

function whole(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(value >= min && value <= max)) throw new AppError('INVALID_ARGUMENT', `${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return value;
}

function addressesOf(values: Values): { addresses?: Addresses } {
  const lines = (flag: string): string[] | undefined => (values[flag] === undefined ? undefined : String(values[flag]).split('|').map((l) => l.trim()));
  const returnAddress = lines('return-address');
  const delivery = lines('delivery-address');
  if (returnAddress === undefined && delivery === undefined) return {};
  return { addresses: { ...(returnAddress ? { returnAddress } : {}), ...(delivery ? { delivery } : {}) } };
}

/**
 * The print options of `layout` and the output flags, or undefined when nothing is to be printed.
 * With `params` (a buy), the print is checked before anything is bought (see preflightPrint).
 */
export async function resolvePrintOptions(layout: string | undefined, layoutFlag: string, values: Values, io: CliIo, params?: BuyParams): Promise<PrintOptions | undefined> {
  const out = values.out as string | undefined;
  if (layout === undefined) {
    const stray = Object.keys(OUTPUT_FLAGS).filter((n) => values[n] !== undefined);
    if (stray.length > 0) throw new AppError('INVALID_ARGUMENT', `--${stray.join(', --')} ${stray.length === 1 ? 'goes' : 'go'} with ${layoutFlag} LAYOUT`);
    return undefined;
  }
  if (out === undefined) throw new AppError('INVALID_ARGUMENT', `${layoutFlag} needs --out FILE (.pdf, .png, .svg or .zpl)`);
  const lp = values.lp as string | undefined;
  if (lp !== undefined) {
    if (!/\.(pdf|zpl)$/i.test(out)) throw new AppError('INVALID_ARGUMENT', `--lp prints a .pdf or .zpl file; ${out} is neither`);
    await requirePrinterReady(lp);
  }
  const printer = values.printer as string | undefined;
  const calibrationName = printer ?? lp;
  const calibration = calibrationName === undefined ? undefined : await loadCalibration(defaultCalibrationDir(io.env), calibrationName).catch(() => undefined);
  if (printer !== undefined && calibration === undefined) {
    throw new AppError('INVALID_ARGUMENT', `No calibration is saved for printer ${printer} in ${defaultCalibrationDir(io.env)}; make one with indicia calibrate`);
  }
  const options: PrintOptions = {
    layout,
    out: resolve(io.cwd, out),
    ...(values['start-slot'] === undefined ? {} : { startSlot: whole(values['start-slot'] as string, '--start-slot', 0, 255) }),
    ...(calibration === undefined ? {} : { calibration }),
    ...(lp === undefined ? {} : { lp }),
    ...(values.dpi === undefined ? {} : { dpi: whole(values.dpi as string, '--dpi', 72, 1200) }),
    ...addressesOf(values),
  };
  if (params !== undefined) await preflightPrint(params, options, new Date().toISOString().slice(0, 10));
  return options;
}

/** The buy command's print options (checked against the stamps it will buy). */
export function printOptionsFrom(values: Values, io: CliIo, params: BuyParams): Promise<PrintOptions | undefined> {
  return resolvePrintOptions(values.print as string | undefined, '--print', values, io, params);
}

/**
 * Prints stamps already saved in the journal and records the print there. After a purchase
 * (`reprint: false`) a failure is CLIENT_PRINT_FAILED, saying how to print them again.
 */
export async function printAndRecord(journal: StampJournal, stamps: readonly Stamp[], options: PrintOptions, context: { reprint: boolean; batchKey?: string }): Promise<string[]> {
  let files: string[];
  try {
    files = await printStamps(stamps, options);
  } catch (err) {
    if (context.reprint || !isAppError(err)) throw err;
    const again = context.batchKey === undefined ? `indicia print ID… --layout ${options.layout} --out FILE` : `indicia print --batch ${context.batchKey} --layout ${options.layout} --out FILE`;
    throw new AppError('CLIENT_PRINT_FAILED', `Printing ${stamps.length} stamps to ${options.out} failed (${err.code}: ${err.message}); print them again with ${again}`, {
      causeCode: err.code,
      batchKey: context.batchKey,
      stampIds: stamps.map((s) => s.id),
    }, { cause: err });
  }
  const printerJob = options.lp === undefined ? undefined : await sendToPrinter(options.lp, files, options.layout);
  await journal.append([
    { type: 'print', at: new Date().toISOString(), stampIds: stamps.map((s) => s.id), layout: options.layout, files, reprint: context.reprint, ...(printerJob ? { printerJob } : {}) },
  ]);
  return files;
}

/**
 * Sends the printed file to a CUPS printer (PDF at the layout's true size, ZPL raw) and waits until the
 * job has completed; the file stays on disk, so a failed job can be printed again.
 */
async function sendToPrinter(printer: string, files: readonly string[], layoutName: string): Promise<{ printer: string; id: string; state: string }> {
  const file = files[0];
  if (file === undefined || files.length !== 1) throw new AppError('INVALID_ARGUMENT', '--lp prints one .pdf or .zpl file');
  const data = await readFile(file);
  const layout = resolveLayout(layoutName);
  const title = `indicia ${layout.name}`;
  const job = /\.zpl$/i.test(file) ? await submitRaw(printer, data, { title }) : await submitPdf(printer, data, { title, pageSize: { widthPt: layout.widthPt, heightPt: layout.heightPt } });
  const status = await waitForJob(job);
  return { printer, id: job.id, state: status.state };
}
