// POST /v1/verify and GET /verify without a browser, on both database dialects: what the page relies
// on. The browser tests (verify-page.test.ts) drive the same endpoint through Chromium.
import { generateKeyPairSync } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { renderDataMatrixPng } from '../../src/barcode/index.js';
import { runsWithTool } from '../../src/barcode/barcode-test-support.js';
import { forEachDialect } from '../helpers/dialects.js';
import { expectError, VENDOR_TOKEN } from '../authority/authority-fixture.js';
import { dispensed, registerPsd, scanHex, scansLog, scanningFixture, type ScanningFixture } from '../authority/scanning/scanning-fixture.js';
import { blankPng, pdfOfSymbols, type VerifyAnswer } from './verify-fixtures.js';

const withPdfTools = runsWithTool('pdftoppm', 'poppler-utils');

function verify(f: ScanningFixture, body: { indicium: string } | { payload: Buffer | string; contentType: string }, headers: Record<string, string> = {}) {
  if ('indicium' in body) return f.app.inject({ method: 'POST', url: '/v1/verify', headers, payload: body });
  return f.app.inject({ method: 'POST', url: '/v1/verify', headers: { ...headers, 'content-type': body.contentType }, payload: body.payload });
}

function answerOf(res: LightMyRequestResponse): VerifyAnswer {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json() as VerifyAnswer;
}

