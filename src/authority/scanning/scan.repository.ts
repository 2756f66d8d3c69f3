import type { Queryable, Row } from '../../db/database.js';
import { asBigInt, asBuffer, asString, orNull } from '../../db/row-values.js';
import type { RuleNumber } from '../../verifier/verifier.js';
import type { NewScan, ScannerRole, ScanRecord, ScanStatus, SourceKind } from './scan-records.js';

const COLUMNS = `scanned_at_ms, scanner_id, role, request_id, source_kind, source, indicium, status, rule, reason,
  license_number, psd_id, piece_count`;

/** Appends a scan to the log and returns its id. */
export async function insertScan(q: Queryable, s: NewScan): Promise<number> {
  const rows = await q.query(`INSERT INTO authority_scans (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING scan_id`, [
    s.scannedAtMs,
    s.scannerId,
    s.role,
    s.requestId,
    s.sourceKind,
    s.source,
    s.indicium,
    s.status,
    s.rule,
    s.reason,
    s.triple?.licenseNumber ?? null,
    s.triple?.psdId ?? null,
    s.triple?.pieceCount ?? null,
  ]);
  return Number(asBigInt(rows[0]?.scan_id, 'scan_id'));
}

/** Up to `limit` scans, newest first, those with an id below `beforeId` when given. */
export async function listScans(q: Queryable, options: { limit: number; beforeId?: number }): Promise<ScanRecord[]> {
  const where = options.beforeId === undefined ? '' : 'WHERE scan_id < ?';
  const params = options.beforeId === undefined ? [options.limit] : [options.beforeId, options.limit];
  const rows = await q.query(`SELECT scan_id, ${COLUMNS} FROM authority_scans ${where} ORDER BY scan_id DESC LIMIT ?`, params);
  return rows.map(toScan);
}

const readInt = orNull((v, c) => Number(asBigInt(v, c)));

function toScan(r: Row): ScanRecord {
  const licenseNumber = readInt(r.license_number, 'license_number');
  const psdId = readInt(r.psd_id, 'psd_id');
  const pieceCount = readInt(r.piece_count, 'piece_count');
  return {
    scanId: Number(asBigInt(r.scan_id, 'scan_id')),
    scannedAtMs: Number(asBigInt(r.scanned_at_ms, 'scanned_at_ms')),
    scannerId: orNull(asString)(r.scanner_id, 'scanner_id'),
    role: asString(r.role, 'role') as ScannerRole,
    requestId: asString(r.request_id, 'request_id'),
    sourceKind: asString(r.source_kind, 'source_kind') as SourceKind,
    source: asString(r.source, 'source'),
    indicium: orNull(asBuffer)(r.indicium, 'indicium'),
    status: asString(r.status, 'status') as ScanStatus,
    rule: readInt(r.rule, 'rule') as RuleNumber | null,
    reason: asString(r.reason, 'reason'),
    triple: licenseNumber === null || psdId === null || pieceCount === null ? null : { licenseNumber, psdId, pieceCount },
  };
}
