import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJobId } from '../../src/print/cups/index.js';
import { CUPS_PROBLEM, cupsPdfFile, cupsTestsRun, PDF_QUEUE } from '../print/cups/cups-fixture.js';
import { indicia, startSystemUnderTest, type SystemUnderTest } from './system-harness.js';

// The user system end to end: `indicia login` and `indicia buy --print LAYOUT` against the started vendor
// system, then `indicia verify` reads every symbol back from the printed PDF (rasterised by pdftoppm,
// decoded by our decoder) and checks it against the authority's certificate directory.

let sys: SystemUnderTest;
const home = mkdtempSync(join(tmpdir(), 'indicia-user-'));
const env = { ...process.env, XDG_CONFIG_HOME: home, CI: process.env.CI ?? '' };

beforeAll(async () => {
  sys = await startSystemUnderTest({ servers: 2, psds: 2 });
  const login = await indicia(['login', '--url', sys.webUrl, '--api-key', sys.apiKey], env);
  expect(login.code).toBe(0);
}, 120_000);
afterAll(async () => {
  await sys?.stop();
  rmSync(home, { recursive: true, force: true });
});

const LAYOUTS: readonly [string, number, string[]][] = [
  ['single-label', 1, []],
  ['address-30up', 30, []],
  ['stamp-sheet', 20, []],
  ['thermal-4x6', 1, ['--return-address', 'A. Sender|1 Main St|San Francisco CA 94107', '--delivery-address', 'B. Receiver|2 Broadway|New York NY 10001']],
  ['envelope-10', 1, ['--return-address', 'A. Sender|1 Main St|San Francisco CA 94107', '--delivery-address', 'B. Receiver|2 Broadway|New York NY 10001']],
];

describe('indicia buy --print', () => {
  it.each(LAYOUTS)('puts %s stamps (%i) on paper that verify valid', async (layout, quantity, extra) => {
    const out = join(home, `${layout}.pdf`);
    const buy = await indicia(
      ['buy', '--category', 'letter', '--postage', '0.85', '--from', '94107', '--to', '10001', '--quantity', String(quantity), '--print', layout, '--out', out, '--json', ...extra],
      env,
    );
    expect(buy.stderr).toBe('');
    expect(buy.code).toBe(0);
    const verify = await indicia(['verify', '--certs', `${sys.authorityUrl}/.well-known/indicia-certificates.json`, '--json', out], env);
    const results = (JSON.parse(verify.stdout) as { results: { verdict?: { status: string; fields: { licenseNumber: number } } }[] }).results;
    expect(results).toHaveLength(quantity);
    expect(results.every((r) => r.verdict?.status === 'valid' && r.verdict.fields.licenseNumber === sys.licenseNumber)).toBe(true);
    expect(verify.code).toBe(0);
  }, 120_000);
});

describe.runIf(cupsTestsRun)('indicia buy --print through CUPS', () => {
  it('prints a bought sheet on the CUPS-PDF printer, and every symbol on the PDF CUPS wrote verifies', async () => {
    expect(CUPS_PROBLEM, 'run scripts/cups-setup.sh as root').toBeUndefined();
    const out = join(home, 'through-cups.pdf');
    const buy = await indicia(
      ['buy', '--category', 'letter', '--postage', '0.85', '--from', '94107', '--quantity', '30', '--print', 'address-30up', '--out', out, '--lp', PDF_QUEUE, '--json'],
      env,
    );
    expect(buy.stderr).toBe('');
    expect(buy.code).toBe(0);
    // The journal records the CUPS job of the print; CUPS-PDF wrote the page it received to its spool folder.
    const journal = readFileSync(join(home, 'indicia', 'stamps.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; printerJob?: { id: string; state: string } });
    const job = journal.filter((e) => e.type === 'print' && e.printerJob).at(-1)!.printerJob!;
    expect(job.state).toBe('completed');
    const printed = cupsPdfFile(parseJobId(job.id)!);
    const verify = await indicia(['verify', '--certs', `${sys.authorityUrl}/.well-known/indicia-certificates.json`, '--json', printed], env);
    const results = (JSON.parse(verify.stdout) as { results: { verdict?: { status: string } }[] }).results;
    expect(results).toHaveLength(30);
    expect(results.every((r) => r.verdict?.status === 'valid')).toBe(true);
  }, 180_000);
});
