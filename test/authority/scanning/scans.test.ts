import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../../helpers/dialects.js';
import { expectError } from '../authority-fixture.js';
import { dispensed, registerPsd, resultsOf, scanHex, scansLog, scanningFixture, SCANNER_TOKEN } from './scanning-fixture.js';

const MS_PER_DAY = 86_400_000;

forEachDialect((_dialect, open) => {
  describe('scanning: valid and duplicate', () => {
    it('finds a dispensed indicium valid, then a duplicate, and logs both scans', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const bytes = dispensed(psd, f.clock, { pieceCount: 1 });

      const first = await scanHex(f, bytes, { 'x-scanner-id': 'station-7' });
      expect(first).toMatchObject({ status: 'valid', valid: true, reason: 'All six rules hold', source: 'indicium' });
      expect(first.rule).toBeUndefined();
      expect(first.checks.map((c) => [c.rule, c.passed])).toEqual([1, 2, 3, 4, 5, 6].map((r) => [r, true]));
      expect(first.checks[4]?.reason).toContain('lies within the days allowed around the scan, 2026-01-30 to 2026-03-02');
      expect(first.fields).toMatchObject({ licenseNumber: psd.licenseNumber, psdId: psd.psdId, pieceCount: 1, postage: '740', medium: '0' });

      const second = await scanHex(f, bytes);
      expect(second).toMatchObject({ status: 'duplicate', valid: false, rule: 6 });
      expect(second.reason).toBe(`license ${psd.licenseNumber} PSD ${psd.psdId} piece 1 was seen before`);

      const log = await scansLog(f);
      expect(log.map((s) => [s.scanId, s.status, s.rule, s.scannerId, s.role, s.sourceKind])).toEqual([
        [second.scanId, 'duplicate', 6, null, 'scanner', 'hex'],
        [first.scanId, 'valid', null, 'station-7', 'scanner', 'hex'],
      ]);
      expect(log[1]).toMatchObject({ indiciumHex: bytes.toString('hex'), scannedAt: '2026-03-01T12:00:00.250Z', pieceCount: 1 });
      const sightings = await f.db.query('SELECT piece_count, scanner_id FROM authority_sightings');
      expect(sightings).toEqual([{ piece_count: 1n, scanner_id: 'station-7' }]);
    });

    it('accepts the indicium as base64 (standard or URL-safe) and as raw octets, the operator token too', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const b64 = resultsOf(await f.scan({ indicium: dispensed(psd, f.clock, { pieceCount: 1 }).toString('base64') }));
      const b64url = resultsOf(await f.scan({ indicium: dispensed(psd, f.clock, { pieceCount: 2 }).toString('base64url') }));
      const raw = resultsOf(await f.scan({ payload: dispensed(psd, f.clock, { pieceCount: 3 }), contentType: 'application/octet-stream' }));
      const byOperator = await f.operator('POST', '/v1/scans', { indicium: dispensed(psd, f.clock, { pieceCount: 4 }).toString('hex') });
      expect([...b64, ...b64url, ...raw, ...resultsOf(byOperator)].map((r) => r.status)).toEqual(['valid', 'valid', 'valid', 'valid']);
      const log = await scansLog(f);
      expect(log.map((s) => [s.sourceKind, s.role, s.pieceCount])).toEqual([
        ['hex', 'operator', 4],
        ['bytes', 'scanner', 3],
        ['base64', 'scanner', 2],
        ['base64', 'scanner', 1],
      ]);
    });

    it('still finds the indicium a duplicate after the database is reopened by a new app instance', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const bytes = dispensed(psd, f.clock, { pieceCount: 5 });
      expect((await scanHex(f, bytes)).status).toBe('valid');
      await f.app.close();
      await f.db.close();

      const reopened = await scanningFixture(open, { url: f.db.url });
      expect(await scanHex(reopened, bytes)).toMatchObject({ status: 'duplicate', rule: 6 });
      expect((await scanHex(reopened, dispensed(psd, reopened.clock, { pieceCount: 6 }))).status).toBe('valid');
      expect((await scansLog(reopened)).map((s) => s.status)).toEqual(['valid', 'duplicate', 'valid']);
    });

    it('two app instances scanning one indicium at the same moment: exactly one valid, one duplicate', async () => {
      const f = await scanningFixture(open);
      const other = await scanningFixture(open, { url: f.db.url });
      const psd = await registerPsd(f);
      for (let piece = 1; piece <= 6; piece++) {
        const bytes = dispensed(psd, f.clock, { pieceCount: piece });
        const [a, b] = await Promise.all([scanHex(f, bytes, { 'x-scanner-id': 'a' }), scanHex(other, bytes, { 'x-scanner-id': 'b' })]);
        expect([a.status, b.status].sort()).toEqual(['duplicate', 'valid']);
      }
      const log = await scansLog(other);
      expect(log.filter((s) => s.status === 'valid')).toHaveLength(6);
      expect(log.filter((s) => s.status === 'duplicate')).toHaveLength(6);
      const [count] = await f.db.query('SELECT COUNT(*) AS n FROM authority_sightings');
      expect(count).toEqual({ n: 6n });
    });
  });

  describe('scanning: invalid indicia', () => {
    it('reports a forgery (another key) as rule 3, and other failures by their first rule', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      // Forty days on, so that the certificate's period covers every mailing date rule 5 looks at.
      f.clock.advanceMs(40 * MS_PER_DAY);
      const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const forged = await scanHex(f, dispensed(psd, f.clock, { pieceCount: 1, key: forger }));
      expect(forged).toMatchObject({ status: 'invalid', valid: false, rule: 3 });
      expect(forged.reason).toBe(`The ECDSA P-256 signature does not verify with the key of certificate ${psd.certificateSerial}`);
      // The forgery took no sighting: the genuine piece 1 is still valid.
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 1 }))).status).toBe('valid');

      expect(await scanHex(f, Buffer.alloc(116, 1))).toMatchObject({ status: 'invalid', rule: 1, reason: 'The indicium is 116 bytes long, not 117' });
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 2, certificateSerial: 99 }))).reason).toBe('No certificate with serial 99 is in the directory');
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 3, postage: 0n }))).rule).toBe(4);
      // Rule 5 against today: 31 days back is too old, two days ahead too early.
      const today = dispensed(psd, f.clock).readUInt16BE(31);
      expect(await scanHex(f, dispensed(psd, f.clock, { pieceCount: 4, dateOfMailing: today - 31 }))).toMatchObject({ rule: 5 });
      expect(await scanHex(f, dispensed(psd, f.clock, { pieceCount: 5, dateOfMailing: today + 2 }))).toMatchObject({ rule: 5 });
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 6, dateOfMailing: today + 1 }))).status).toBe('valid');
      const invalid = (await scansLog(f)).filter((s) => s.status === 'invalid').map((s) => s.rule);
      expect(invalid).toEqual([5, 5, 4, 2, 1, 3]);
    });

    it('enforces the certificate period: mail dated before the certificate was issued is rule 2', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      f.clock.advanceMs(10 * MS_PER_DAY);
      const today = dispensed(psd, f.clock).readUInt16BE(31);
      // Registered on 2026-03-01 at noon: mail dated the day before lies within the scan window but outside the period.
      const early = await scanHex(f, dispensed(psd, f.clock, { pieceCount: 1, dateOfMailing: today - 11 }));
      expect(early).toMatchObject({ status: 'invalid', rule: 2 });
      expect(early.reason).toContain('does not cover the mailing date 2026-02-28');
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 2, dateOfMailing: today - 10 }))).status).toBe('valid');
    });

    it('reports mail dated after a withdrawal as rule 2, and mail of the withdrawal day as valid', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      expect((await f.operator('POST', '/v1/deposit/fund', { amountMills: '1000000', reference: 'w-1' })).statusCode).toBe(201);
      await f.vendor('POST', '/v1/resets', { psdId: psd.psdId, currentControlTotal: '0', amount: '500000', transactionId: 'tx-1' });
      const withdrawn = await f.vendor('POST', `/v1/psds/${psd.psdId}/withdraw`, { descendingRegister: '499260', controlTotal: '500000' });
      expect(withdrawn.statusCode).toBe(200);
      f.clock.advanceMs(2 * MS_PER_DAY);
      const today = dispensed(psd, f.clock).readUInt16BE(31);
      const after = await scanHex(f, dispensed(psd, f.clock, { pieceCount: 2, dateOfMailing: today - 1 }));
      expect(after).toMatchObject({ status: 'invalid', valid: false, rule: 2 });
      expect(after.reason).toMatch(/^Certificate \d+ was revoked at 2026-03-01T12:00:00.000Z, before the mailing date 2026-03-02$/);
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 1, dateOfMailing: today - 2 }))).status).toBe('valid');
    });

    it('sees a revocation made through another app instance at the next scan', async () => {
      const f = await scanningFixture(open);
      const other = await scanningFixture(open, { url: f.db.url, clock: f.clock });
      const psd = await registerPsd(f);
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 1 }))).status).toBe('valid');
      f.clock.advanceMs(MS_PER_DAY);
      expect((await other.operator('POST', `/v1/psds/${psd.psdId}/suspend`)).statusCode).toBe(200);
      const suspended = await scanHex(f, dispensed(psd, f.clock, { pieceCount: 2 }));
      expect(suspended).toMatchObject({ status: 'invalid', rule: 2 });
      expect(suspended.reason).toContain('was suspended at');
      expect((await other.operator('POST', `/v1/psds/${psd.psdId}/reinstate`)).statusCode).toBe(200);
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 3 }))).status).toBe('valid');
      expect((await other.operator('POST', `/v1/psds/${psd.psdId}/revoke`)).statusCode).toBe(200);
      // Mail of the revocation day stays good; the next day's is not.
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 4 }))).status).toBe('valid');
      f.clock.advanceMs(MS_PER_DAY);
      expect(await scanHex(f, dispensed(psd, f.clock, { pieceCount: 5 }))).toMatchObject({ status: 'invalid', rule: 2 });
    });
  });

  describe('scanning: access and requests', () => {
    it('needs the scanner or operator token to scan and the operator token to read the log', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const body = { indicium: dispensed(psd, f.clock).toString('hex') };
      expectError(await f.vendor('POST', '/v1/scans', body), 'AUTH_FORBIDDEN');
      expectError(await f.app.inject({ method: 'POST', url: '/v1/scans', payload: body }), 'AUTH_TOKEN_INVALID');
      const asScanner = await f.app.inject({ method: 'GET', url: '/v1/scans', headers: { authorization: `Bearer ${SCANNER_TOKEN}` } });
      expectError(asScanner, 'AUTH_FORBIDDEN');
      expectError(await f.vendor('GET', '/v1/scans'), 'AUTH_FORBIDDEN');
      // The scanner token opens the scanning calls only.
      const deposit = await f.app.inject({ method: 'GET', url: '/v1/deposit', headers: { authorization: `Bearer ${SCANNER_TOKEN}` } });
      expect(expectError(deposit, 'AUTH_FORBIDDEN').message).toMatch(/^This call needs the vendor or operator token, not the scanner token\./);
    });

    it('refuses malformed requests with the one error shape', async () => {
      const f = await scanningFixture(open);
      expectError(await f.scan({ indicium: 'not an indicium!' }), 'INVALID_ARGUMENT');
      expectError(await f.scan({ indicium: 'abc' }), 'INDICIUM_HEX_INVALID');
      expectError(await f.operator('POST', '/v1/scans', { indicium: '00', extra: 1 }), 'INVALID_ARGUMENT');
      expectError(await f.scan({ indicium: '00' }, { 'x-scanner-id': 'no spaces allowed' }), 'INVALID_ARGUMENT');
      expectError(await f.scan({ payload: Buffer.from('<scan/>'), contentType: 'application/xml' }), 'REQUEST_INVALID', 415);
      expectError(await f.scan({ payload: Buffer.alloc(4096), contentType: 'application/octet-stream' }), 'REQUEST_INVALID', 413);
      expectError(await f.operator('GET', '/v1/scans?cursor=abc'), 'INVALID_ARGUMENT');
      // Other routes do not take the scanning service's media types.
      const png = await f.app.inject({
        method: 'POST',
        url: '/v1/psds',
        headers: { authorization: 'Bearer vendor-token-0123456789abcdef0123456789abcdef', 'content-type': 'image/png' },
        payload: Buffer.from('x'),
      });
      expectError(png, 'REQUEST_INVALID', 415);
      expect(await scansLog(f)).toEqual([]);
    });

    it('pages through the log, newest first', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      for (let piece = 1; piece <= 5; piece++) await scanHex(f, dispensed(psd, f.clock, { pieceCount: piece }));
      const first = (await f.operator('GET', '/v1/scans?limit=2')).json() as { scans: { pieceCount: number }[]; nextCursor: string };
      expect(first.scans.map((s) => s.pieceCount)).toEqual([5, 4]);
      const second = (await f.operator('GET', `/v1/scans?limit=2&cursor=${first.nextCursor}`)).json() as typeof first;
      expect(second.scans.map((s) => s.pieceCount)).toEqual([3, 2]);
      const last = (await f.operator('GET', `/v1/scans?limit=2&cursor=${second.nextCursor}`)).json() as { scans: { pieceCount: number }[]; nextCursor: null };
      expect(last).toMatchObject({ scans: [{ pieceCount: 1 }], nextCursor: null });
    });
  });
});
