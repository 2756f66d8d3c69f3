import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { transactionReportToJson } from '../../../src/authority/reports/report-json.js';
import { signReportWith } from '../../../src/authority/reports/report-test-support.js';
import { reportContentSha256 } from '../../../src/authority/reports/transaction-report.js';
import { transactionReportFromJson } from '../../../src/authority/reports/report-json.js';
import { forEachDialect } from '../../helpers/dialects.js';
import { expectError } from '../authority-fixture.js';
import { SCANNER_TOKEN, scanningFixture } from '../scanning/scanning-fixture.js';
import { dayText, parseCsv, reportsFixture } from './reports-fixture.js';

const MS_PER_DAY = 86_400_000;

forEachDialect((_dialect, open) => {
  describe('POST /v1/reports', () => {
    it('stores a signed report once: 201, then 200 with the same record, and a different report of that day is refused', async () => {
      const t = await reportsFixture(open);
      const fields = t.day({ day: t.today(), postages: [740n, 740n] });
      const first = await t.send(t.signed(fields));
      expect(first.statusCode, first.body).toBe(201);
      const stored = first.json() as Record<string, unknown>;
      expect(stored).toMatchObject({
        psdId: t.psd.psdId, day: '2026-03-01', licenseNumber: t.psd.licenseNumber, firstPieceCount: 1, lastPieceCount: 2, pieces: 2, resets: 0,
        ascendingBeforeMills: '0', lastAscendingMills: '1480', postageTotalMills: '1480', contentSha256: reportContentSha256(fields),
        receivedAt: '2026-03-01T12:00:00.250Z',
      });
      t.f.clock.advanceMs(60_000);
      // Signed again (another ECDSA signature over the same content): the same report.
      const again = await t.send(t.signed(fields));
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(stored);
      const other = await t.send(t.signed(t.day({ day: t.today(), postages: [740n, 740n, 740n] })));
      const body = expectError(other, 'REPORT_CONFLICT');
      expect(body.details).toMatchObject({ psdId: t.psd.psdId, day: '2026-03-01', storedSha256: reportContentSha256(fields) });
      const listed = await t.f.vendor('GET', '/v1/reports?from=2026-03-01');
      expect((listed.json() as { reports: unknown[] }).reports).toEqual([stored]);
    });

    it('refuses a report signed with another key, or changed after signing, and stores nothing', async () => {
      const t = await reportsFixture(open);
      const fields = t.day({ day: t.today(), postages: [740n, 740n, 740n] });
      const forger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      const forged = expectError(await t.send(transactionReportToJson(signReportWith(fields, forger))), 'REPORT_SIGNATURE_INVALID');
      expect(forged.details).toEqual({ psdId: t.psd.psdId, day: '2026-03-01' });
      const genuine = t.signed(fields);
      const tampered = { ...genuine, pieces: genuine.pieces.filter(([n]) => n !== 2) };
      expectError(await t.send(tampered), 'REPORT_SIGNATURE_INVALID');
      expect(await t.f.db.query('SELECT COUNT(*) AS n FROM authority_reports')).toEqual([{ n: 0n }]);
      expect((await t.send(genuine)).statusCode).toBe(201);
    });

    it('refuses another license, an unknown PSD, a day not begun or before registration, and malformed bodies', async () => {
      const t = await reportsFixture(open);
      const today = t.today();
      expectError(await t.send(t.signed({ ...t.day({ day: today, postages: [740n] }), licenseNumber: 1 })), 'REPORT_INVALID');
      expectError(await t.send(t.signed({ ...t.day({ day: today, postages: [740n] }), psdId: t.psd.psdId + 1 })), 'PSD_UNKNOWN');
      expectError(await t.send(t.signed(t.day({ day: today + 1, postages: [] }))), 'REPORT_DAY_INVALID');
      expectError(await t.send(t.signed(t.day({ day: today - 1, postages: [] }))), 'REPORT_DAY_INVALID');
      const json = t.signed(t.day({ day: today, postages: [740n] }));
      expectError(await t.send({ ...json, extra: 1 }), 'INVALID_ARGUMENT');
      expectError(await t.send({ ...json, pieces: [[1, '740', 'x']] }), 'REPORT_INVALID');
      expectError(await t.send({ ...json, firstPieceCount: null }), 'REPORT_INVALID');
    });

    it('is the vendor’s call only', async () => {
      const t = await reportsFixture(open);
      const json = t.signed(t.day({ day: t.today(), postages: [] }));
      expectError(await t.f.operator('POST', '/v1/reports', json), 'AUTH_FORBIDDEN');
      const asScanner = await t.f.app.inject({ method: 'POST', url: '/v1/reports', headers: { authorization: `Bearer ${SCANNER_TOKEN}` }, payload: json });
      expectError(asScanner, 'AUTH_FORBIDDEN');
      expectError(await t.f.app.inject({ method: 'POST', url: '/v1/reports', payload: json }), 'AUTH_TOKEN_INVALID');
      expectError(await t.f.vendor('GET', '/v1/reconciliation?from=2026-03-01'), 'AUTH_FORBIDDEN');
      expectError(await t.f.vendor('GET', '/v1/reconciliation.csv?from=2026-03-01'), 'AUTH_FORBIDDEN');
    });

    it('stores one report when the same day arrives at two app instances at once', async () => {
      const t = await reportsFixture(open);
      const other = await scanningFixture(open, { url: t.f.db.url });
      const fields = t.day({ day: t.today(), postages: [740n, 1000n] });
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? t.f : other).vendor('POST', '/v1/reports', t.signed(fields))),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      // Two different reports of the next day at once: one is stored, the other refused.
      t.f.clock.advanceMs(MS_PER_DAY);
      other.clock.advanceMs(MS_PER_DAY);
      const differing = await Promise.all(
        [740n, 741n].map((p, i) =>
          (i === 0 ? t.f : other).vendor('POST', '/v1/reports', t.signed(t.day({ day: t.today(), piecesBefore: 2, ascendingBeforeMills: 1_740n, postages: [p] }))),
        ),
      );
      expect(differing.map((a) => a.statusCode).sort()).toEqual([201, 409]);
      expect(await t.f.db.query('SELECT COUNT(*) AS n FROM authority_report_pieces')).toEqual([{ n: 3n }]);
    });

    it('keeps reports append-only', async () => {
      const t = await reportsFixture(open);
      expect((await t.send(t.signed(t.day({ day: t.today(), postages: [740n] })))).statusCode).toBe(201);
      await expect(t.f.db.execute('UPDATE authority_reports SET postage_total_mills = 0')).rejects.toThrow(/append-only/);
      await expect(t.f.db.execute('DELETE FROM authority_report_pieces')).rejects.toThrow(/append-only/);
    });
  });

  describe('GET /v1/reports and /v1/reports.csv', () => {
    it('lists the reports of a range and PSD, as JSON and as CSV that parses back', async () => {
      const t = await reportsFixture(open);
      const reset = await t.authorizeReset(0n, 1_000_000n);
      const day1 = t.day({ day: t.today(), postages: [740n, 740n], resets: [reset] });
      expect((await t.send(t.signed(day1))).statusCode).toBe(201);
      t.f.clock.advanceMs(MS_PER_DAY);
      const day2 = t.day({ day: t.today(), piecesBefore: 2, ascendingBeforeMills: 1_480n, postages: [] });
      expect((await t.send(t.signed(day2))).statusCode).toBe(201);

      const listed = await t.f.operator('GET', `/v1/reports?from=2026-03-01&to=2026-03-02&psdId=${t.psd.psdId}`);
      expect(listed.statusCode).toBe(200);
      const reports = (listed.json() as { reports: Record<string, unknown>[] }).reports;
      expect(reports.map((r) => [r.day, r.pieces, r.resets, r.firstPieceCount])).toEqual([['2026-03-01', 2, 1, 1], ['2026-03-02', 0, 0, null]]);
      expect(((await t.f.vendor('GET', '/v1/reports?from=2026-03-02')).json() as { reports: unknown[] }).reports).toHaveLength(1);
      expect(((await t.f.vendor('GET', `/v1/reports?from=2026-03-01&to=2026-03-02&psdId=${t.psd.psdId + 1}`)).json() as { reports: unknown[] }).reports).toEqual([]);

      const csv = await t.f.vendor('GET', '/v1/reports.csv?from=2026-03-01&to=2026-03-02');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(csv.headers['content-disposition']).toBe('attachment; filename="reports-2026-03-01-2026-03-02.csv"');
      const rows = parseCsv(csv.body);
      expect(rows[0]).toEqual([
        'psd_id', 'day', 'license_number', 'first_piece_count', 'last_piece_count', 'pieces', 'ascending_before_mills',
        'first_ascending_mills', 'last_ascending_mills', 'postage_total_mills', 'resets', 'content_sha256', 'received_at',
      ]);
      expect(rows.slice(1)).toEqual(
        reports.map((r) => [
          String(r.psdId), r.day, String(r.licenseNumber), r.firstPieceCount === null ? '' : String(r.firstPieceCount),
          r.lastPieceCount === null ? '' : String(r.lastPieceCount), String(r.pieces), r.ascendingBeforeMills, r.firstAscendingMills ?? '',
          r.lastAscendingMills ?? '', r.postageTotalMills, String(r.resets), r.contentSha256, r.receivedAt,
        ]),
      );
    });

    it('refuses a reversed, overlong or malformed range', async () => {
      const t = await reportsFixture(open);
      expectError(await t.f.vendor('GET', '/v1/reports?from=2026-03-02&to=2026-03-01'), 'REPORT_RANGE_INVALID');
      expectError(await t.f.vendor('GET', '/v1/reports?from=2025-01-01&to=2026-03-01'), 'REPORT_RANGE_INVALID');
      expectError(await t.f.vendor('GET', '/v1/reports?from=2026-02-30'), 'REPORT_RANGE_INVALID');
      expectError(await t.f.vendor('GET', '/v1/reports?from=yesterday'), 'INVALID_ARGUMENT');
      expectError(await t.f.vendor('GET', '/v1/reports'), 'INVALID_ARGUMENT');
    });

    it('reads a stored report back to the same canonical content', async () => {
      const t = await reportsFixture(open);
      const json = t.signed(t.day({ day: t.today(), postages: [740n, 2000n, 5n] }));
      expect((await t.send(json)).statusCode).toBe(201);
      const rows = await t.f.db.query('SELECT piece_count, postage_mills, ascending_mills FROM authority_report_pieces ORDER BY row_index');
      expect(rows).toEqual(transactionReportFromJson(json).pieces.map((p) => ({ piece_count: BigInt(p.pieceCount), postage_mills: p.postageMills, ascending_mills: p.ascendingMills })));
      expect(dayText(t.today())).toBe('2026-03-01');
    });
  });
});
