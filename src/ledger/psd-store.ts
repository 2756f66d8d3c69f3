// SQL for the psds table. Every statement runs on the Queryable it is given (a transaction or the
// database); PostgreSQL row locks are requested here, SQLite needs none (BEGIN IMMEDIATE holds the file).
import type { Dialect, Queryable, Row } from '../db/database.js';
import { asBigInt, asBuffer, asNumber, asString, orNull } from '../db/row-values.js';
import { AppError } from '../errors/app-error.js';
import type { SignatureAlgorithm } from '../core/signature-algorithm.js';
import type { Registers } from './registers.js';

/** Whether a PSD may still dispense. */
export type PsdStatus = 'active' | 'withdrawn';

/** One PSD resource as stored. */
export interface PsdRecord {
  readonly psdId: number;
  /** The processing server whose cryptographic module holds the key. */
  readonly serverId: string;
  readonly licenseNumber: number;
  readonly certificateSerial: number;
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  readonly status: PsdStatus;
  readonly registers: Registers;
  /** Sequence number of the last audit entry; 0 before the first. */
  readonly auditSequence: number;
  /** Hash of the last audit entry, or the genesis hash. */
  readonly auditHead: Buffer;
  /** Milliseconds since 1970-01-01 UTC, or null. */
  readonly lastInspectionAtMs: number | null;
  /** The PSD refuses to dispense from this instant (milliseconds since 1970-01-01 UTC); null never inspected. */
  readonly inspectionDueAtMs: number | null;
  readonly provisionedAtMs: number;
  readonly withdrawnAtMs: number | null;
}

const COLUMNS = `psd_id, server_id, license_number, certificate_serial, key_id, algorithm, status,
  ascending_register, descending_register, control_total, piece_count, audit_sequence, audit_head,
  last_inspection_at_ms, inspection_due_at_ms, provisioned_at_ms, withdrawn_at_ms`;

const nullableNumber = orNull(asNumber);

/** Reads one psds row. */
export function psdFromRow(r: Row): PsdRecord {
  const status = asString(r.status, 'psds.status');
  return {
    psdId: asNumber(r.psd_id, 'psds.psd_id'),
    serverId: asString(r.server_id, 'psds.server_id'),
    licenseNumber: asNumber(r.license_number, 'psds.license_number'),
    certificateSerial: asNumber(r.certificate_serial, 'psds.certificate_serial'),
    keyId: asString(r.key_id, 'psds.key_id'),
    algorithm: asNumber(r.algorithm, 'psds.algorithm') as SignatureAlgorithm,
    status: status === 'withdrawn' ? 'withdrawn' : 'active',
    registers: {
      ascending: asBigInt(r.ascending_register, 'psds.ascending_register'),
      descending: asBigInt(r.descending_register, 'psds.descending_register'),
      control: asBigInt(r.control_total, 'psds.control_total'),
      pieceCount: asNumber(r.piece_count, 'psds.piece_count'),
    },
    auditSequence: asNumber(r.audit_sequence, 'psds.audit_sequence'),
    auditHead: asBuffer(r.audit_head, 'psds.audit_head'),
    lastInspectionAtMs: nullableNumber(r.last_inspection_at_ms, 'psds.last_inspection_at_ms'),
    inspectionDueAtMs: nullableNumber(r.inspection_due_at_ms, 'psds.inspection_due_at_ms'),
    provisionedAtMs: asNumber(r.provisioned_at_ms, 'psds.provisioned_at_ms'),
    withdrawnAtMs: nullableNumber(r.withdrawn_at_ms, 'psds.withdrawn_at_ms'),
  };
}

/** The row-lock suffix of a SELECT on `dialect`: PostgreSQL locks rows; SQLite already holds the database. */
export function lockClause(dialect: Dialect, skipLocked = false): string {
  if (dialect !== 'postgres') return '';
  return skipLocked ? ' FOR UPDATE SKIP LOCKED' : ' FOR UPDATE';
}

