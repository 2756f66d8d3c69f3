// JSON views of the ledger's records for the operator routes: money as decimal strings of mills, times
// as ISO 8601, hashes as hex.
import { isInspectionOverdue } from '../ledger/dispense-plan.js';
import type { InspectionReport, WithdrawalReport } from '../ledger/psd-lifecycle.js';
import type { PsdRecord } from '../ledger/psd-store.js';
import type { Registers } from '../ledger/registers.js';
import type { ResetRecord } from '../ledger/reset-store.js';
import type { ResetResult } from '../ledger/resets.js';

/** ISO 8601 of milliseconds since 1970-01-01 UTC, or null. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Registers with their units. */
export function registersView(r: Registers): Record<string, unknown> {
  return {
    ascendingMills: r.ascending.toString(),
    descendingMills: r.descending.toString(),
    controlTotalMills: r.control.toString(),
    pieceCount: r.pieceCount,
  };
}

/** One reset. */
export function resetView(r: ResetRecord): Record<string, unknown> {
  return {
    transactionId: r.transactionId,
    amountMills: r.amount.toString(),
    oldControlTotalMills: r.oldControlTotal.toString(),
    state: r.state,
    origin: r.origin,
    attempts: r.attempts,
    lastError: r.lastError,
    createdAt: isoOrNull(r.createdAtMs),
    updatedAt: isoOrNull(r.updatedAtMs),
  };
}

/** A PSD as GET /internal/v1/psds lists it, with its last reset (newest of `resets`) at `nowMs`. */
export function psdView(psd: PsdRecord, resets: readonly ResetRecord[], nowMs: number): Record<string, unknown> {
  const last = resets.at(-1);
  return {
    psdId: psd.psdId,
    status: psd.status,
    licenseNumber: psd.licenseNumber,
    certificateSerial: psd.certificateSerial,
    algorithm: psd.algorithm,
    keyId: psd.keyId,
    registers: registersView(psd.registers),
    lastReset: last === undefined ? null : resetView(last),
    pendingReset: resets.some((r) => r.state === 'pending'),
    lastInspectionAt: isoOrNull(psd.lastInspectionAtMs),
    inspectionDueAt: isoOrNull(psd.inspectionDueAtMs),
    inspectionOverdue: psd.status === 'active' && isInspectionOverdue(psd, nowMs),
    audit: { sequence: psd.auditSequence, head: psd.auditHead.toString('hex') },
    provisionedAt: isoOrNull(psd.provisionedAtMs),
    withdrawnAt: isoOrNull(psd.withdrawnAtMs),
  };
}

/** What a reset did. */
export function resetResultView(r: ResetResult): Record<string, unknown> {
  return { transactionId: r.transactionId, psdId: r.psdId, amountMills: r.amount.toString(), registers: registersView(r.registers), appliedNow: r.appliedNow };
}

/** A recorded inspection. */
export function inspectionView(r: InspectionReport): Record<string, unknown> {
  return {
    psdId: r.psdId,
    registers: registersView(r.registers),
    audit: { sequence: r.auditSequence, head: r.auditHead.toString('hex') },
    inspectedAt: isoOrNull(r.inspectedAtMs),
    inspectionDueAt: isoOrNull(r.inspectionDueAtMs),
  };
}

/** A withdrawal. */
export function withdrawalView(r: WithdrawalReport): Record<string, unknown> {
  return {
    psdId: r.psdId,
    registers: registersView(r.registers),
    audit: { sequence: r.auditSequence, head: r.auditHead.toString('hex') },
    withdrawnAt: isoOrNull(r.withdrawnAtMs),
    refundMills: r.refundMills.toString(),
  };
}
