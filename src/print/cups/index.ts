/** Printing through CUPS: list printers, send a document at true size (PDF) or raw (ZPL) with lp, and wait for the job. */
export { printToPrinter, type PrinterJobOptions, type PrinterJobResult } from './print-to-printer.js';
export { listPrinters, getPrinter, requirePrinterReady, isCupsRunning, cupsServer, submitPdf, submitRaw, submitJob, cancelJob, type SubmitOptions, type PdfSubmitOptions } from './cups-printer.js';
export { getJobStatus, waitForJob, type JobState, type JobStatus, type WaitOptions } from './cups-jobs.js';
export { mediaForPage, lpArguments, validatePrinterName, validateJob, TRUE_SIZE_OPTIONS, type LpRequest } from './lp-options.js';
export { parseJobId, type CupsJob, type PrinterInfo } from './cups-parse.js';
export { CUPS_TOOL_PACKAGES, CUPS_COMMAND_TIMEOUT_MS, type CupsTool } from './cups-tools.js';
