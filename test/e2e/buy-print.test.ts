import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      ['buy', '--category', 'letter', '--postage', '0.74', '--from', '94107', '--to', '10001', '--quantity', String(quantity), '--print', layout, '--out', out, '--json', ...extra],
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
