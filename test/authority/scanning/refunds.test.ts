import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../../helpers/dialects.js';
import { expectError } from '../authority-fixture.js';
import { dispensed, registerPsd, scanHex, scansLog, scanningFixture, SCANNER_TOKEN } from './scanning-fixture.js';

const MS_PER_DAY = 86_400_000;

forEachDialect((_dialect, open) => {
  describe('refunds', () => {
    it('publishes a refund once (201, then 200 with the same record) and reports the stamp refunded, not valid', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const published = await f.vendor('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 7 });
      expect(published.statusCode).toBe(201);
      const record = { licenseNumber: psd.licenseNumber, psdId: psd.psdId, pieceCount: 7, refundedAt: '2026-03-01T12:00:00.250Z', firstScannedAt: null };
      expect(published.json()).toEqual(record);
      f.clock.advanceMs(MS_PER_DAY);
      const again = await f.vendor('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 7 });
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(record);

      const bytes = dispensed(psd, f.clock, { pieceCount: 7 });
      const scanned = await scanHex(f, bytes);
      const reason = `license ${psd.licenseNumber} PSD ${psd.psdId} piece 7 was refunded at 2026-03-01T12:00:00.250Z: its postage was given back`;
      expect(scanned).toMatchObject({ status: 'refunded', valid: false, rule: 6, reason });
      expect(scanned.checks.map((c) => [c.rule, c.passed])).toEqual([[1, true], [2, true], [3, true], [4, true], [5, true], [6, false]]);
      expect(scanned.checks.at(-1)?.reason).toBe(reason);
      // Scanned again it is still refunded, not merely a duplicate.
      expect(await scanHex(f, bytes)).toMatchObject({ status: 'refunded', rule: 6 });
      expect((await scansLog(f)).map((s) => [s.status, s.rule, s.valid])).toEqual([
        ['refunded', 6, false],
        ['refunded', 6, false],
      ]);
      // Other pieces of the PSD are unaffected.
      expect((await scanHex(f, dispensed(psd, f.clock, { pieceCount: 8 }))).status).toBe('valid');
    });

    it('says when the refunded stamp had already passed a scan, and refuses it from then on', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      const bytes = dispensed(psd, f.clock, { pieceCount: 3 });
      expect((await scanHex(f, bytes)).status).toBe('valid');
      f.clock.advanceMs(60_000);
      const published = await f.vendor('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 3 });
      expect(published.json()).toMatchObject({ refundedAt: '2026-03-01T12:01:00.250Z', firstScannedAt: '2026-03-01T12:00:00.250Z' });
      expect(await scanHex(f, bytes)).toMatchObject({ status: 'refunded', valid: false, rule: 6 });
    });

    it('does not let a refund hide a forgery: a forged indicium of a refunded stamp is rule 3', async () => {
      const f = await scanningFixture(open);
      const psd = await registerPsd(f);
      await f.vendor('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 1 });
      const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      expect(await scanHex(f, dispensed(psd, f.clock, { pieceCount: 1, key: forger }))).toMatchObject({ status: 'invalid', rule: 3 });
    });

    it('concurrent publications of one refund through two app instances store it once', async () => {
      const f = await scanningFixture(open);
      const other = await scanningFixture(open, { url: f.db.url });
      const psd = await registerPsd(f);
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? f : other).vendor('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 11 })),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(answers.map((a) => a.body)).size).toBe(1);
      expect(await f.db.query('SELECT piece_count FROM authority_refunds')).toEqual([{ piece_count: 11n }]);
    });

    it('refuses a refund without the vendor token, for an unknown PSD, or with a bad body', async () => {
      const f = await scanningFixture(open);
      expectError(await f.vendor('POST', '/v1/refunds', { psdId: 1, pieceCount: 1 }), 'LICENSE_NOT_ASSIGNED');
      const psd = await registerPsd(f);
      expectError(await f.vendor('POST', '/v1/refunds', { psdId: psd.psdId + 1, pieceCount: 1 }), 'PSD_UNKNOWN');
      expectError(await f.vendor('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 0 }), 'INVALID_ARGUMENT');
      expectError(await f.vendor('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 1, note: 'x' }), 'INVALID_ARGUMENT');
      expectError(await f.operator('POST', '/v1/refunds', { psdId: psd.psdId, pieceCount: 1 }), 'AUTH_FORBIDDEN');
      const asScanner = await f.app.inject({
        method: 'POST',
        url: '/v1/refunds',
        headers: { authorization: `Bearer ${SCANNER_TOKEN}` },
        payload: { psdId: psd.psdId, pieceCount: 1 },
      });
      expectError(asScanner, 'AUTH_FORBIDDEN');
      expect(await f.db.query('SELECT * FROM authority_refunds')).toEqual([]);
    });
  });
});
