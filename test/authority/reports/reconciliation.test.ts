import { describe, expect, it } from 'vitest';
import type { TransactionReportFields } from '../../../src/authority/reports/transaction-report.js';
import { forEachDialect } from '../../helpers/dialects.js';
import { dispensed, scanHex } from '../scanning/scanning-fixture.js';
import { parseCsv, reportsFixture, type ReportsFixture } from './reports-fixture.js';

const MS_PER_DAY = 86_400_000;

/**
 * A day as the vendor lives it: a reset of 1,000,000 mills authorized by the authority, five pieces of
 * 740 mills dispensed, three of them scanned at the authority. Returns the honest report of the day.
 */
async function liveDay(t: ReportsFixture): Promise<TransactionReportFields> {
  const reset = await t.authorizeReset(0n, 1_000_000n);
  for (const pieceCount of [1, 3, 5]) {
    const bytes = dispensed(t.psd, t.f.clock, { pieceCount, ascendingRegister: 740n * BigInt(pieceCount), descendingRegister: 1_000_000n - 740n * BigInt(pieceCount) });
    expect((await scanHex(t.f, bytes)).status).toBe('valid');
  }
  return t.day({ day: t.today(), postages: [740n, 740n, 740n, 740n, 740n], resets: [reset] });
}

forEachDialect((_dialect, open) => {
  describe('GET /v1/reconciliation', () => {
    it('reconciles a clean day with no flags', async () => {
      const t = await reportsFixture(open);
      expect((await t.send(t.signed(await liveDay(t)))).statusCode).toBe(201);
      const r = await t.reconcile('2026-03-01');
      expect(r).toEqual({
        from: '2026-03-01',
        to: '2026-03-01',
        psdId: null,
        asOf: '2026-03-01T12:00:00.250Z',
        clean: true,
        counts: { reports: 1, pieces: 5, sightings: 3, authorizedResets: 1 },
        pending: { scans: 0, resets: 0 },
        flags: [],
      });
      // The next day, still clean, also for that PSD alone.
      t.f.clock.advanceMs(MS_PER_DAY);
      expect((await t.reconcile('2026-03-01', '2026-03-02', t.psd.psdId)).flags).toEqual([]);
    });

    it('flags a planted gap: a piece missing from the report', async () => {
      const t = await reportsFixture(open);
      const honest = await liveDay(t);
      // Piece 4 was not scanned; the report leaves it out and is signed as it is.
      expect((await t.send(t.signed({ ...honest, pieces: honest.pieces.filter((p) => p.pieceCount !== 4) }))).statusCode).toBe(201);
      const r = await t.reconcile('2026-03-01');
      expect(r.clean).toBe(false);
      expect(r.flags).toEqual([
        { kind: 'piece-gap', psdId: t.psd.psdId, day: '2026-03-01', pieceCount: 4, transactionId: null, expected: '4', found: '5', detail: 'Piece 4 is missing from the report' },
      ]);
    });

    it('flags a broken register chain', async () => {
      const t = await reportsFixture(open);
      const honest = await liveDay(t);
      // Piece 2 claims 10 mills more postage than its AR moved by.
      const pieces = honest.pieces.map((p) => (p.pieceCount === 2 ? { ...p, postageMills: 750n } : p));
      expect((await t.send(t.signed({ ...honest, pieces }))).statusCode).toBe(201);
      const flags = (await t.reconcile('2026-03-01')).flags;
      expect(flags.map((f) => [f.kind, f.pieceCount, f.expected, f.found])).toEqual([['register-chain', 2, '740', '730']]);
    });

    it('flags a reported reset that does not match the authority record, and one it never authorized', async () => {
      const t = await reportsFixture(open);
      const honest = await liveDay(t);
      const [reset] = honest.resets;
      const wrong = { ...reset!, amountMills: 2_000_000n, newControlTotalMills: 2_000_000n };
      const invented = { ...reset!, transactionId: 'never-authorized', oldControlTotalMills: 2_000_000n, newControlTotalMills: 2_500_000n, amountMills: 500_000n };
      expect((await t.send(t.signed({ ...honest, resets: [wrong, invented] }))).statusCode).toBe(201);
      const flags = (await t.reconcile('2026-03-01')).flags;
      expect(flags.map((f) => [f.kind, f.transactionId, f.expected, f.found])).toEqual([
        ['reset-mismatch', reset!.transactionId, 'amount 1000000, control total 0 -> 1000000', 'amount 2000000, control total 0 -> 2000000'],
        ['reset-mismatch', 'never-authorized', null, 'amount 500000, control total 2000000 -> 2500000'],
      ]);
    });

    it('flags a reset record missing from the reports once it is due', async () => {
      const t = await reportsFixture(open);
      const honest = await liveDay(t);
      expect((await t.send(t.signed({ ...honest, resets: [] }))).statusCode).toBe(201);
      // The reset may still be applied (and reported) tomorrow: pending, not flagged.
      expect(await t.reconcile('2026-03-01').then((r) => [r.flags, r.pending])).toEqual([[], { scans: 0, resets: 1 }]);
      t.f.clock.advanceMs(2 * MS_PER_DAY);
      const flags = (await t.reconcile('2026-03-01')).flags;
      expect(flags.map((f) => [f.kind, f.transactionId, f.expected])).toEqual([['reset-unreported', honest.resets[0]!.transactionId, 'amount 1000000, control total 0 -> 1000000']]);
    });

    it('flags a scanned piece that no report covers, once its day is over', async () => {
      const t = await reportsFixture(open);
      expect((await t.send(t.signed(await liveDay(t)))).statusCode).toBe(201);
      // Piece 6 is dispensed and scanned after the day's report was sent.
      expect((await scanHex(t.f, dispensed(t.psd, t.f.clock, { pieceCount: 6 }))).status).toBe('valid');
      expect(await t.reconcile('2026-03-01').then((r) => [r.flags, r.pending])).toEqual([[], { scans: 1, resets: 0 }]);
      t.f.clock.advanceMs(MS_PER_DAY);
      const r = await t.reconcile('2026-03-01');
      expect(r.flags.map((f) => [f.kind, f.psdId, f.day, f.pieceCount])).toEqual([['uncovered-scan', t.psd.psdId, '2026-03-01', 6]]);
      expect(r.flags[0]!.detail).toBe(`License ${t.psd.licenseNumber} PSD ${t.psd.psdId} piece 6 was scanned at 2026-03-01T12:00:00.250Z, but no report lists it`);
    });

    it('chains a day to the reports before the range, and flags a day that does not start where they ended', async () => {
      const t = await reportsFixture(open);
      expect((await t.send(t.signed(await liveDay(t)))).statusCode).toBe(201);
      t.f.clock.advanceMs(MS_PER_DAY);
      expect((await t.send(t.signed(t.day({ day: t.today(), piecesBefore: 5, ascendingBeforeMills: 3_700n, postages: [1_000n] })))).statusCode).toBe(201);
      t.f.clock.advanceMs(MS_PER_DAY);
      // Day 3 starts at piece 8 and AR 5,000: piece 7 and 300 mills went unreported.
      expect((await t.send(t.signed(t.day({ day: t.today(), piecesBefore: 7, ascendingBeforeMills: 5_000n, postages: [740n] })))).statusCode).toBe(201);
      expect((await t.reconcile('2026-03-02')).flags).toEqual([]);
      const flags = (await t.reconcile('2026-03-03')).flags;
      expect(flags.map((f) => [f.kind, f.day, f.pieceCount, f.expected, f.found])).toEqual([
        ['register-chain', '2026-03-03', null, '4700', '5000'],
        ['piece-gap', '2026-03-03', 7, '7', '8'],
      ]);
    });

    it('downloads the flags as CSV that parses back to the JSON flags', async () => {
      const t = await reportsFixture(open);
      const honest = await liveDay(t);
      const pieces = honest.pieces.filter((p) => p.pieceCount !== 3).map((p) => (p.pieceCount === 5 ? { ...p, ascendingMills: p.ascendingMills + 1n } : p));
      expect((await t.send(t.signed({ ...honest, pieces }))).statusCode).toBe(201);
      t.f.clock.advanceMs(MS_PER_DAY);
      const json = await t.reconcile('2026-03-01');
      // Piece 3 (scanned) is missing; piece 5's AR no longer follows piece 4's, nor is it the stated last AR.
      expect(json.flags.map((f) => [f.kind, f.pieceCount])).toEqual([['piece-gap', 3], ['uncovered-scan', 3], ['register-chain', 5], ['report-inconsistent', 5]]);
      const res = await t.f.operator('GET', '/v1/reconciliation.csv?from=2026-03-01');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const rows = parseCsv(res.body);
      expect(rows[0]).toEqual(['kind', 'psd_id', 'day', 'piece_count', 'transaction_id', 'expected', 'found', 'detail']);
      expect(rows.slice(1)).toEqual(
        json.flags.map((f) => [f.kind, String(f.psdId), f.day, f.pieceCount === null ? '' : String(f.pieceCount), f.transactionId ?? '', f.expected ?? '', f.found ?? '', f.detail]),
      );
      // A clean range is a header row alone.
      const clean = await t.f.operator('GET', '/v1/reconciliation.csv?from=2026-03-02');
      expect(parseCsv(clean.body)).toEqual([rows[0]]);
    });
  });
});
