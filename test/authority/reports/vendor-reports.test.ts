// The vendor side of the daily reports against a real authority: a processing server builds a PSD's
// report from its ledger, signs it with the PSD's key in its crypto module, and sends it; the scheduler
// sends every finished day once, catching up the days it missed.
import { describe, expect, it } from 'vitest';
import { dayToString, parseDay } from '../../../src/authority/reports/report-day.js';
import { transactionReportFromJson } from '../../../src/authority/reports/report-json.js';
import { reportContentSha256 } from '../../../src/authority/reports/transaction-report.js';
import { INTERNAL_TOKEN_HEADER } from '../../../src/internal-api/dispense-contract.js';
import { ReportScheduler } from '../../../src/processing/reports/report-scheduler.js';
import { forEachDialect } from '../../helpers/dialects.js';
import { expectError } from '../authority-fixture.js';
import { openVendorWorld, INTERNAL_TOKEN, type VendorWorld } from './vendor-world.js';

const MS_PER_DAY = 86_400_000;
const silent = { info: () => undefined, warn: () => undefined };

function internal(w: VendorWorld, method: 'GET' | 'POST', url: string) {
  return w.app.inject({ method, url, headers: { [INTERNAL_TOKEN_HEADER]: INTERNAL_TOKEN } });
}

