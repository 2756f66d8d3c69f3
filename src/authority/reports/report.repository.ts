// SQL of the transaction reports: storing a report with its pieces and resets, and reading them back
// by PSD and range of days. Days are YYYY-MM-DD text in the database (it sorts as dates do).
import type { Queryable, Row, SqlValue } from '../../db/database.js';
import { asBigInt, asBuffer, asNumber, asString, orNull } from '../../db/row-values.js';
import type { PsdReportTotals } from './reconciliation.js';
import type { ChainState } from './report-checks.js';
import { dayToString, parseDay, type DayRange } from './report-day.js';
import type { ReportPiece, ReportReset, TransactionReport, TransactionReportFields } from './transaction-report.js';

/** A stored report without its rows: the header, the counts of rows, and how it arrived. */
export interface ReportSummary {
  readonly psdId: number;
  readonly day: number;
  readonly licenseNumber: number;
  readonly firstPieceCount: number | null;
  readonly lastPieceCount: number | null;
  readonly ascendingBeforeMills: bigint;
  readonly firstAscendingMills: bigint | null;
  readonly lastAscendingMills: bigint | null;
  readonly postageTotalMills: bigint;
  readonly pieceRows: number;
  readonly resetRows: number;
  readonly contentSha256: string;
  readonly signature: Buffer;
  readonly receivedAtMs: number;
  readonly requestId: string;
}

/** How a report arrived: the hash of its canonical bytes, when, and in which request. */
export interface ReportReceipt {
  readonly contentSha256: string;
  readonly receivedAtMs: number;
  readonly requestId: string;
}

const HEADER = `psd_id, report_day, license_number, first_piece_count, last_piece_count, ascending_before_mills,
  first_ascending_mills, last_ascending_mills, postage_total_mills, piece_rows, reset_rows, content_sha256, signature,
  received_at_ms, request_id`;
// Parameters per statement stay well under SQLite's 32,766 and PostgreSQL's 65,535.
const ROWS_PER_INSERT = 500;

/** Stores a verified report, its pieces and its resets (in the caller's transaction). */
export async function insertReport(tx: Queryable, r: TransactionReport, receipt: ReportReceipt): Promise<void> {
  const day = dayToString(r.day);
  await tx.execute(`INSERT INTO authority_reports (${HEADER}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    r.psdId, day, r.licenseNumber, r.firstPieceCount, r.lastPieceCount, r.ascendingBeforeMills, r.firstAscendingMills,
    r.lastAscendingMills, r.postageTotalMills, r.pieces.length, r.resets.length, receipt.contentSha256, r.signature,
    receipt.receivedAtMs, receipt.requestId,
  ]);
  const pieces = r.pieces.map((p, i): SqlValue[] => [r.psdId, day, i, p.pieceCount, p.postageMills, p.ascendingMills]);
  await insertRows(tx, 'authority_report_pieces', ['psd_id', 'report_day', 'row_index', 'piece_count', 'postage_mills', 'ascending_mills'], pieces);
  const resets = r.resets.map((x, i): SqlValue[] => [
    r.psdId, day, i, x.transactionId, x.amountMills, x.oldControlTotalMills, x.newControlTotalMills, x.appliedAtMs,
  ]);
  const resetColumns = ['psd_id', 'report_day', 'row_index', 'transaction_id', 'amount_mills', 'old_control_total_mills', 'new_control_total_mills', 'applied_at_ms'];
  await insertRows(tx, 'authority_report_resets', resetColumns, resets);
}

async function insertRows(tx: Queryable, table: string, columns: readonly string[], rows: readonly SqlValue[][]): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    await tx.execute(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`, chunk.flat());
  }
}

/** The stored report of one PSD and day, or null. */
export async function findReportSummary(q: Queryable, psdId: number, day: number): Promise<ReportSummary | null> {
  const rows = await q.query(`SELECT ${HEADER} FROM authority_reports WHERE psd_id = ? AND report_day = ?`, [psdId, dayToString(day)]);
  return rows[0] === undefined ? null : summaryFromRow(rows[0]);
}

/** Which reports: a range of days, and optionally one PSD. */
export interface ReportFilter extends DayRange {
  readonly psdId?: number | undefined;
}

function where(filter: ReportFilter, alias = ''): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [dayToString(filter.from), dayToString(filter.to)];
  let sql = `${alias}report_day BETWEEN ? AND ?`;
  if (filter.psdId !== undefined) {
    sql += ` AND ${alias}psd_id = ?`;
    params.push(filter.psdId);
  }
  return { sql, params };
}

/** The stored reports of the range, by day then PSD, without their rows. */
export async function listReportSummaries(q: Queryable, filter: ReportFilter): Promise<ReportSummary[]> {
  const w = where(filter);
  const rows = await q.query(`SELECT ${HEADER} FROM authority_reports WHERE ${w.sql} ORDER BY report_day, psd_id`, w.params);
  return rows.map(summaryFromRow);
}

