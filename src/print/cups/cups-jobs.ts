// The state of a CUPS job, and waiting until it is done. lpstat cannot tell a completed job from an
// aborted or cancelled one (all three are "completed" to `lpstat -W completed`), so the state is asked
// with IPP Get-Job-Attributes through ipptool, which every CUPS server installs (cups-ipp-utils).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../errors/app-error.js';
import { jobUri, parseIpptoolCsv, parsePrinterStatus, type CupsJob } from './cups-parse.js';
import { cupsServer, isCupsRunning } from './cups-printer.js';
import { runCupsTool, toolComplaint } from './cups-tools.js';
import { validateJob } from './lp-options.js';

/** IPP job states (RFC 8011 §5.3.7). */
export type JobState = 'pending' | 'pending-held' | 'processing' | 'processing-stopped' | 'canceled' | 'aborted' | 'completed';

const JOB_STATES: readonly JobState[] = ['pending', 'pending-held', 'processing', 'processing-stopped', 'canceled', 'aborted', 'completed'];

/** A job's state as the server reports it. */
export interface JobStatus {
  readonly job: CupsJob;
  readonly state: JobState;
  /** job-state-reasons keywords. */
  readonly reasons: readonly string[];
  /** The printer's message about the job ('' when none). */
  readonly message: string;
}

// An ipptool test: one Get-Job-Attributes request for the job at $uri, printing three attributes as CSV.
const GET_JOB_TEST = `{
  NAME "indicia job state"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri job-uri $uri
  ATTR name requesting-user-name $user
  ATTR keyword requested-attributes job-state,job-state-reasons,job-printer-state-message
  STATUS successful-ok
  DISPLAY job-state
  DISPLAY job-state-reasons
  DISPLAY job-printer-state-message
}
`;

/** Asks for job states; holds the ipptool test file and the server name between polls. */
interface JobQuery {
  status(job: CupsJob): Promise<JobStatus>;
  close(): Promise<void>;
}

async function openJobQuery(): Promise<JobQuery> {
  const server = await cupsServer();
  const dir = await mkdtemp(join(tmpdir(), 'indicia-ipptool-'));
  const file = join(dir, 'get-job.test');
  await writeFile(file, GET_JOB_TEST, 'utf8');
  return {
    status: async (job) => {
      validateJob(job);
      const result = await runCupsTool('ipptool', ['-c', '-T', '10', jobUri(server, job.number), file]);
      if (result.exitCode !== 0) {
        const complaint = toolComplaint(result);
        if (/does not exist|not[- ]found/i.test(complaint)) {
          throw new AppError('PRINT_JOB_FAILED', `CUPS no longer knows job ${job.id} (${complaint}); whether it printed cannot be told`, { job: job.id });
        }
        throw new AppError('CUPS_UNAVAILABLE', `Cannot ask ${server} for job ${job.id}: ${complaint}`, { job: job.id, server });
      }
      const row = parseIpptoolCsv(result.stdout)[0];
      const state = row?.['job-state'] as JobState | undefined;
      if (!state || !JOB_STATES.includes(state)) {
        throw new AppError('CUPS_UNAVAILABLE', `${server} gave no state for job ${job.id}: ${JSON.stringify(result.stdout.trim())}`, { job: job.id });
      }
      const reasons = (row!['job-state-reasons'] ?? '').split(',').filter((r) => r !== '' && r !== 'none');
      return { job, state, reasons, message: row!['job-printer-state-message'] ?? '' };
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The job's current state (ipptool Get-Job-Attributes). */
export async function getJobStatus(job: CupsJob): Promise<JobStatus> {
  const query = await openJobQuery();
  try {
    return await query.status(job);
  } finally {
    await query.close();
  }
}

/** How long to wait for a job. */
export interface WaitOptions {
  /** Longest wait in milliseconds; 120 000 by default (a real printer may warm up and feed slowly). */
  readonly timeoutMs?: number;
  /** Time between two questions to the server, in milliseconds; 250 by default. */
  readonly pollMs?: number;
}

/**
 * Waits until the job is completed and returns its final status. PRINT_JOB_FAILED when it is cancelled or
 * aborted; PRINTER_STOPPED as soon as its printer is disabled (the job then waits for cupsenable);
 * PRINT_JOB_TIMEOUT when it has not finished in time (it stays queued).
 */
export async function waitForJob(job: CupsJob, options: WaitOptions = {}): Promise<JobStatus> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pollMs = options.pollMs ?? 250;
  const deadline = Date.now() + timeoutMs;
  const query = await openJobQuery();
  try {
    for (;;) {
      const status = await query.status(job);
      if (status.state === 'completed') return status;
      if (status.state === 'canceled' || status.state === 'aborted') {
        const why = [status.message, ...status.reasons].filter((s) => s !== '' && s !== 'processing-to-stop-point').join('; ');
        throw new AppError('PRINT_JOB_FAILED', `Job ${job.id} was ${status.state === 'canceled' ? 'cancelled' : 'aborted'}${why ? ` (${why})` : ''}`, { job: job.id, state: status.state });
      }
      if (status.state === 'pending' || status.state === 'processing-stopped') await failIfStopped(job);
      const left = deadline - Date.now();
      if (left <= 0) {
        const why = [status.message, ...status.reasons].filter((s) => s !== '').join('; ');
        throw new AppError('PRINT_JOB_TIMEOUT', `Job ${job.id} is still ${status.state}${why ? ` (${why})` : ''} after ${timeoutMs} ms`, {
          job: job.id,
          state: status.state,
          timeoutMs,
        });
      }
      await sleep(Math.min(pollMs, left));
    }
  } finally {
    await query.close();
  }
}

// A disabled printer keeps its jobs pending until someone enables it: say so now rather than at the timeout.
async function failIfStopped(job: CupsJob): Promise<void> {
  const result = await runCupsTool('lpstat', ['-p', job.printer]);
  const printer = parsePrinterStatus(result.stdout).find((p) => p.name === job.printer);
  if (printer?.state === 'disabled') {
    throw new AppError('PRINTER_STOPPED', `${job.printer} is stopped${printer.message ? ` (${printer.message})` : ''}; job ${job.id} waits in its queue`, {
      job: job.id,
      printer: job.printer,
      message: printer.message,
    });
  }
  if (result.exitCode !== 0 && !(await isCupsRunning())) {
    throw new AppError('CUPS_UNAVAILABLE', `The CUPS scheduler stopped while job ${job.id} was waiting`, { job: job.id });
  }
}
