import type { Queryable, Row } from '../../db/database.js';
import { asBigInt, asString } from '../../db/row-values.js';
import type { ResetRecord } from '../records.js';

const COLUMNS = `transaction_id, request_hash, license_number, psd_id, old_control_total_mills, new_control_total_mills,
  signature_base64, deposit_entry_id, authorized_at_ms`;

/** The reset stored under this transaction id, or null. */
export async function findReset(q: Queryable, transactionId: string): Promise<ResetRecord | null> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM authority_resets WHERE transaction_id = ?`, [transactionId]);
  return rows[0] === undefined ? null : toReset(rows[0]);
}

/** Stores a signed reset. */
export async function insertReset(q: Queryable, r: ResetRecord): Promise<void> {
  await q.execute(`INSERT INTO authority_resets (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    r.transactionId,
    r.requestHash,
    r.licenseNumber,
    r.psdId,
    r.oldControlTotalMills,
    r.newControlTotalMills,
    r.signatureBase64,
    r.depositEntryId,
    r.authorizedAtMs,
  ]);
}

function toReset(r: Row): ResetRecord {
  return {
    transactionId: asString(r.transaction_id, 'transaction_id'),
    requestHash: asString(r.request_hash, 'request_hash'),
    licenseNumber: Number(asBigInt(r.license_number, 'license_number')),
    psdId: Number(asBigInt(r.psd_id, 'psd_id')),
    oldControlTotalMills: asBigInt(r.old_control_total_mills, 'old_control_total_mills'),
    newControlTotalMills: asBigInt(r.new_control_total_mills, 'new_control_total_mills'),
    signatureBase64: asString(r.signature_base64, 'signature_base64'),
    depositEntryId: Number(asBigInt(r.deposit_entry_id, 'deposit_entry_id')),
    authorizedAtMs: Number(asBigInt(r.authorized_at_ms, 'authorized_at_ms')),
  };
}
