import type { Queryable, Row } from '../../db/database.js';
import { asBigInt, asString, orNull } from '../../db/row-values.js';
import type { SignatureAlgorithm } from '../../core/signature-algorithm.js';
import type { PsdRecord, PsdStatus } from '../records.js';
import { forUpdate } from './sql.js';

const COLUMNS = `psd_id, license_number, algorithm, public_key_pem, certificate_serial, certificate_pem, not_before_ms,
  not_after_ms, status, registered_at_ms, suspended_at_ms, withdrawn_at_ms, revoked_at_ms, control_total_mills,
  withdrawn_descending_mills`;

/** The next PSD id and certificate serial: one more than the largest issued (both start at 1). */
export async function nextPsdNumbers(q: Queryable): Promise<{ psdId: number; certificateSerial: number }> {
  const rows = await q.query('SELECT COALESCE(MAX(psd_id), 0) AS psd_id, COALESCE(MAX(certificate_serial), 0) AS serial FROM authority_psds');
  const row = rows[0] ?? {};
  return { psdId: Number(asBigInt(row.psd_id)) + 1, certificateSerial: Number(asBigInt(row.serial)) + 1 };
}

/** Stores a newly registered PSD. */
export async function insertPsd(q: Queryable, p: PsdRecord): Promise<void> {
  await q.execute(
    `INSERT INTO authority_psds (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      p.psdId, p.licenseNumber, p.algorithm, p.publicKeyPem, p.certificateSerial, p.certificatePem, p.notBeforeMs,
      p.notAfterMs, p.status, p.registeredAtMs, p.suspendedAtMs, p.withdrawnAtMs, p.revokedAtMs, p.controlTotalMills,
      p.withdrawnDescendingMills,
    ],
  );
}

/** One PSD, or null. `lock` holds its row until the transaction ends. */
export async function findPsd(q: Queryable, psdId: number, options: { lock?: boolean } = {}): Promise<PsdRecord | null> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM authority_psds WHERE psd_id = ?${options.lock === true ? forUpdate(q) : ''}`, [psdId]);
  return rows[0] === undefined ? null : toPsd(rows[0]);
}

/** The PSD registered with this (normalized) public key, or null. */
export async function findPsdByPublicKey(q: Queryable, publicKeyPem: string): Promise<PsdRecord | null> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM authority_psds WHERE public_key_pem = ?`, [publicKeyPem]);
  return rows[0] === undefined ? null : toPsd(rows[0]);
}

/** Every PSD, by certificate serial. */
export async function listPsds(q: Queryable): Promise<PsdRecord[]> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM authority_psds ORDER BY certificate_serial`);
  return rows.map(toPsd);
}

/**
 * Moves the recorded control total from `from` to `to`; returns false (changing nothing) when the
 * record no longer holds `from`, so a lost race can never apply a reset twice.
 */
export async function updateControlTotal(q: Queryable, psdId: number, from: bigint, to: bigint): Promise<boolean> {
  const { changes } = await q.execute('UPDATE authority_psds SET control_total_mills = ? WHERE psd_id = ? AND control_total_mills = ?', [
    to,
    psdId,
    from,
  ]);
  return changes === 1;
}

/** Marks the PSD withdrawn and its certificate revoked from `atMs`, keeping the credited descending register. */
export async function markWithdrawn(q: Queryable, psdId: number, atMs: number, descendingMills: bigint): Promise<void> {
  await q.execute(
    `UPDATE authority_psds SET status = 'withdrawn', withdrawn_at_ms = ?, revoked_at_ms = COALESCE(revoked_at_ms, ?),
       withdrawn_descending_mills = ? WHERE psd_id = ?`,
    [atMs, atMs, descendingMills, psdId],
  );
}

const readMs = orNull((v, c) => Number(asBigInt(v, c)));

function toPsd(r: Row): PsdRecord {
  return {
    psdId: Number(asBigInt(r.psd_id, 'psd_id')),
    licenseNumber: Number(asBigInt(r.license_number, 'license_number')),
    algorithm: Number(asBigInt(r.algorithm, 'algorithm')) as SignatureAlgorithm,
    publicKeyPem: asString(r.public_key_pem, 'public_key_pem'),
    certificateSerial: Number(asBigInt(r.certificate_serial, 'certificate_serial')),
    certificatePem: asString(r.certificate_pem, 'certificate_pem'),
    notBeforeMs: Number(asBigInt(r.not_before_ms, 'not_before_ms')),
    notAfterMs: Number(asBigInt(r.not_after_ms, 'not_after_ms')),
    status: asString(r.status, 'status') as PsdStatus,
    registeredAtMs: Number(asBigInt(r.registered_at_ms, 'registered_at_ms')),
    suspendedAtMs: readMs(r.suspended_at_ms, 'suspended_at_ms'),
    withdrawnAtMs: readMs(r.withdrawn_at_ms, 'withdrawn_at_ms'),
    revokedAtMs: readMs(r.revoked_at_ms, 'revoked_at_ms'),
    controlTotalMills: asBigInt(r.control_total_mills, 'control_total_mills'),
    withdrawnDescendingMills: orNull(asBigInt)(r.withdrawn_descending_mills, 'withdrawn_descending_mills'),
  };
}

/** Sets the life-cycle status and its dates (suspension, reinstatement, revocation by the operator). */
export async function updatePsdStatus(
  q: Queryable,
  psdId: number,
  change: { status: PsdStatus; suspendedAtMs: number | null; revokedAtMs: number | null },
): Promise<void> {
  await q.execute('UPDATE authority_psds SET status = ?, suspended_at_ms = ?, revoked_at_ms = ? WHERE psd_id = ?', [
    change.status,
    change.suspendedAtMs,
    change.revokedAtMs,
    psdId,
  ]);
}