/** The stored reports of the range with their pieces and resets, by PSD then day. */
export async function loadReports(q: Queryable, filter: ReportFilter): Promise<TransactionReportFields[]> {
  const w = where(filter);
  const headers = await q.query(`SELECT ${HEADER} FROM authority_reports WHERE ${w.sql} ORDER BY psd_id, report_day`, w.params);
  const pieceRows = await q.query(
    `SELECT psd_id, report_day, piece_count, postage_mills, ascending_mills FROM authority_report_pieces
     WHERE ${w.sql} ORDER BY psd_id, report_day, row_index`,
    w.params,
  );
  const resetRows = await q.query(
    `SELECT psd_id, report_day, transaction_id, amount_mills, old_control_total_mills, new_control_total_mills, applied_at_ms
     FROM authority_report_resets WHERE ${w.sql} ORDER BY psd_id, report_day, row_index`,
    w.params,
  );
  const pieces = groupBy(pieceRows, (r): ReportPiece => ({
    pieceCount: asNumber(r.piece_count, 'piece_count'),
    postageMills: asBigInt(r.postage_mills, 'postage_mills'),
    ascendingMills: asBigInt(r.ascending_mills, 'ascending_mills'),
  }));
  const resets = groupBy(resetRows, (r): ReportReset => ({
    transactionId: asString(r.transaction_id, 'transaction_id'),
    amountMills: asBigInt(r.amount_mills, 'amount_mills'),
    oldControlTotalMills: asBigInt(r.old_control_total_mills, 'old_control_total_mills'),
    newControlTotalMills: asBigInt(r.new_control_total_mills, 'new_control_total_mills'),
    appliedAtMs: asNumber(r.applied_at_ms, 'applied_at_ms'),
  }));
  return headers.map((row) => {
    const s = summaryFromRow(row);
    const key = `${s.psdId} ${dayToString(s.day)}`;
    return { ...fieldsOf(s), pieces: pieces.get(key) ?? [], resets: resets.get(key) ?? [] };
  });
}

function groupBy<T>(rows: readonly Row[], read: (r: Row) => T): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const key = `${asNumber(r.psd_id, 'psd_id')} ${asString(r.report_day, 'report_day')}`;
    const list = groups.get(key) ?? [];
    list.push(read(r));
    groups.set(key, list);
  }
  return groups;
}

/** The totals of every PSD that has reported, by PSD id. */
export async function reportTotalsByPsd(q: Queryable): Promise<Map<number, PsdReportTotals>> {
  const rows = await q.query(
    'SELECT psd_id, MAX(report_day) AS latest_day, COALESCE(MAX(last_piece_count), 0) AS max_piece FROM authority_reports GROUP BY psd_id',
  );
  return new Map(rows.map((r) => [asNumber(r.psd_id, 'psd_id'), { latestDay: dayOf(r.latest_day), maxPieceCount: asNumber(r.max_piece, 'max_piece') }]));
}

/** For each PSD with a report before `day`: the state its latest earlier reports leave. */
export async function chainStatesBefore(q: Queryable, day: number, psdId?: number): Promise<Map<number, ChainState>> {
  const before = dayToString(day);
  const only = psdId === undefined ? '' : ' AND r.psd_id = ?';
  const params: SqlValue[] = [before, before, ...(psdId === undefined ? [] : [psdId]), before];
  // The latest report before the day gives the closing AR; the latest one with pieces, the piece count.
  const rows = await q.query(
    `SELECT r.psd_id, COALESCE(r.last_ascending_mills, r.ascending_before_mills) AS closing_ascending,
       (SELECT MAX(p.last_piece_count) FROM authority_reports p WHERE p.psd_id = r.psd_id AND p.report_day < ?) AS last_piece
     FROM authority_reports r
     WHERE r.report_day < ?${only}
       AND r.report_day = (SELECT MAX(l.report_day) FROM authority_reports l WHERE l.psd_id = r.psd_id AND l.report_day < ?)`,
    params,
  );
  return new Map(
    rows.map((r) => [
      asNumber(r.psd_id, 'psd_id'),
      { closingAscendingMills: asBigInt(r.closing_ascending, 'closing_ascending'), lastPieceCount: orNull(asNumber)(r.last_piece, 'last_piece') ?? 0 },
    ]),
  );
}

function summaryFromRow(r: Row): ReportSummary {
  const bigOrNull = orNull(asBigInt);
  const numOrNull = orNull(asNumber);
  return {
    psdId: asNumber(r.psd_id, 'psd_id'),
    day: dayOf(r.report_day),
    licenseNumber: asNumber(r.license_number, 'license_number'),
    firstPieceCount: numOrNull(r.first_piece_count, 'first_piece_count'),
    lastPieceCount: numOrNull(r.last_piece_count, 'last_piece_count'),
    ascendingBeforeMills: asBigInt(r.ascending_before_mills, 'ascending_before_mills'),
    firstAscendingMills: bigOrNull(r.first_ascending_mills, 'first_ascending_mills'),
    lastAscendingMills: bigOrNull(r.last_ascending_mills, 'last_ascending_mills'),
    postageTotalMills: asBigInt(r.postage_total_mills, 'postage_total_mills'),
    pieceRows: asNumber(r.piece_rows, 'piece_rows'),
    resetRows: asNumber(r.reset_rows, 'reset_rows'),
    contentSha256: asString(r.content_sha256, 'content_sha256'),
    signature: asBuffer(r.signature, 'signature'),
    receivedAtMs: asNumber(r.received_at_ms, 'received_at_ms'),
    requestId: asString(r.request_id, 'request_id'),
  };
}

/** The header fields of a summary, as a report without rows. */
export function fieldsOf(s: ReportSummary): TransactionReportFields {
  return {
    licenseNumber: s.licenseNumber,
    psdId: s.psdId,
    day: s.day,
    firstPieceCount: s.firstPieceCount,
    lastPieceCount: s.lastPieceCount,
    ascendingBeforeMills: s.ascendingBeforeMills,
    firstAscendingMills: s.firstAscendingMills,
    lastAscendingMills: s.lastAscendingMills,
    postageTotalMills: s.postageTotalMills,
    pieces: [],
    resets: [],
  };
}

function dayOf(value: unknown): number {
  const text = asString(value, 'report_day');
  const day = parseDay(text);
  if (day === null) throw new TypeError(`report_day is not a date: ${text}`);
  return day;
}
