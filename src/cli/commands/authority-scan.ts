// `indicia authority scan`: a scanning station on the command line. Each INPUT is sent to the postal
// authority's scanning service (POST /v1/scans), which verifies it by spec §8 against its own records,
// its memory of every indicium already scanned and the vendor's refunds, and logs the scan.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatMailingDate } from '../../core/mailing-date.js';
import { formatDollars } from '../../core/money.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import { ERRORS, type ErrorCode } from '../../errors/catalogue.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `Usage: indicia authority scan --url AUTHORITY_URL [--token TOKEN] INPUT...

Sends indicia to the postal authority's scanning service, which applies the six rules of spec §8 against
its own certificate records (today being the day of the scan), remembers every indicium any scanner has
seen (a second scan is a duplicate) and knows the stamps the vendor refunded. The authority logs each scan.

INPUT is the indicium as hexadecimal (234 digits), a PNG image, or a PDF file (every Data Matrix symbol
on every page is read by the authority).

Options:
  --url URL          the authority's base URL, such as http://127.0.0.1:4401 (default: $AUTHORITY_URL)
  --token TOKEN      the scanner token, or the operator token (default: $AUTHORITY_SCANNER_TOKEN)
  --scanner-id ID    this station's name, logged with each scan (1-64 of A-Z a-z 0-9 . _ : -)
  --timeout-ms MS    how long to wait for each answer, in milliseconds (default 60000)
  --json             print one JSON document instead of text

Exit status: 0 when every indicium is valid; 1 when any is invalid, a duplicate, refunded or unreadable,
or the authority cannot be reached; 2 on a usage error.
`;

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const DEFAULT_TIMEOUT_MS = 60_000;

/** One result of the authority's answer, as it sends it. */
interface RemoteResult {
  readonly scanId: number;
  readonly source: string;
  readonly status: string;
  readonly valid: boolean;
  readonly rule?: number;
  readonly reason: string;
  readonly fields?: Record<string, number | string>;
}

/** One line of the report: a result of the authority, or why an input got none. */
interface ReportEntry {
  readonly input: string;
  readonly result?: RemoteResult;
  readonly error?: { readonly code: string; readonly message: string; readonly scanId?: number };
}

/** Where to send, and as whom. */
interface Target {
  readonly url: string;
  readonly token: string;
  readonly scannerId: string | undefined;
  readonly timeoutMs: number;
}

/** The request body of one INPUT: hex as JSON, a PNG or PDF file as itself. */
async function requestBody(input: string, cwd: string): Promise<{ body: string | Buffer; contentType: string }> {
  if (/^[0-9a-fA-F\s]+$/.test(input.trim())) return { body: JSON.stringify({ indicium: input.replace(/\s+/g, '') }), contentType: 'application/json' };
  const path = resolve(cwd, input);
  const content = await readFile(path).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new AppError('INPUT_UNREADABLE', `Cannot read ${input} (${code})`, { path: input, code });
  });
  if (content.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC)) return { body: content, contentType: 'image/png' };
  if (content.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return { body: content, contentType: 'application/pdf' };
  throw new AppError('INPUT_UNREADABLE', `${input} is neither a PNG nor a PDF file`, { path: input });
}

/** The catalogued error an error answer of the authority carries (the code is shared with this software). */
function remoteError(status: number, answer: unknown): AppError {
  const e = (answer ?? {}) as { code?: unknown; message?: unknown; details?: Record<string, unknown> };
  if (status >= 500) {
    return new AppError('SCAN_AUTHORITY_UNAVAILABLE', `The postal authority answered HTTP ${status}${typeof e.message === 'string' ? `: ${e.message}` : ''}`);
  }
  if (typeof e.code !== 'string' || !(e.code in ERRORS) || typeof e.message !== 'string') {
    return new AppError('AUTHORITY_ANSWER_INVALID', `The postal authority answered HTTP ${status} without a catalogued error`, { status });
  }
  // The authority's message already ends with the fix: keep it whole.
  return new AppError(e.code as ErrorCode, e.message, e.details, { complete: true });
}

