// The life cycle of a PSD resource: provisioning, inspection bookkeeping and withdrawal.
import { isSignatureAlgorithm } from '../core/signature-algorithm.js';
import { AppError } from '../errors/app-error.js';
import { appendAuditEntry, auditGenesisHash } from './audit-chain.js';
import type { LedgerContext } from './ledger-config.js';
import { findPsd, insertPsd, lockPsd, type PsdRecord } from './psd-store.js';
import { insertAuditEntries } from './record-store.js';
import { assertRegisterInvariants, ZERO_REGISTERS, type Registers } from './registers.js';
import { findPendingReset } from './reset-store.js';

/** Re-exported where the life cycle's callers look for it; the rule lives beside psdRefusal. */
export { isInspectionOverdue } from './dispense-plan.js';

/** What the postal authority assigned to a new PSD, whose key pair the crypto module already holds. */
export interface ProvisionPsdInput {
  /** The PSD id the authority assigned (1 to 2^32 − 1). */
  readonly psdId: number;
  /** The crypto module's id of the PSD's key pair. */
  readonly keyId: string;
  /** Serial of the certificate the authority issued for the key. */
  readonly certificateSerial: number;
}

/**
 * Stores a new PSD with AR = DR = CT = 0 and an empty audit chain. The authority has just seen its
 * registers (all zero) when certifying it, so provisioning counts as its first inspection.
 */
export async function provisionPsd(ctx: LedgerContext, input: ProvisionPsdInput): Promise<PsdRecord> {
  const { psdId, keyId, certificateSerial } = input;
  if (!Number.isInteger(psdId) || psdId < 1 || psdId > 0xffff_ffff) {
    throw new AppError('INVALID_ARGUMENT', `PSD id ${psdId} is not an integer from 1 to 4294967295`, { psdId });
  }
  if (!Number.isInteger(certificateSerial) || certificateSerial < 0 || certificateSerial > 0xffff_ffff) {
    throw new AppError('INVALID_ARGUMENT', `Certificate serial ${certificateSerial} is not an integer from 0 to 4294967295`, { certificateSerial });
  }
  const key = await ctx.crypto.getKey(keyId); // CRYPTO_KEY_NOT_FOUND when this server's module lacks it
  if (!isSignatureAlgorithm(key.algorithm)) throw new AppError('CRYPTO_ALGORITHM_UNSUPPORTED', undefined, { keyId });
  const nowMs = ctx.nowMs();
  const psd: PsdRecord = {
    psdId,
    serverId: ctx.serverId,
    licenseNumber: ctx.licenseNumber,
    certificateSerial,
    keyId,
    algorithm: key.algorithm,
    status: 'active',
    registers: ZERO_REGISTERS,
    auditSequence: 0,
    auditHead: auditGenesisHash(psdId),
    lastInspectionAtMs: nowMs,
    inspectionDueAtMs: nowMs + ctx.inspectionPeriodMs,
    provisionedAtMs: nowMs,
    withdrawnAtMs: null,
  };
  await ctx.db.transaction(async (tx) => {
    if ((await findPsd(tx, psdId)) !== undefined) {
      throw new AppError('PSD_ALREADY_PROVISIONED', `PSD ${psdId} is already stored`, { psdId });
    }
    await insertPsd(tx, psd);
  });
  return psd;
}

/** What a PSD reports at an inspection: its registers and the head of its audit chain. */
export interface InspectionReport {
  readonly psdId: number;
  readonly registers: Registers;
  readonly auditSequence: number;
  readonly auditHead: Buffer;
  readonly inspectedAtMs: number;
  /** The PSD dispenses until this instant unless inspected again. */
  readonly inspectionDueAtMs: number;
}

/**
 * Records that the PSD's registers and audit head were reported to the authority at `atMs`: appends an
 * inspection entry (which the report's head includes) and moves the due date one period on.
 */
export async function recordInspection(ctx: LedgerContext, psdId: number, atMs = ctx.nowMs()): Promise<InspectionReport> {
  return ctx.db.transaction(async (tx) => {
    const psd = await lockPsd(tx, psdId);
    assertRegisterInvariants(psd.registers);
    const entry = appendAuditEntry(psd.auditHead, {
      kind: 'inspection',
      psdId,
      sequence: psd.auditSequence + 1,
      registers: psd.registers,
      amount: 0n,
      reference: Buffer.alloc(0),
      timestampMs: atMs,
    });
    await insertAuditEntries(tx, [entry]);
    const due = atMs + ctx.inspectionPeriodMs;
    const { changes } = await tx.execute(
      `UPDATE psds SET audit_sequence = ?, audit_head = ?, last_inspection_at_ms = ?, inspection_due_at_ms = ?
       WHERE psd_id = ? AND audit_sequence = ?`,
      [entry.sequence, entry.hash, atMs, due, psdId, psd.auditSequence],
    );
    if (changes !== 1) throw new AppError('LEDGER_INVARIANT_VIOLATED', `PSD ${psdId} changed while its row was locked`, { psdId });
    return { psdId, registers: psd.registers, auditSequence: entry.sequence, auditHead: entry.hash, inspectedAtMs: atMs, inspectionDueAtMs: due };
  });
}

/** The final state of a withdrawn PSD. */
export interface WithdrawalReport {
  readonly psdId: number;
  /** Frozen registers. */
  readonly registers: Registers;
  readonly auditSequence: number;
  readonly auditHead: Buffer;
  readonly withdrawnAtMs: number;
  /** The DR to be credited back to the vendor's deposit, mills. */
  readonly refundMills: bigint;
}

/**
 * Withdraws a PSD: it dispenses nothing more, its registers are frozen and the withdrawal entry names
 * the DR to be credited back to the vendor's deposit. Refused while a reset of it is pending.
 */
export async function withdrawPsd(ctx: LedgerContext, psdId: number): Promise<WithdrawalReport> {
  return ctx.db.transaction(async (tx) => {
    const psd = await lockPsd(tx, psdId);
    if (psd.status !== 'active') throw new AppError('PSD_NOT_ACTIVE', `PSD ${psdId} is already withdrawn`, { psdId });
    const pending = await findPendingReset(tx, psdId);
    if (pending !== undefined) {
      throw new AppError('RESET_PENDING', `Reset ${pending.transactionId} of PSD ${psdId} must finish before it is withdrawn`, { psdId });
    }
    const nowMs = ctx.nowMs();
    const entry = appendAuditEntry(psd.auditHead, {
      kind: 'withdrawal',
      psdId,
      sequence: psd.auditSequence + 1,
      registers: psd.registers,
      amount: psd.registers.descending,
      reference: Buffer.alloc(0),
      timestampMs: nowMs,
    });
    await insertAuditEntries(tx, [entry]);
    await tx.execute(
      `UPDATE psds SET status = 'withdrawn', withdrawn_at_ms = ?, audit_sequence = ?, audit_head = ? WHERE psd_id = ? AND audit_sequence = ?`,
      [nowMs, entry.sequence, entry.hash, psdId, psd.auditSequence],
    );
    return {
      psdId,
      registers: psd.registers,
      auditSequence: entry.sequence,
      auditHead: entry.hash,
      withdrawnAtMs: nowMs,
      refundMills: psd.registers.descending,
    };
  });
}
