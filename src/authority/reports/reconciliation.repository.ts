// The reads of a reconciliation beyond the reports themselves: the sightings no report covers, the
// resets the authority authorized with whether any report lists them, and reset records by id.
import type { Queryable, Row, SqlValue } from '../../db/database.js';
import { asBigInt, asBoolean, asNumber, asString } from '../../db/row-values.js';
import type { ResetRecord } from '../records.js';
import type { AuthorizedReset, UncoveredSighting } from './reconciliation.js';
import { dayStartMs } from './report-day.js';
import type { ReportFilter } from './report.repository.js';

const RESET_COLUMNS = `r.transaction_id, r.request_hash, r.license_number, r.psd_id, r.old_control_total_mills,
  r.new_control_total_mills, r.signature_base64, r.deposit_entry_id, r.authorized_at_ms`;
const IDS_PER_QUERY = 500;

/** [start, end) of a range of days in epoch milliseconds, and the PSD condition, for a column alias. */
function timeWindow(filter: ReportFilter, column: string, alias: string): { sql: string; params: SqlValue[] } {
  const params: SqlValue[] = [dayStartMs(filter.from), dayStartMs(filter.to + 1)];
  let sql = `${alias}.${column} >= ? AND ${alias}.${column} < ?`;
  if (filter.psdId !== undefined) {
    sql += ` AND ${alias}.psd_id = ?`;
    params.push(filter.psdId);
  }
  return { sql, params };
}

/** How many pieces were first sighted in the range (passing rules 1 to 5). */
export async function countSightings(q: Queryable, filter: ReportFilter): Promise<number> {
  const w = timeWindow(filter, 'first_seen_at_ms', 's');
  const rows = await q.query(`SELECT COUNT(*) AS n FROM authority_sightings s WHERE ${w.sql}`, w.params);
  return asNumber(rows[0]?.n ?? 0n, 'count');
}

/** The pieces first sighted in the range that no stored report of their PSD lists. */
export async function uncoveredSightings(q: Queryable, filter: ReportFilter): Promise<UncoveredSighting[]> {
  const w = timeWindow(filter, 'first_seen_at_ms', 's');
  const rows = await q.query(
    `SELECT s.license_number, s.psd_id, s.piece_count, s.first_seen_at_ms FROM authority_sightings s
     WHERE ${w.sql}
       AND NOT EXISTS (SELECT 1 FROM authority_report_pieces p WHERE p.psd_id = s.psd_id AND p.piece_count = s.piece_count)
     ORDER BY s.psd_id, s.piece_count`,
    w.params,
  );
  return rows.map((r) => ({
    licenseNumber: asNumber(r.license_number, 'license_number'),
    psdId: asNumber(r.psd_id, 'psd_id'),
    pieceCount: asNumber(r.piece_count, 'piece_count'),
    firstSeenAtMs: asNumber(r.first_seen_at_ms, 'first_seen_at_ms'),
  }));
}

/** The resets authorized in the range, each with whether a stored report of its PSD lists its transaction id. */
export async function authorizedResets(q: Queryable, filter: ReportFilter): Promise<AuthorizedReset[]> {
  const w = timeWindow(filter, 'authorized_at_ms', 'r');
  // A CASE rather than a bare EXISTS, so that both dialects return an integer flag.
  const rows = await q.query(
    `SELECT ${RESET_COLUMNS},
       CASE WHEN EXISTS (SELECT 1 FROM authority_report_resets x WHERE x.transaction_id = r.transaction_id AND x.psd_id = r.psd_id)
         THEN 1 ELSE 0 END AS reported
     FROM authority_resets r WHERE ${w.sql} ORDER BY r.authorized_at_ms, r.transaction_id`,
    w.params,
  );
  return rows.map((r) => ({ record: resetFromRow(r), reported: asBoolean(r.reported, 'reported') }));
}

/** The authority's reset records of these transaction ids, by id (ids it never authorized are absent). */
export async function resetRecordsById(q: Queryable, transactionIds: readonly string[]): Promise<Map<string, ResetRecord>> {
  const found = new Map<string, ResetRecord>();
  const ids = [...new Set(transactionIds)];
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
    const chunk = ids.slice(start, start + IDS_PER_QUERY);
    const rows = await q.query(`SELECT ${RESET_COLUMNS} FROM authority_resets r WHERE r.transaction_id IN (${chunk.map(() => '?').join(', ')})`, chunk);
    for (const row of rows) {
      const record = resetFromRow(row);
      found.set(record.transactionId, record);
    }
  }
  return found;
}

function resetFromRow(r: Row): ResetRecord {
  return {
    transactionId: asString(r.transaction_id, 'transaction_id'),
    requestHash: asString(r.request_hash, 'request_hash'),
    licenseNumber: asNumber(r.license_number, 'license_number'),
    psdId: asNumber(r.psd_id, 'psd_id'),
    oldControlTotalMills: asBigInt(r.old_control_total_mills, 'old_control_total_mills'),
    newControlTotalMills: asBigInt(r.new_control_total_mills, 'new_control_total_mills'),
    signatureBase64: asString(r.signature_base64, 'signature_base64'),
    depositEntryId: asNumber(r.deposit_entry_id, 'deposit_entry_id'),
    authorizedAtMs: asNumber(r.authorized_at_ms, 'authorized_at_ms'),
  };
}