/** The PSD with that id, or undefined. */
export async function findPsd(q: Queryable, psdId: number): Promise<PsdRecord | undefined> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM psds WHERE psd_id = ?`, [psdId]);
  return rows[0] === undefined ? undefined : psdFromRow(rows[0]);
}

/** The PSD with that id, locked until the transaction ends; PSD_NOT_FOUND when absent. */
export async function lockPsd(tx: Queryable, psdId: number): Promise<PsdRecord> {
  const rows = await tx.query(`SELECT ${COLUMNS} FROM psds WHERE psd_id = ?${lockClause(tx.dialect)}`, [psdId]);
  if (rows[0] === undefined) throw new AppError('PSD_NOT_FOUND', `PSD ${psdId} is not stored on this processing server`, { psdId });
  return psdFromRow(rows[0]);
}

/** Which PSDs a batch may take: those of one server, optionally only some ids. */
export interface PsdFilter {
  readonly serverId: string;
  /** When given, only these PSD ids. */
  readonly psdIds?: readonly number[];
}

function filterSql(filter: PsdFilter): { where: string; params: (string | number)[] } {
  const params: (string | number)[] = [filter.serverId];
  let where = 'server_id = ?';
  if (filter.psdIds !== undefined) {
    // An empty list must select nothing; "IN ()" is not valid SQL.
    where += filter.psdIds.length === 0 ? ' AND 1 = 0' : ` AND psd_id IN (${filter.psdIds.map(() => '?').join(', ')})`;
    params.push(...filter.psdIds);
  }
  return { where, params };
}

/**
 * Locks up to `limit` PSDs that may dispense at `nowMs` (active, inspection not due), richest first so
 * that debits spread and short PSDs come last. On PostgreSQL rows another transaction holds are skipped,
 * so concurrent batches take different PSDs; only when every one is held does this wait, for one row,
 * which cannot deadlock because the transaction holds no other PSD lock yet.
 */
export async function lockDispensablePsds(tx: Queryable, filter: PsdFilter, nowMs: number, limit: number): Promise<PsdRecord[]> {
  const { where, params } = filterSql(filter);
  const sql = `SELECT ${COLUMNS} FROM psds
    WHERE ${where} AND status = 'active' AND inspection_due_at_ms > ?
    ORDER BY descending_register DESC, psd_id LIMIT ?`;
  const args = [...params, nowMs, limit];
  // A row waited for may no longer qualify once its holder commits (PostgreSQL re-checks the WHERE
  // and returns nothing); a few more tries find another, and a miss only reports "none available".
  for (let attempt = 0; attempt < 3; attempt++) {
    const free = await tx.query(sql + lockClause(tx.dialect, true), args);
    if (free.length > 0 || tx.dialect !== 'postgres') return free.map(psdFromRow);
    const waited = await tx.query(sql.replace(/LIMIT \?$/, 'LIMIT 1') + lockClause(tx.dialect), args.slice(0, -1));
    if (waited.length > 0) return waited.map(psdFromRow);
  }
  return [];
}

/** Every PSD that matches the filter, unlocked, in id order (for diagnostics, audits and listings). */
export async function listPsds(q: Queryable, filter: PsdFilter): Promise<PsdRecord[]> {
  const { where, params } = filterSql(filter);
  const rows = await q.query(`SELECT ${COLUMNS} FROM psds WHERE ${where} ORDER BY psd_id`, params);
  return rows.map(psdFromRow);
}

/** Inserts a newly provisioned PSD. */
export async function insertPsd(tx: Queryable, psd: PsdRecord): Promise<void> {
  await tx.execute(
    `INSERT INTO psds (${COLUMNS}) VALUES (${Array.from({ length: 17 }, () => '?').join(', ')})`,
    [
      psd.psdId,
      psd.serverId,
      psd.licenseNumber,
      psd.certificateSerial,
      psd.keyId,
      psd.algorithm,
      psd.status,
      psd.registers.ascending,
      psd.registers.descending,
      psd.registers.control,
      psd.registers.pieceCount,
      psd.auditSequence,
      psd.auditHead,
      psd.lastInspectionAtMs,
      psd.inspectionDueAtMs,
      psd.provisionedAtMs,
      psd.withdrawnAtMs,
    ],
  );
}

/** The state a register operation leaves a PSD in. */
export interface PsdUpdate {
  readonly registers: Registers;
  readonly auditSequence: number;
  readonly auditHead: Buffer;
}

/**
 * Writes registers and audit head, but only over the state `before` was read in (same audit sequence):
 * a row changed meanwhile by a writer that bypassed the lock fails loudly instead of being overwritten.
 */
export async function updatePsdRegisters(tx: Queryable, before: PsdRecord, after: PsdUpdate): Promise<void> {
  const { changes } = await tx.execute(
    `UPDATE psds SET ascending_register = ?, descending_register = ?, control_total = ?, piece_count = ?,
       audit_sequence = ?, audit_head = ?
     WHERE psd_id = ? AND audit_sequence = ?`,
    [
      after.registers.ascending,
      after.registers.descending,
      after.registers.control,
      after.registers.pieceCount,
      after.auditSequence,
      after.auditHead,
      before.psdId,
      before.auditSequence,
    ],
  );
  if (changes !== 1) {
    throw new AppError('LEDGER_INVARIANT_VIOLATED', `PSD ${before.psdId} changed while its row was locked`, { psdId: before.psdId });
  }
}
