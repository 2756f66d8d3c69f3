// SQL for indicium records and audit entries: multi-row inserts (a batch writes many rows in few
// statements) and paged reads in key order for the audit.
import type { Queryable, Row, SqlValue } from '../db/database.js';
import { asBigInt, asBuffer, asNumber, asString } from '../db/row-values.js';
import type { IndiciumFields } from '../core/indicium/fields.js';
import type { AuditEntry, AuditKind } from './audit-chain.js';

/** One dispensed indicium as stored: the request it answered, its fields and its 117 bytes. */
export interface IndiciumRecord {
  readonly requestId: string;
  readonly fields: IndiciumFields;
  readonly indicium: Buffer;
  readonly createdAtMs: number;
}

/** One stored record as the audit reads it: the columns, and the bytes they must agree with. */
export interface StoredRecord {
  readonly psdId: number;
  readonly pieceCount: number;
  readonly requestId: string;
  readonly postage: bigint;
  readonly ascendingRegister: bigint;
  readonly descendingRegister: bigint;
  readonly indicium: Buffer;
}

// Bound parameters per statement stay well under SQLite's 32,766 and PostgreSQL's 65,535.
const ROWS_PER_INSERT = 200;

const RECORD_COLUMNS = [
  'psd_id',
  'piece_count',
  'request_id',
  'postage',
  'ascending_register',
  'descending_register',
  'date_of_mailing',
  'origin_zip',
  'destination_zip',
  'rate_category',
  'medium_serial',
  'medium_slot',
  'software_id',
  'indicium',
  'created_at_ms',
];

const AUDIT_COLUMNS = [
  'psd_id',
  'sequence',
  'kind',
  'ascending_register',
  'descending_register',
  'control_total',
  'piece_count',
  'amount',
  'reference',
  'created_at_ms',
  'hash',
];

// The INSERT text for a table and row count, built once: the same text also finds its prepared statement.
const insertSql = new Map<string, string>();

function insertStatement(table: string, columns: readonly string[], rowCount: number): string {
  const key = `${table}:${rowCount}`;
  let sql = insertSql.get(key);
  if (sql === undefined) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rowCount }, () => tuple).join(', ')}`;
    insertSql.set(key, sql);
  }
  return sql;
}

/** Inserts rows in chunks, one multi-row INSERT per chunk. */
async function insertRows(tx: Queryable, table: string, columns: readonly string[], rows: readonly SqlValue[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    await tx.execute(insertStatement(table, columns, chunk.length), chunk.flat());
  }
}

/** Stores indicium records; the medium is kept as serial and slot so both fit a signed BIGINT. */
export async function insertIndiciumRecords(tx: Queryable, records: readonly IndiciumRecord[]): Promise<void> {
  const rows = records.map(({ requestId, fields: f, indicium, createdAtMs }) => [
    f.psdId,
    f.pieceCount,
    requestId,
    f.postage,
    f.ascendingRegister,
    f.descendingRegister,
    f.dateOfMailing,
    f.originZip,
    f.destinationZip,
    f.rateCategory,
    f.medium >> 8n,
    Number(f.medium & 0xffn),
    f.softwareId,
    indicium,
    createdAtMs,
  ]);
  await insertRows(tx, 'indicium_records', RECORD_COLUMNS, rows);
}

/** Stores audit entries. */
export async function insertAuditEntries(tx: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  const rows = entries.map((e) => [
    e.psdId,
    e.sequence,
    e.kind,
    e.registers.ascending,
    e.registers.descending,
    e.registers.control,
    e.registers.pieceCount,
    e.amount,
    e.reference,
    e.timestampMs,
    e.hash,
  ]);
  await insertRows(tx, 'audit_entries', AUDIT_COLUMNS, rows);
}

/** The stored indicia of these request ids, by request id. */
export async function findRecordsByRequestId(q: Queryable, requestIds: readonly string[]): Promise<Map<string, StoredRecord>> {
  const found = new Map<string, StoredRecord>();
  for (let start = 0; start < requestIds.length; start += ROWS_PER_INSERT) {
    const chunk = requestIds.slice(start, start + ROWS_PER_INSERT);
    const rows = await q.query(
      `SELECT psd_id, piece_count, request_id, postage, ascending_register, descending_register, indicium
       FROM indicium_records WHERE request_id IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    );
    for (const row of rows) {
      const record = recordFromRow(row);
      found.set(record.requestId, record);
    }
  }
  return found;
}

