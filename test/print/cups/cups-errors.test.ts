// What a user is told when printing through CUPS goes wrong, against a real scheduler: an unknown
// printer, a held job that times out, a cancelled job, the scheduler out of reach, and (as root, on a
// queue of the test's own) a printer that rejects jobs or is stopped.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors/app-error.js';
import { cancelJob, getJobStatus, getPrinter, listPrinters, printToPrinter, requirePrinterReady, submitPdf, waitForJob } from '../../../src/print/cups/index.js';
import { composePrintJob, renderPdf } from '../../../src/print/index.js';
import { plainIndicia } from '../print-fixture.js';
import { CUPS_PROBLEM, cupsTestsRun, PDF_QUEUE, ZPL_QUEUE } from './cups-fixture.js';

const doc = composePrintJob({ layout: 'single-label', items: plainIndicia(1, 6201).map((indicium) => ({ indicium })) });
const LETTER = { widthPt: 612, heightPt: 792 };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
}

describe.runIf(cupsTestsRun)('printing through CUPS when something is wrong', { timeout: 60_000 }, () => {
  it('has CUPS set up by scripts/cups-setup.sh (required under CI)', () => {
    expect(CUPS_PROBLEM, 'run scripts/cups-setup.sh as root').toBeUndefined();
  });

  it('lists the test queues with their state and device', async () => {
    const printers = await listPrinters();
    expect(printers.find((p) => p.name === PDF_QUEUE)).toMatchObject({ accepting: true, device: 'cups-pdf:/indicia' });
    expect(printers.find((p) => p.name === ZPL_QUEUE)).toMatchObject({ accepting: true, device: 'socket://127.0.0.1:19100' });
    expect((await requirePrinterReady(PDF_QUEUE)).name).toBe(PDF_QUEUE);
  });

  it('says PRINTER_NOT_FOUND for a printer CUPS does not have', async () => {
    expect(await codeOf(getPrinter('indicia-no-such-printer'))).toBe('PRINTER_NOT_FOUND');
    expect(await codeOf(requirePrinterReady('indicia-no-such-printer'))).toBe('PRINTER_NOT_FOUND');
    expect(await codeOf(printToPrinter(doc, { printer: 'indicia-no-such-printer' }))).toBe('PRINTER_NOT_FOUND');
  });

  it('times out on a held job (PRINT_JOB_TIMEOUT), then reports it cancelled (PRINT_JOB_FAILED)', async () => {
    const pdf = await renderPdf(doc);
    const job = await submitPdf(PDF_QUEUE, pdf, { title: 'cups-test held', pageSize: LETTER, options: ['job-hold-until=indefinite'] });
    try {
      expect((await getJobStatus(job)).state).toBe('pending-held');
      const started = Date.now();
      expect(await codeOf(waitForJob(job, { timeoutMs: 1_000, pollMs: 100 }))).toBe('PRINT_JOB_TIMEOUT');
      // Bounded: the timeout is kept to within a poll and one question to the server.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      expect(await cancelJob(job)).toBe(true);
    }
    expect((await getJobStatus(job)).state).toBe('canceled');
    await expect(waitForJob(job, { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'PRINT_JOB_FAILED', message: expect.stringContaining('cancelled') });
    expect(await cancelJob(job)).toBe(false);
    // A job the server never had (or has purged) cannot be said to have printed.
    expect(await codeOf(getJobStatus({ id: `${PDF_QUEUE}-999999`, number: 999_999, printer: PDF_QUEUE }))).toBe('PRINT_JOB_FAILED');
  });

  it('says CUPS_UNAVAILABLE when the scheduler cannot be reached', async () => {
    const saved = process.env.CUPS_SERVER;
    process.env.CUPS_SERVER = '127.0.0.1:1';
    try {
      expect(await codeOf(listPrinters())).toBe('CUPS_UNAVAILABLE');
      expect(await codeOf(printToPrinter(doc, { printer: PDF_QUEUE }))).toBe('CUPS_UNAVAILABLE');
    } finally {
      if (saved === undefined) delete process.env.CUPS_SERVER;
      else process.env.CUPS_SERVER = saved;
    }
  });
});

// Rejecting and stopping a printer takes an administrator; the test does it to a queue of its own, never
// to the shared test queues, which other test files print to at the same time.
const isRoot = process.getuid?.() === 0;
if (cupsTestsRun && !isRoot) console.warn('not root: skipping the CUPS tests that reject and stop a queue of their own (lpadmin needs an administrator)');

describe.runIf(cupsTestsRun && isRoot)('a printer that rejects jobs or is stopped', { timeout: 60_000 }, () => {
  const queue = `indicia-test-${process.pid}`;
  const admin = (tool: string, args: string[]) => execFileSync(tool, args, { stdio: 'ignore', timeout: 10_000 });
  beforeAll(() => admin('lpadmin', ['-p', queue, '-E', '-v', 'socket://127.0.0.1:9', '-D', 'indicia test queue, removed after the test']));
  afterAll(() => admin('lpadmin', ['-x', queue]));

  it('says PRINTER_NOT_ACCEPTING when the queue rejects jobs', async () => {
    admin('cupsreject', ['-r', 'maintenance', queue]);
    expect((await getPrinter(queue)).accepting).toBe(false);
    expect(await codeOf(requirePrinterReady(queue))).toBe('PRINTER_NOT_ACCEPTING');
    expect(await codeOf(printToPrinter(doc, { printer: queue }))).toBe('PRINTER_NOT_ACCEPTING');
    admin('cupsaccept', [queue]);
  });

  it('says PRINTER_STOPPED, with the reason, as soon as the queue is found disabled', async () => {
    admin('cupsdisable', ['-r', 'out of labels', queue]);
    expect(await getPrinter(queue)).toMatchObject({ state: 'disabled', message: 'out of labels' });
    expect(await codeOf(requirePrinterReady(queue))).toBe('PRINTER_STOPPED');
    const started = Date.now();
    await expect(printToPrinter(doc, { printer: queue, wait: { timeoutMs: 30_000 } })).rejects.toMatchObject({
      code: 'PRINTER_STOPPED',
      message: expect.stringContaining('out of labels'),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