/** Posts one INPUT; resolves to its results, throws the authority's error otherwise. */
async function scanOne(target: Target, body: string | Buffer, contentType: string): Promise<RemoteResult[]> {
  const headers: Record<string, string> = { authorization: `Bearer ${target.token}`, 'content-type': contentType };
  if (target.scannerId !== undefined) headers['x-scanner-id'] = target.scannerId;
  let res: Response;
  try {
    res = await fetch(new URL('/v1/scans', target.url), { method: 'POST', headers, body, signal: AbortSignal.timeout(target.timeoutMs) });
  } catch (err) {
    const reason = (err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message;
    throw new AppError('SCAN_AUTHORITY_UNAVAILABLE', `No answer from the postal authority at ${target.url}: ${reason}`, { url: target.url });
  }
  const answer: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw remoteError(res.status, answer);
  const results = (answer as { results?: unknown } | undefined)?.results;
  if (!Array.isArray(results)) throw new AppError('AUTHORITY_ANSWER_INVALID', 'The postal authority answered the scan without results');
  return results as RemoteResult[];
}

function label(entry: ReportEntry): string {
  const where = entry.result === undefined || entry.result.source === 'indicium' ? '' : ` ${entry.result.source}`;
  const input = /^[0-9a-fA-F\s]+$/.test(entry.input.trim()) ? 'hex' : entry.input;
  return `${input}${where}`;
}

function describe(entry: ReportEntry): string {
  if (entry.error) return `ERROR     ${label(entry)}: ${entry.error.code}: ${entry.error.message}`;
  const r = entry.result!;
  const f = r.fields;
  const what = f
    ? `license ${f.licenseNumber} PSD ${f.psdId} piece ${f.pieceCount} ${formatDollars(BigInt(f.postage!))} mailed ${formatMailingDate(Number(f.dateOfMailing))}`
    : '';
  if (r.valid) return `VALID     ${label(entry)}: ${what} (scan ${r.scanId})`;
  return `${r.status.toUpperCase().padEnd(9)} ${label(entry)}: rule ${r.rule}: ${r.reason}${what ? ` (${what})` : ''} (scan ${r.scanId})`;
}

function targetOf(values: Record<string, string | boolean | undefined>, env: CliIo['env']): Target {
  const url = (values.url as string | undefined) ?? env.AUTHORITY_URL;
  const token = (values.token as string | undefined) ?? env.AUTHORITY_SCANNER_TOKEN;
  if (!url || !/^https?:\/\/[^/]/.test(url)) throw new AppError('INVALID_ARGUMENT', 'indicia authority scan needs --url http(s)://HOST:PORT of the postal authority');
  if (!token) throw new AppError('INVALID_ARGUMENT', 'indicia authority scan needs --token TOKEN (or AUTHORITY_SCANNER_TOKEN)');
  const scannerId = values['scanner-id'] as string | undefined;
  if (scannerId !== undefined && !/^[A-Za-z0-9._:-]{1,64}$/.test(scannerId)) {
    throw new AppError('INVALID_ARGUMENT', '--scanner-id must be 1 to 64 of A-Z a-z 0-9 . _ : -');
  }
  const timeout = (values['timeout-ms'] as string | undefined) ?? String(DEFAULT_TIMEOUT_MS);
  if (!/^\d{1,7}$/.test(timeout) || Number(timeout) < 1) throw new AppError('INVALID_ARGUMENT', '--timeout-ms must be a whole number of milliseconds from 1');
  return { url, token, scannerId, timeoutMs: Number(timeout) };
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('authority scan', args, {
    url: { type: 'string' },
    token: { type: 'string' },
    'scanner-id': { type: 'string' },
    'timeout-ms': { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const target = targetOf(values, io.env);
  if (positionals.length === 0) throw new AppError('INVALID_ARGUMENT', 'indicia authority scan needs at least one INPUT; run indicia help authority');
  const entries: ReportEntry[] = [];
  for (const input of positionals) {
    try {
      const { body, contentType } = await requestBody(input, io.cwd);
      for (const result of await scanOne(target, body, contentType)) entries.push({ input, result });
    } catch (err) {
      // An error of this input (unreadable, no symbol) is reported with it; one of the service stops the run.
      if (!isAppError(err) || err.kind === 'unavailable' || err.kind === 'unauthenticated' || err.kind === 'forbidden' || err.kind === 'internal') throw err;
      const scanId = typeof err.details?.scanId === 'number' ? { scanId: err.details.scanId } : {};
      entries.push({ input, error: { code: err.code, message: err.message, ...scanId } });
    }
  }
  if (values.json) io.out(`${JSON.stringify({ results: entries }, null, 2)}\n`);
  else {
    for (const e of entries) io.out(`${describe(e)}\n`);
    io.out(`${entries.filter((e) => e.result?.valid === true).length} of ${entries.length} valid\n`);
  }
  return entries.length > 0 && entries.every((e) => e.result?.valid === true) ? 0 : 1;
}

/** `indicia authority scan` (dispatched by the `authority` verb): scans indicia at the postal authority's scanning service. */
export const authorityScanCommand: CliCommand = {
  name: 'scan',
  summary: "scan indicia (hex, PNG or PDF) at the postal authority's scanning service",
  usage: USAGE,
  run,
};
