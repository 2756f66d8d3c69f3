import type { Queryable } from '../../db/database.js';
import { isUniqueViolation } from '../../db/constraint-errors.js';
import { asBigInt } from '../../db/row-values.js';
import type { IndiciumTriple, RefundRecord } from './scan-records.js';

/** Stores a refund; false (storing nothing) when that stamp's refund is already stored. */
export async function insertRefund(q: Queryable, r: RefundRecord): Promise<boolean> {
  try {
    await q.execute('INSERT INTO authority_refunds (license_number, psd_id, piece_count, refunded_at_ms) VALUES (?, ?, ?, ?)', [
      r.licenseNumber,
      r.psdId,
      r.pieceCount,
      r.refundedAtMs,
    ]);
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** The refund of one stamp, or null when it was not refunded. */
export async function findRefund(q: Queryable, t: IndiciumTriple): Promise<RefundRecord | null> {
  const rows = await q.query('SELECT refunded_at_ms FROM authority_refunds WHERE license_number = ? AND psd_id = ? AND piece_count = ?', [
    t.licenseNumber,
    t.psdId,
    t.pieceCount,
  ]);
  const row = rows[0];
  return row === undefined ? null : { ...t, refundedAtMs: Number(asBigInt(row.refunded_at_ms, 'refunded_at_ms')) };
}
