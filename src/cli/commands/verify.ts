import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readIndicia } from '../../barcode/read-indicia.js';
import { formatDollars } from '../../core/money.js';
import { formatMailingDate } from '../../core/mailing-date.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import { parseCertificateDirectoryJson, type CertificateDirectory } from '../../verifier/certificate-directory.js';
import { MemorySeenStore } from '../../verifier/seen-store.js';
import { createVerifier, type Verdict } from '../../verifier/verifier.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';

const USAGE = `Usage: indicia verify --certs DIRECTORY INPUT...

Verifies indicia by the six rules of spec §8 and prints a verdict for each.

INPUT is the indicium as hexadecimal (234 digits), a PNG image, or a PDF file (every Data Matrix symbol
on every page is read). DIRECTORY is the postal authority's certificate directory: a JSON file, or the URL
of /.well-known/indicia-certificates.json.

Options:
  --certs DIRECTORY   the certificate directory (required)
  --from DATE         refuse mailing dates before DATE (YYYY-MM-DD); no window is checked unless given
  --to DATE           refuse mailing dates after DATE
  --scan-date DATE    check the mailing date against this day of scanning (30 days before, 1 after)
  --check-period      also require the mailing date to lie in the certificate's validity period
  --json              print one JSON document instead of text

Exit status: 0 when every indicium is valid, 1 when any is invalid or a duplicate, 2 on a usage error.
`;

async function loadDirectory(location: string, cwd: string): Promise<CertificateDirectory> {
  let text: string;
  if (/^https?:\/\//.test(location)) {
    const res = await fetch(location, { signal: AbortSignal.timeout(10_000) }).catch((err: unknown) => {
      throw new AppError('INPUT_UNREADABLE', `cannot fetch the certificate directory at ${location}: ${(err as Error).message}`);
    });
    if (!res.ok) throw new AppError('INPUT_UNREADABLE', `the certificate directory at ${location} answered HTTP ${res.status}`);
    text = await res.text();
  } else {
    text = await readFile(resolve(cwd, location), 'utf8').catch(() => {
      throw new AppError('INPUT_UNREADABLE', `cannot read the certificate directory ${location}`);
    });
  }
  return parseCertificateDirectoryJson(text);
}

/** One line of the report. */
interface ReportEntry {
  readonly source: string;
  readonly verdict?: Verdict;
  readonly error?: { readonly code: string; readonly message: string };
}

function describe(entry: ReportEntry): string {
  if (entry.error) return `ERROR     ${entry.source}: ${entry.error.code}: ${entry.error.message}`;
  const v = entry.verdict!;
  const f = v.fields;
  const what = f
    ? `license ${f.licenseNumber} PSD ${f.psdId} piece ${f.pieceCount} ${formatDollars(f.postage)} mailed ${formatMailingDate(f.dateOfMailing)}`
    : '';
  if (v.status === 'valid') return `VALID     ${entry.source}: ${what}`;
  const label = v.status === 'duplicate' ? 'DUPLICATE' : 'INVALID  ';
  return `${label} ${entry.source}: rule ${v.rule}: ${v.reason}${what ? ` (${what})` : ''}`;
}

function toJson(entry: ReportEntry): unknown {
  return JSON.parse(
    JSON.stringify(entry, (_k, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
  );
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('verify', args, {
    certs: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'scan-date': { type: 'string' },
    'check-period': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (!values.certs) throw new AppError('INVALID_ARGUMENT', 'indicia verify needs --certs DIRECTORY; run indicia help verify');
  if (positionals.length === 0) throw new AppError('INVALID_ARGUMENT', 'indicia verify needs at least one INPUT; run indicia help verify');
  const directory = await loadDirectory(values.certs, io.cwd);
  const window = values.from || values.to ? { from: values.from, to: values.to } : undefined;
  const verifier = createVerifier({ directory, seen: new MemorySeenStore(), window, enforceCertificatePeriod: values['check-period'] });

  const entries: ReportEntry[] = [];
  for (const input of positionals) {
    const path = /^[0-9a-fA-F\s]+$/.test(input.trim()) ? input : resolve(io.cwd, input);
    try {
      for (const { source, bytes } of await readIndicia(path)) {
        const verdict = await verifier.verify(bytes, values['scan-date'] ? { scanDate: values['scan-date'] } : {});
        entries.push({ source: source === 'hex' ? 'hex' : source.replace(`${io.cwd}/`, ''), verdict });
      }
    } catch (err) {
      if (!isAppError(err)) throw err;
      entries.push({ source: input, error: { code: err.code, message: err.message } });
    }
  }
  if (values.json) io.out(`${JSON.stringify({ results: entries.map(toJson) }, null, 2)}\n`);
  else for (const e of entries) io.out(`${describe(e)}\n`);
  const allValid = entries.length > 0 && entries.every((e) => e.verdict?.status === 'valid');
  if (!values.json) io.out(`${entries.filter((e) => e.verdict?.status === 'valid').length} of ${entries.length} valid\n`);
  return allValid ? 0 : 1;
}

/** `indicia verify`: the offline verifier of spec §8 over hex, PNG and PDF inputs. */
export const verifyCommand: CliCommand = { name: 'verify', summary: 'verify indicia (hex, PNG or PDF) against a certificate directory', usage: USAGE, run };