forEachDialect((_dialect, open) => {
  describe('POST /v1/verify', () => {
    it('answers every rule and the readable fields, without a token, and records no sighting and no scan', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const bytes = dispensed(psd, f.clock, { pieceCount: 5 });
      const answer = answerOf(await verify(f, { indicium: bytes.toString('hex') }));
      expect(answer.checkedAt).toBe(f.clock.now().toISOString());
      const [result, ...rest] = answer.results;
      expect(rest).toEqual([]);
      expect(result).toMatchObject({ source: 'indicium', status: 'valid', valid: true, reason: 'All six rules hold', firstScannedAt: null, refundedAt: null });
      expect(result?.rule).toBeUndefined();
      expect(result?.rules.map((r) => [r.rule, r.outcome])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, 'passed']));
      expect(result?.rules[5]?.reason).toBe(`The postal authority has not scanned license ${psd.licenseNumber} PSD ${psd.psdId} piece 5 yet`);
      expect(result?.fields).toMatchObject({ pieceCount: 5, postage: '740', originZip: 200_011_234 });
      const display = Object.fromEntries((result?.display ?? []).map((d) => [d.name, d.value]));
      expect(display).toMatchObject({
        postage: '$0.74',
        dateOfMailing: '2026-03-01',
        rateCategory: 'First-Class Mail letter (code 1)',
        originZip: '20001-1234',
        destinationZip: 'not given',
        ascendingRegister: '$3.70',
        medium: 'no registered medium',
        algorithm: 'ECDSA P-256',
      });
      // Checking it twice changes nothing, and the sorting centre's real scan is still the first sighting.
      expect(answerOf(await verify(f, { indicium: bytes.toString('hex') })).results[0]?.status).toBe('valid');
      expect(await scansLog(f)).toEqual([]);
      expect((await scanHex(f, bytes)).status).toBe('valid');
    });

    it('reports a piece the authority already scanned as a duplicate, with when, and a refunded one as refunded', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const scanned = dispensed(psd, f.clock, { pieceCount: 1 });
      expect((await scanHex(f, scanned)).status).toBe('valid');
      const scannedAt = f.clock.now().toISOString();
      f.clock.advanceMs(3_600_000);
      const dup = answerOf(await verify(f, { indicium: scanned.toString('base64') })).results[0];
      expect(dup).toMatchObject({ status: 'duplicate', valid: false, rule: 6, firstScannedAt: scannedAt, refundedAt: null });
      expect(dup?.reason).toBe(`license ${psd.licenseNumber} PSD ${psd.psdId} piece 1 was already scanned by the postal authority at ${scannedAt}`);
      expect(dup?.rules.map((r) => r.outcome)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed', 'failed']);

      expect((await f.vendor('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 2 })).statusCode).toBe(201);
      const refunded = answerOf(await verify(f, { indicium: dispensed(psd, f.clock, { pieceCount: 2 }).toString('hex') })).results[0];
      expect(refunded).toMatchObject({ status: 'refunded', valid: false, rule: 6, firstScannedAt: null, refundedAt: f.clock.now().toISOString() });
      expect(refunded?.rules[5]).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/was refunded at .*: its postage was given back$/) });
      // Only the one real scan is in the log.
      expect((await scansLog(f)).length).toBe(1);
    });

    it('fails rule 3 for a forgery and rule 2 once the PSD is revoked, marking the later rules not checked', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const forged = answerOf(await verify(f, { indicium: dispensed(psd, f.clock, { pieceCount: 9, key: forger }).toString('hex') })).results[0];
      expect(forged).toMatchObject({ status: 'invalid', valid: false, rule: 3, firstScannedAt: null });
      expect(forged?.rules.map((r) => r.outcome)).toEqual(['passed', 'passed', 'failed', 'not checked', 'not checked', 'not checked']);
      expect(forged?.rules[3]?.reason).toBe('Rule 3 failed first; the verifier stops at the first failure');

      expect((await f.operator('POST', `/v1/psds/${psd.psdId}/revoke`)).statusCode).toBe(200);
      f.clock.advanceMs(86_400_000);
      const late = answerOf(await verify(f, { indicium: dispensed(psd, f.clock, { pieceCount: 10 }).toString('hex') })).results[0];
      expect(late).toMatchObject({ status: 'invalid', rule: 2, reason: expect.stringMatching(/was revoked at .* before the mailing date/) });
    });

    it('reads a PNG and the indicium as text/plain; refuses what is not an indicium with catalogued errors', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const bytes = dispensed(psd, f.clock, { pieceCount: 3 });
      const png = renderDataMatrixPng(bytes, { modulePx: 4, quietZoneModules: 2 });
      expect(answerOf(await verify(f, { payload: png, contentType: 'image/png' })).results).toMatchObject([{ source: 'symbol 1', status: 'valid' }]);
      expect(answerOf(await verify(f, { payload: bytes.toString('hex'), contentType: 'text/plain; charset=utf-8' })).results).toMatchObject([{ status: 'valid' }]);

      expect(expectError(await verify(f, { payload: blankPng(80, 60), contentType: 'image/png' }), 'BARCODE_NOT_FOUND').details).toBeUndefined();
      expectError(await verify(f, { payload: Buffer.from('\xff\xd8\xff\xe0 a JPEG', 'latin1'), contentType: 'image/jpeg' }), 'VERIFY_UPLOAD_UNSUPPORTED');
      expectError(await verify(f, { payload: Buffer.from('GIF89a'), contentType: 'image/png' }), 'INPUT_UNREADABLE');
      expectError(await verify(f, { indicium: 'abc' }), 'INDICIUM_HEX_INVALID');
      expectError(await verify(f, { indicium: 'not an indicium!' }), 'INVALID_ARGUMENT');
      // 12 bytes of hex decode, and rule 1 says why they are no indicium.
      expect(answerOf(await verify(f, { indicium: '00'.repeat(12) })).results[0]).toMatchObject({ status: 'invalid', rule: 1 });
      expect(await scansLog(f)).toEqual([]);
    });

    it('refuses an upload over the limit from its declared size, and an upload without a size at the body limit', async () => {
      const f = await scanningFixture(open, { scanBodyLimitBytes: 2048 });
      const body = expectError(await verify(f, { payload: Buffer.alloc(4096, 1), contentType: 'image/png' }), 'VERIFY_UPLOAD_TOO_LARGE');
      expect(body.details).toEqual({ bytes: 4096, maxBytes: 2048 });
      expect(body.message).toMatch(/^The upload is 4 KB; the verification page accepts at most 2 KB\./);
      // The page tells the browser its limit.
      expect((await f.app.inject('/verify')).body).toContain('data-max-bytes="2048"');
    });

    it('limits each address to 30 verifications a minute, answering 429 with Retry-After', async () => {
      const f = await scanningFixture(open);
      const hex = { indicium: '00'.repeat(117) };
      for (let i = 0; i < 30; i++) expect((await verify(f, hex)).statusCode).toBe(200);
      f.clock.advanceMs(20_000);
      const refused = await verify(f, hex);
      expect(expectError(refused, 'VERIFY_RATE_LIMITED').details).toEqual({ retryAfterSeconds: 40 });
      expect(refused.headers['retry-after']).toBe('40');
      // X-Forwarded-For is not trusted (no proxy is configured), so it does not get round the limit.
      expect((await verify(f, hex, { 'x-forwarded-for': '192.0.2.8' })).statusCode).toBe(429);
      // Another address has its own count; the first may go again once its minute is over.
      const other = await f.app.inject({ method: 'POST', url: '/v1/verify', payload: hex, remoteAddress: '192.0.2.7' });
      expect(other.statusCode).toBe(200);
      f.clock.advanceMs(40_000);
      expect((await verify(f, hex)).statusCode).toBe(200);
    });

    describe.runIf(withPdfTools)('PDF (pdftoppm)', () => {
      it('reads every symbol of a PDF, in reading order', async () => {
        const f = await scanningFixture(open);
        const psd = await registerPsd(f);
        const pdf = await pdfOfSymbols([[dispensed(psd, f.clock, { pieceCount: 1 }), dispensed(psd, f.clock, { pieceCount: 2, key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey })]]);
        const results = answerOf(await verify(f, { payload: pdf, contentType: 'application/pdf' })).results;
        expect(results.map((r) => [r.source, r.status, r.rule])).toEqual([
          ['page 1 symbol 1', 'valid', undefined],
          ['page 1 symbol 2', 'invalid', 3],
        ]);
      });
    });
  });

  describe('GET /verify', () => {
    it('serves the page, its stylesheet and its script from the authority, with a strict content security policy', async () => {
      const f = await scanningFixture(open);
      const page = await f.app.inject('/verify');
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'; script-src 'self'");
      expect(page.body).toContain('<html lang="en">');
      expect(page.body).toContain('<p class="authority">Test Postal Authority</p>');
      // Every resource the page names is served by the app itself.
      const refs = [...page.body.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]!);
      expect(refs).toEqual(['/verify/assets/verify-page.css', '/verify/assets/verify-page.js']);
      const css = await f.app.inject(refs[0]!);
      expect([css.statusCode, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
      const js = await f.app.inject(refs[1]!);
      expect([js.statusCode, js.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
      expect(js.body).toContain("fetch(form.action");
      expectError(await f.app.inject('/verify/assets/secret.txt'), 'ROUTE_NOT_FOUND');
      expectError(await f.app.inject('/verify/assets/..%2Fverify-page.routes.ts'), 'ROUTE_NOT_FOUND');
    });

    it('keeps PNG uploads out of the other routes', async () => {
      const f = await scanningFixture(open);
      const headers = { authorization: `Bearer ${VENDOR_TOKEN}`, 'content-type': 'image/png' };
      const png = await f.app.inject({ method: 'POST', url: '/v1/license', headers, payload: blankPng(4, 4) });
      expect(png.statusCode).toBe(415);
    });
  });
});
