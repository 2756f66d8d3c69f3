// `indicia authority scan` against a real authority server listening on loopback.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { dataMatrixModules, drawDataMatrixOnPdfPage, renderDataMatrixPng } from '../../../src/barcode/index.js';
import { runsWithTool } from '../../../src/barcode/barcode-test-support.js';
import { authorityScanCommand } from '../../../src/cli/commands/authority-scan.js';
import { runCli } from '../../../src/cli/run-cli.js';
import { forDialect } from '../../helpers/dialects.js';
import { dispensed, registerPsd, scansLog, scanningFixture, SCANNER_TOKEN, type ScanningFixture } from './scanning-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'indicia-authority-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const withPdfTools = runsWithTool('pdftoppm', 'poppler-utils');

/** Runs `indicia authority scan ARGS` the way the authority verb dispatches it. */
async function scanCli(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const status = await runCli(['scan', ...args], { out: (t) => (out += t), err: (t) => (err += t), env, cwd: dir }, [authorityScanCommand]);
  return { status, out, err };
}

async function listening(f: ScanningFixture): Promise<string> {
  const url = await f.app.listen({ host: '127.0.0.1', port: 0 });
  onTestFinished(() => f.app.close());
  return url;
}

forDialect('sqlite', (open) => {
  describe('indicia authority scan', () => {
    it('scans hex at the authority: valid (exit 0), then a duplicate (exit 1), logged with the station name', async () => {
      const f = await scanningFixture(open);
      const url = await listening(f);
      const psd = await registerPsd(f);
      const hex = dispensed(psd, f.clock, { pieceCount: 1 }).toString('hex');
      const first = await scanCli(['--url', url, '--token', SCANNER_TOKEN, '--scanner-id', 'desk-2', hex]);
      expect(first).toMatchObject({ status: 0, err: '' });
      expect(first.out).toBe(`VALID     hex: license ${psd.licenseNumber} PSD ${psd.psdId} piece 1 $0.74 mailed 2026-03-01 (scan 1)\n1 of 1 valid\n`);
      // The token may come from the environment.
      const again = await scanCli(['--url', url, hex], { AUTHORITY_SCANNER_TOKEN: SCANNER_TOKEN });
      expect(again.status).toBe(1);
      expect(again.out).toContain(`DUPLICATE hex: rule 6: license ${psd.licenseNumber} PSD ${psd.psdId} piece 1 was seen before`);
      expect((await scansLog(f)).map((s) => [s.status, s.scannerId])).toEqual([
        ['duplicate', null],
        ['valid', 'desk-2'],
      ]);
    });

    it('sends PNG files, reports refunded and unreadable inputs with the rest, and prints JSON', async () => {
      const f = await scanningFixture(open);
      const url = await listening(f);
      const psd = await registerPsd(f);
      const good = join(dir, 'good.png');
      const refunded = join(dir, 'refunded.png');
      writeFileSync(good, renderDataMatrixPng(dispensed(psd, f.clock, { pieceCount: 1 }), { modulePx: 4, quietZoneModules: 2 }));
      writeFileSync(refunded, renderDataMatrixPng(dispensed(psd, f.clock, { pieceCount: 2 }), { modulePx: 4, quietZoneModules: 2 }));
      writeFileSync(join(dir, 'notes.txt'), 'not an image');
      expect((await f.vendor('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 2 })).statusCode).toBe(201);

      const r = await scanCli(['--url', url, '--token', SCANNER_TOKEN, '--json', 'good.png', 'refunded.png', 'notes.txt']);
      expect(r.status).toBe(1);
      const doc = JSON.parse(r.out) as { results: { input: string; result?: Record<string, unknown>; error?: { code: string } }[] };
      expect(doc.results.map((e) => [e.input, e.result?.status ?? e.error?.code])).toEqual([
        ['good.png', 'valid'],
        ['refunded.png', 'refunded'],
        ['notes.txt', 'INPUT_UNREADABLE'],
      ]);
      expect(doc.results[1]?.result).toMatchObject({ valid: false, rule: 6, source: 'symbol 1' });
      const text = await scanCli(['--url', url, '--token', SCANNER_TOKEN, 'refunded.png']);
      expect(text.out).toMatch(/^REFUNDED {2}refunded\.png symbol 1: rule 6: license \d+ PSD \d+ piece 2 was refunded at /);
    });

    it.runIf(withPdfTools)('sends a PDF and reports each symbol on its page', async () => {
      const f = await scanningFixture(open);
      const url = await listening(f);
      const psd = await registerPsd(f);
      const doc = await PDFDocument.create();
      const page = doc.addPage([400, 300]);
      [1, 2].forEach((piece, i) => drawDataMatrixOnPdfPage(page, dataMatrixModules(dispensed(psd, f.clock, { pieceCount: piece })), { x: 30 + i * 180, y: 150, moduleSizePt: 2 }));
      writeFileSync(join(dir, 'labels.pdf'), await doc.save());
      const r = await scanCli(['--url', url, '--token', SCANNER_TOKEN, 'labels.pdf']);
      expect(r.status).toBe(0);
      expect(r.out).toMatch(/^VALID {5}labels\.pdf page 1 symbol 1: .* piece 1 .*\nVALID {5}labels\.pdf page 1 symbol 2: .* piece 2 .*\n2 of 2 valid\n$/);
    });

    it('stops with the authority’s error for a bad token, and when the authority cannot be reached', async () => {
      const f = await scanningFixture(open);
      const url = await listening(f);
      const denied = await scanCli(['--url', url, '--token', 'wrong-token', '00']);
      expect(denied.status).toBe(1);
      expect(denied.err).toMatch(/^error AUTH_TOKEN_INVALID: /);
      const vendor = await scanCli(['--url', url, '--token', 'vendor-token-0123456789abcdef0123456789abcdef', '00']);
      expect(vendor.err).toMatch(/^error AUTH_FORBIDDEN: This call needs the scanner or operator token, not the vendor token\. /);
      await f.app.close();
      const gone = await scanCli(['--url', url, '--token', SCANNER_TOKEN, '00']);
      expect(gone.status).toBe(1);
      expect(gone.err).toMatch(new RegExp(`^error SCAN_AUTHORITY_UNAVAILABLE: No answer from the postal authority at ${url}`));
    });

    it('refuses a missing URL, token or input, and a bad station name, as usage errors (exit 2)', async () => {
      for (const args of [['00'], ['--url', 'http://127.0.0.1:1', '00'], ['--url', 'http://127.0.0.1:1', '--token', 't'], ['--url', 'x', '--token', 't', '00']]) {
        const r = await scanCli(args);
        expect(r.status).toBe(2);
        expect(r.err).toMatch(/^error INVALID_ARGUMENT: /);
      }
      expect((await scanCli(['--url', 'http://127.0.0.1:1', '--token', 't', '--scanner-id', 'a b', '00'])).status).toBe(2);
      expect((await scanCli(['--bogus'])).status).toBe(2);
    });
  });
});
