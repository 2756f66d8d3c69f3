import { AppError } from '../../errors/app-error.js';
import { issuePsdCertificate } from '../certificate-issuer.js';
import type { AuthorityContext } from '../context.js';
import { parsePsdPublicKey } from '../psd-public-key.js';
import type { PsdRecord } from '../records.js';
import { appendDepositEntry, lockDeposit } from '../repositories/deposit.repository.js';
import { latestInspection } from '../repositories/inspection.repository.js';
import { findPsd, findPsdByPublicKey, insertPsd, markWithdrawn, nextPsdNumbers } from '../repositories/psd.repository.js';
import { MS_PER_DAY, floorToSecondMs } from '../time.js';
import { requireLicense } from './license.service.js';

/**
 * Registers a PSD public key under the license: assigns the next PSD id and certificate serial and
 * issues its certificate. Registering the same key again returns the first registration (a retry).
 */
export async function registerPsd(
  ctx: AuthorityContext,
  input: { publicKeyPem: string; algorithm: number },
): Promise<{ psd: PsdRecord; created: boolean }> {
  const key = parsePsdPublicKey(input.publicKeyPem, input.algorithm);
  return ctx.db.transaction(async (tx) => {
    // The license row lock makes id and serial assignment (MAX + 1) safe against concurrent registrations.
    const license = await requireLicense(tx, { lock: true });
    const existing = await findPsdByPublicKey(tx, key.pem);
    if (existing !== null) {
      if (existing.status === 'withdrawn' || existing.status === 'revoked') {
        throw new AppError('PSD_WITHDRAWN', `This key was PSD ${existing.psdId}, now ${existing.status}; a key is registered once`, { psdId: existing.psdId });
      }
      return { psd: existing, created: false };
    }
    const { psdId, certificateSerial } = await nextPsdNumbers(tx);
    const notBeforeMs = floorToSecondMs(ctx.clock().getTime());
    const notAfterMs = notBeforeMs + ctx.policy.certificateValidityDays * MS_PER_DAY;
    const certificatePem = await issuePsdCertificate({
      authorityPrivateKey: ctx.keys.privateKey,
      rootCertificatePem: ctx.keys.rootCertificatePem,
      psdPublicKey: key,
      licenseNumber: license.licenseNumber,
      psdId,
      serial: certificateSerial,
      notBefore: new Date(notBeforeMs),
      notAfter: new Date(notAfterMs),
    });
    const psd: PsdRecord = {
      psdId,
      licenseNumber: license.licenseNumber,
      algorithm: key.algorithm,
      publicKeyPem: key.pem,
      certificateSerial,
      certificatePem,
      notBeforeMs,
      notAfterMs,
      status: 'active',
      registeredAtMs: notBeforeMs,
      suspendedAtMs: null,
      withdrawnAtMs: null,
      revokedAtMs: null,
      controlTotalMills: 0n,
      withdrawnDescendingMills: null,
    };
    await insertPsd(tx, psd);
    return { psd, created: true };
  });
}

/** A PSD with the date its next inspection is due; throws PSD_UNKNOWN. */
export async function getPsd(ctx: AuthorityContext, psdId: number): Promise<{ psd: PsdRecord; nextInspectionDueAtMs: number }> {
  const psd = await findPsd(ctx.db, psdId);
  if (psd === null) throw unknownPsd(psdId);
  const last = await latestInspection(ctx.db, psdId);
  return { psd, nextInspectionDueAtMs: last?.nextDueAtMs ?? psd.registeredAtMs + ctx.policy.inspectionIntervalDays * MS_PER_DAY };
}

/**
 * Withdraws a PSD: checks the reported control total against the authority's record, credits the
 * descending register back to the deposit, and revokes the certificate for mailing dates after now.
 * Repeating the same withdrawal returns the same result and credits nothing more.
 */
export async function withdrawPsd(
  ctx: AuthorityContext,
  psdId: number,
  reported: { descendingMills: bigint; controlTotalMills: bigint },
): Promise<PsdRecord> {
  return ctx.db.transaction(async (tx) => {
    await lockDeposit(tx);
    const psd = await findPsd(tx, psdId, { lock: true });
    if (psd === null) throw unknownPsd(psdId);
    if (psd.status === 'withdrawn') {
      if (psd.withdrawnDescendingMills === reported.descendingMills && psd.controlTotalMills === reported.controlTotalMills) return psd;
      throw new AppError('PSD_WITHDRAWN', `PSD ${psdId} was already withdrawn with other registers`, { psdId });
    }
    if (reported.controlTotalMills !== psd.controlTotalMills) throw controlTotalMismatch(psd, reported.controlTotalMills);
    if (reported.descendingMills > reported.controlTotalMills) {
      throw new AppError('REGISTERS_INCONSISTENT', `The descending register ${reported.descendingMills} exceeds the control total ${reported.controlTotalMills} mills`);
    }
    const atMs = ctx.clock().getTime();
    await appendDepositEntry(tx, { kind: 'withdrawal', amountMills: reported.descendingMills, reference: `psd-${psdId}`, psdId, createdAtMs: atMs });
    await markWithdrawn(tx, psdId, atMs, reported.descendingMills);
    const after = await findPsd(tx, psdId);
    if (after === null) throw new Error(`PSD ${psdId} vanished inside its withdrawal transaction`);
    return after;
  });
}

/** PSD_UNKNOWN for an id the authority never registered. */
export function unknownPsd(psdId: number): AppError {
  return new AppError('PSD_UNKNOWN', `The postal authority has registered no PSD ${psdId}`, { psdId });
}

/** CONTROL_TOTAL_MISMATCH, naming both totals so an honest vendor can recover. */
export function controlTotalMismatch(psd: PsdRecord, sentMills: bigint): AppError {
  return new AppError(
    'CONTROL_TOTAL_MISMATCH',
    `PSD ${psd.psdId}: the control total sent is ${sentMills} mills, the authority recorded ${psd.controlTotalMills}`,
    { psdId: psd.psdId, sentControlTotalMills: sentMills.toString(), recordedControlTotalMills: psd.controlTotalMills.toString() },
  );
}

/** Refuses a PSD that may not be reset or inspected: withdrawn, revoked, or (for resets) suspended. */
export function assertUsable(psd: PsdRecord, options: { allowSuspended: boolean }): void {
  if (psd.status === 'withdrawn') throw new AppError('PSD_WITHDRAWN', `PSD ${psd.psdId} has been withdrawn`, { psdId: psd.psdId });
  if (psd.status === 'revoked') throw new AppError('PSD_REVOKED', `The certificate of PSD ${psd.psdId} has been revoked`, { psdId: psd.psdId });
  if (psd.status === 'suspended' && !options.allowSuspended) {
    throw new AppError('PSD_SUSPENDED', `PSD ${psd.psdId} is suspended`, { psdId: psd.psdId });
  }
}