/** Records of one PSD with piece counts in [from, to], in piece-count order. */
export async function readRecords(q: Queryable, psdId: number, from: number, to: number): Promise<StoredRecord[]> {
  const rows = await q.query(
    `SELECT psd_id, piece_count, request_id, postage, ascending_register, descending_register, indicium
     FROM indicium_records WHERE psd_id = ? AND piece_count BETWEEN ? AND ? ORDER BY piece_count`,
    [psdId, from, to],
  );
  return rows.map(recordFromRow);
}

/** Count and sum of postage of one PSD's records with piece counts 1…upTo. */
export interface RecordSummary {
  readonly count: number;
  readonly postageSum: bigint;
}

/** Summarizes a PSD's records up to a piece count in one aggregate query. */
export async function summarizeRecords(q: Queryable, psdId: number, upTo: number): Promise<RecordSummary> {
  const rows = await q.query(
    `SELECT COUNT(*) AS n, COALESCE(SUM(postage), 0) AS total
     FROM indicium_records WHERE psd_id = ? AND piece_count BETWEEN 1 AND ?`,
    [psdId, upTo],
  );
  const r = rows[0] ?? {};
  return { count: asNumber(r.n, 'count'), postageSum: asBigInt(r.total, 'sum') };
}

/** Piece counts of one PSD's records after `after`, in order, at most `limit`. */
export async function readPieceCounts(q: Queryable, psdId: number, after: number, limit: number): Promise<number[]> {
  const rows = await q.query(
    'SELECT piece_count FROM indicium_records WHERE psd_id = ? AND piece_count > ? ORDER BY piece_count LIMIT ?',
    [psdId, after, limit],
  );
  return rows.map((r) => asNumber(r.piece_count, 'piece_count'));
}

/** Audit entries of one PSD with sequence > `after`, in sequence order, at most `limit`. */
export async function readAuditEntries(q: Queryable, psdId: number, after: number, limit: number): Promise<AuditEntry[]> {
  const rows = await q.query(
    `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit_entries WHERE psd_id = ? AND sequence > ? ORDER BY sequence LIMIT ?`,
    [psdId, after, limit],
  );
  return rows.map(auditEntryFromRow);
}

function recordFromRow(r: Row): StoredRecord {
  return {
    psdId: asNumber(r.psd_id, 'psd_id'),
    pieceCount: asNumber(r.piece_count, 'piece_count'),
    requestId: asString(r.request_id, 'request_id'),
    postage: asBigInt(r.postage, 'postage'),
    ascendingRegister: asBigInt(r.ascending_register, 'ascending_register'),
    descendingRegister: asBigInt(r.descending_register, 'descending_register'),
    indicium: asBuffer(r.indicium, 'indicium'),
  };
}

function auditEntryFromRow(r: Row): AuditEntry {
  return {
    psdId: asNumber(r.psd_id, 'audit_entries.psd_id'),
    sequence: asNumber(r.sequence, 'audit_entries.sequence'),
    kind: asString(r.kind, 'audit_entries.kind') as AuditKind,
    registers: {
      ascending: asBigInt(r.ascending_register, 'audit_entries.ascending_register'),
      descending: asBigInt(r.descending_register, 'audit_entries.descending_register'),
      control: asBigInt(r.control_total, 'audit_entries.control_total'),
      pieceCount: asNumber(r.piece_count, 'audit_entries.piece_count'),
    },
    amount: asBigInt(r.amount, 'audit_entries.amount'),
    reference: asBuffer(r.reference, 'audit_entries.reference'),
    timestampMs: asNumber(r.created_at_ms, 'audit_entries.created_at_ms'),
    hash: asBuffer(r.hash, 'audit_entries.hash'),
  };
}
