// JSON and CSV views of stored reports and of a reconciliation: money as decimal strings of mills (in
// CSV too), days as YYYY-MM-DD, times as ISO 8601.
import type { ReconciliationFlag } from './report-checks.js';
import type { Reconciliation } from './reconciliation.service.js';
import { dayToString } from './report-day.js';
import type { ReportSummary } from './report.repository.js';
import { toCsv } from './csv.js';

/** A stored report as the API shows it (its rows counted, not listed). */
export function reportSummaryView(s: ReportSummary): Record<string, unknown> {
  return {
    psdId: s.psdId,
    day: dayToString(s.day),
    licenseNumber: s.licenseNumber,
    firstPieceCount: s.firstPieceCount,
    lastPieceCount: s.lastPieceCount,
    ascendingBeforeMills: s.ascendingBeforeMills.toString(),
    firstAscendingMills: s.firstAscendingMills?.toString() ?? null,
    lastAscendingMills: s.lastAscendingMills?.toString() ?? null,
    postageTotalMills: s.postageTotalMills.toString(),
    pieces: s.pieceRows,
    resets: s.resetRows,
    contentSha256: s.contentSha256,
    receivedAt: new Date(s.receivedAtMs).toISOString(),
  };
}

const REPORT_COLUMNS = [
  'psd_id', 'day', 'license_number', 'first_piece_count', 'last_piece_count', 'pieces', 'ascending_before_mills',
  'first_ascending_mills', 'last_ascending_mills', 'postage_total_mills', 'resets', 'content_sha256', 'received_at',
];

/** The reports as CSV, one row each. */
export function reportsCsv(summaries: readonly ReportSummary[]): string {
  return toCsv(
    REPORT_COLUMNS,
    summaries.map((s) => [
      s.psdId, dayToString(s.day), s.licenseNumber, s.firstPieceCount, s.lastPieceCount, s.pieceRows, s.ascendingBeforeMills,
      s.firstAscendingMills, s.lastAscendingMills, s.postageTotalMills, s.resetRows, s.contentSha256, new Date(s.receivedAtMs).toISOString(),
    ]),
  );
}

/** The answer of GET /v1/reconciliation. */
export function reconciliationView(r: Reconciliation): Record<string, unknown> {
  return {
    from: dayToString(r.filter.from),
    to: dayToString(r.filter.to),
    psdId: r.filter.psdId ?? null,
    asOf: new Date(r.asOfMs).toISOString(),
    clean: r.flags.length === 0,
    counts: r.counts,
    pending: r.pending,
    flags: r.flags,
  };
}

const FLAG_COLUMNS = ['kind', 'psd_id', 'day', 'piece_count', 'transaction_id', 'expected', 'found', 'detail'];

/** The flags as CSV, one row each (a header row alone when the range reconciles). */
export function flagsCsv(flags: readonly ReconciliationFlag[]): string {
  return toCsv(FLAG_COLUMNS, flags.map((f) => [f.kind, f.psdId, f.day, f.pieceCount, f.transactionId, f.expected, f.found, f.detail]));
}
