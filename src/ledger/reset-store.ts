// SQL for psd_resets: a reset is written here (state pending) before the authority is asked, so that
// a crash after the authority's answer loses nothing: the same transaction id is asked again at start.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asBuffer, asNumber, asString, orNull } from '../db/row-values.js';

/** Where a reset stands. */
export type ResetState = 'pending' | 'applied' | 'refused';

/** Who started a reset. */
export type ResetOrigin = 'automatic' | 'manual';

/** One reset as stored. */
export interface ResetRecord {
  readonly transactionId: string;
  readonly psdId: number;
  /** Mills. */
  readonly amount: bigint;
  /** The PSD's CT when the reset was written, mills; the authorization must name it. */
  readonly oldControlTotal: bigint;
  readonly state: ResetState;
  readonly origin: ResetOrigin;
  /** How many times the authority was asked. */
  readonly attempts: number;
  readonly lastError: string | null;
  readonly authorizationSignature: Buffer | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

const COLUMNS = `r.transaction_id, r.psd_id, r.amount, r.old_control_total, r.state, r.origin, r.attempts, r.last_error,
  r.authorization_signature, r.created_at_ms, r.updated_at_ms`;

/** Reads one psd_resets row. */
function resetFromRow(r: Row): ResetRecord {
  return {
    transactionId: asString(r.transaction_id, 'transaction_id'),
    psdId: asNumber(r.psd_id, 'psd_id'),
    amount: asBigInt(r.amount, 'amount'),
    oldControlTotal: asBigInt(r.old_control_total, 'old_control_total'),
    state: asString(r.state, 'state') as ResetState,
    origin: asString(r.origin, 'origin') as ResetOrigin,
    attempts: asNumber(r.attempts, 'attempts'),
    lastError: orNull(asString)(r.last_error, 'last_error'),
    authorizationSignature: orNull(asBuffer)(r.authorization_signature, 'authorization_signature'),
    createdAtMs: asNumber(r.created_at_ms, 'created_at_ms'),
    updatedAtMs: asNumber(r.updated_at_ms, 'updated_at_ms'),
  };
}

/** Stores a new pending reset. */
export async function insertPendingReset(
  tx: Queryable,
  reset: Pick<ResetRecord, 'transactionId' | 'psdId' | 'amount' | 'oldControlTotal' | 'origin'>,
  nowMs: number,
): Promise<ResetRecord> {
  await tx.execute(
    `INSERT INTO psd_resets (transaction_id, psd_id, amount, old_control_total, state, origin, attempts, created_at_ms, updated_at_ms)
     VALUES (?, ?, ?, ?, 'pending', ?, 0, ?, ?)`,
    [reset.transactionId, reset.psdId, reset.amount, reset.oldControlTotal, reset.origin, nowMs, nowMs],
  );
  return { ...reset, state: 'pending', attempts: 0, lastError: null, authorizationSignature: null, createdAtMs: nowMs, updatedAtMs: nowMs };
}

/** The reset with this transaction id, or undefined. */
export async function findReset(q: Queryable, transactionId: string): Promise<ResetRecord | undefined> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM psd_resets r WHERE r.transaction_id = ?`, [transactionId]);
  return rows[0] === undefined ? undefined : resetFromRow(rows[0]);
}

/** The pending reset of a PSD (at most one exists), or undefined. */
export async function findPendingReset(q: Queryable, psdId: number): Promise<ResetRecord | undefined> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM psd_resets r WHERE r.psd_id = ? AND r.state = 'pending'`, [psdId]);
  return rows[0] === undefined ? undefined : resetFromRow(rows[0]);
}

/** Every pending reset of the PSDs of one server, oldest first. */
export async function listPendingResets(q: Queryable, serverId: string): Promise<ResetRecord[]> {
  const rows = await q.query(
    `SELECT ${COLUMNS} FROM psd_resets r JOIN psds p ON p.psd_id = r.psd_id
     WHERE r.state = 'pending' AND p.server_id = ? ORDER BY r.created_at_ms, r.transaction_id`,
    [serverId],
  );
  return rows.map(resetFromRow);
}

/** Every reset of one PSD, oldest first. */
export async function listResets(q: Queryable, psdId: number): Promise<ResetRecord[]> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM psd_resets r WHERE r.psd_id = ? ORDER BY r.created_at_ms, r.transaction_id`, [psdId]);
  return rows.map(resetFromRow);
}

/** Counts one more question to the authority and what went wrong, if anything; the reset stays pending. */
export async function recordResetAttempt(q: Queryable, transactionId: string, error: string | null, nowMs: number): Promise<void> {
  await q.execute(
    `UPDATE psd_resets SET attempts = attempts + 1, last_error = ?, updated_at_ms = ? WHERE transaction_id = ? AND state = 'pending'`,
    [error, nowMs, transactionId],
  );
}

/** Closes a pending reset as refused by the authority (nothing moved), freeing the PSD for a new one. */
export async function markResetRefused(q: Queryable, transactionId: string, reason: string, nowMs: number): Promise<void> {
  await q.execute(
    `UPDATE psd_resets SET state = 'refused', attempts = attempts + 1, last_error = ?, updated_at_ms = ?
     WHERE transaction_id = ? AND state = 'pending'`,
    [reason, nowMs, transactionId],
  );
}

/** Closes a pending reset as applied, keeping the authority's signature. Returns whether it was pending. */
export async function markResetApplied(tx: Queryable, transactionId: string, signature: Buffer, nowMs: number): Promise<boolean> {
  const { changes } = await tx.execute(
    `UPDATE psd_resets SET state = 'applied', attempts = attempts + 1, last_error = NULL, authorization_signature = ?, updated_at_ms = ?
     WHERE transaction_id = ? AND state = 'pending'`,
    [signature, nowMs, transactionId],
  );
  return changes === 1;
}