async function reconcile(w: VendorWorld, from: string, to = from): Promise<{ clean: boolean; flags: unknown[]; counts: Record<string, number>; pending: Record<string, number> }> {
  const res = await w.authority.operator('GET', `/v1/reconciliation?from=${from}&to=${to}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

forEachDialect((_dialect, open) => {
  describe('daily reports from the processing server', () => {
    it('sends a day through the operator route; the authority verifies it with the certified key and it reconciles clean', async () => {
      const w = await openVendorWorld(open);
      const [psdId] = w.psdIds;
      const stamps = await w.dispense(5);
      // Two of them are scanned at the authority.
      for (const s of stamps.slice(0, 2)) {
        const scan = await w.authority.operator('POST', '/v1/scans', { indicium: s.indicium.toString('hex') });
        expect((scan.json() as { results: { status: string }[] }).results[0]!.status).toBe('valid');
      }
      const preview = await internal(w, 'GET', `/internal/v1/psds/${psdId}/report`);
      expect(preview.statusCode, preview.body).toBe(200);
      const report = transactionReportFromJson(preview.json());
      expect(report).toMatchObject({ psdId, day: parseDay('2026-03-01'), firstPieceCount: 1, lastPieceCount: 5, ascendingBeforeMills: 0n, lastAscendingMills: 3_700n, postageTotalMills: 3_700n });
      expect(report.pieces.map((p) => [p.pieceCount, p.ascendingMills])).toEqual([1, 2, 3, 4, 5].map((n) => [n, 740n * BigInt(n)]));
      const [reset] = await w.ledger.listResets(psdId!);
      expect(report.resets).toEqual([
        { transactionId: reset!.transactionId, amountMills: 1_000_000n, oldControlTotalMills: 0n, newControlTotalMills: 1_000_000n, appliedAtMs: w.clock.now().getTime() },
      ]);

      const sent = await internal(w, 'POST', `/internal/v1/psds/${psdId}/report?day=2026-03-01`);
      expect(sent.statusCode, sent.body).toBe(200);
      expect(sent.json()).toMatchObject({ psdId, day: '2026-03-01', pieces: 5, resets: 1, postageTotalMills: '3700', contentSha256: reportContentSha256(report) });
      expect((sent.json() as { authority: Record<string, unknown> }).authority).toMatchObject({ day: '2026-03-01', contentSha256: reportContentSha256(report), sameReport: true });
      expect(await reconcile(w, '2026-03-01')).toMatchObject({ clean: true, flags: [], counts: { reports: 1, pieces: 5, sightings: 2, authorizedResets: 1 } });

      // Sent again unchanged: the same report. After more pieces the day reads differently, and the
      // authority keeps the first report of the day.
      expect((await internal(w, 'POST', `/internal/v1/psds/${psdId}/report`)).statusCode).toBe(200);
      await w.dispense(1);
      expectError(await internal(w, 'POST', `/internal/v1/psds/${psdId}/report`), 'REPORT_CONFLICT');
    });

    it('refuses a day before the PSD was provisioned or after today, and a PSD it does not hold', async () => {
      const w = await openVendorWorld(open);
      const [psdId] = w.psdIds;
      expectError(await internal(w, 'POST', `/internal/v1/psds/${psdId}/report?day=2026-02-28`), 'REPORT_DAY_INVALID');
      expectError(await internal(w, 'POST', `/internal/v1/psds/${psdId}/report?day=2026-03-02`), 'REPORT_DAY_INVALID');
      expectError(await internal(w, 'GET', `/internal/v1/psds/${psdId}/report?day=2026-02-30`), 'REPORT_DAY_INVALID');
      expectError(await internal(w, 'POST', `/internal/v1/psds/${psdId! + 10}/report`), 'PSD_NOT_FOUND');
      expectError(await w.app.inject({ method: 'POST', url: `/internal/v1/psds/${psdId}/report` }), 'INTERNAL_TOKEN_INVALID');
    });

    it('the scheduler sends each finished day once, catching up the days it missed, and the days chain', async () => {
      const w = await openVendorWorld(open, { psds: 2 });
      const scheduler = new ReportScheduler({ deps: w.deps, intervalMs: 60_000, catchUpDays: 31, log: silent });
      // Provisioned today: nothing is finished, and the authority is not even asked.
      const before = w.calls.length;
      expect(await scheduler.tick()).toEqual({ sent: [], failed: [] });
      expect(w.calls.length).toBe(before);

      await w.dispense(4);
      w.clock.advanceMs(MS_PER_DAY);
      await w.dispense(3, 1_000n);
      // The server is down for two days: on day 4 it catches up days 1 to 3 for both PSDs.
      w.clock.advanceMs(2 * MS_PER_DAY);
      const tick = await scheduler.tick();
      expect(tick.failed).toEqual([]);
      const day1 = parseDay('2026-03-01')!;
      expect(tick.sent.map((s) => [s.psdId, dayToString(s.day)])).toEqual(
        w.psdIds.flatMap((id) => [0, 1, 2].map((d) => [id, dayToString(day1 + d)])),
      );
      // Idempotent: the next tick finds every day held and sends nothing.
      expect(await scheduler.tick()).toEqual({ sent: [], failed: [] });

      const listed = await w.authority.vendor('GET', '/v1/reports?from=2026-03-01&to=2026-03-03');
      const reports = (listed.json() as { reports: { psdId: number; day: string; pieces: number; ascendingBeforeMills: string; lastAscendingMills: string | null }[] }).reports;
      expect(reports.reduce((n, r) => n + r.pieces, 0)).toBe(7);
      for (const psdId of w.psdIds) {
        const [d1, d2, d3] = reports.filter((r) => r.psdId === psdId);
        expect(d2!.ascendingBeforeMills).toBe(d1!.lastAscendingMills ?? d1!.ascendingBeforeMills);
        expect(d3).toMatchObject({ pieces: 0, ascendingBeforeMills: d2!.lastAscendingMills ?? d2!.ascendingBeforeMills });
      }
      expect(await reconcile(w, '2026-03-01', '2026-03-03')).toMatchObject({ clean: true, pending: { scans: 0, resets: 0 } });
    });

    it('stops at the day a PSD was withdrawn', async () => {
      const w = await openVendorWorld(open, { psds: 2 });
      await w.dispense(2);
      w.clock.advanceMs(MS_PER_DAY);
      await w.ledger.withdrawPsd(w.psdIds[0]!);
      w.clock.advanceMs(3 * MS_PER_DAY);
      const tick = await new ReportScheduler({ deps: w.deps, intervalMs: 60_000, catchUpDays: 2, log: silent }).tick();
      // Catch-up of 2 days (2026-03-03 and 04) for the active PSD; the withdrawn one stopped on 2026-03-02, outside the window.
      expect(tick.sent.map((s) => [s.psdId, dayToString(s.day)])).toEqual([
        [w.psdIds[1], '2026-03-03'],
        [w.psdIds[1], '2026-03-04'],
      ]);
      const wide = await new ReportScheduler({ deps: w.deps, intervalMs: 60_000, catchUpDays: 31, log: silent }).tick();
      expect(wide.sent.map((s) => [s.psdId, dayToString(s.day)])).toEqual([
        [w.psdIds[0], '2026-03-01'],
        [w.psdIds[0], '2026-03-02'],
        [w.psdIds[1], '2026-03-01'],
        [w.psdIds[1], '2026-03-02'],
      ]);
    });
  });
});
