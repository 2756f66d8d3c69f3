// JSON views of the authority's records: money as decimal strings of mills, times as ISO 8601.
import type { DepositEntry, LicenseRecord, PsdRecord } from '../records.js';
import { isoSeconds } from '../time.js';

/** The license as the API shows it. */
export function licenseView(l: LicenseRecord): Record<string, unknown> {
  return { licenseNumber: l.licenseNumber, vendorName: l.vendorName, assignedAt: new Date(l.assignedAtMs).toISOString() };
}

/** A PSD registration as POST /v1/psds answers it. */
export function registrationView(p: PsdRecord): Record<string, unknown> {
  return {
    psdId: p.psdId,
    licenseNumber: p.licenseNumber,
    algorithm: p.algorithm,
    certificateSerial: p.certificateSerial,
    certificatePem: p.certificatePem,
    publicKeyPem: p.publicKeyPem,
    notBefore: isoSeconds(p.notBeforeMs),
    notAfter: isoSeconds(p.notAfterMs),
    status: p.status,
  };
}

/** A PSD with its life-cycle dates and the control total the authority recorded. */
export function psdView(p: PsdRecord): Record<string, unknown> {
  const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    ...registrationView(p),
    controlTotalMills: p.controlTotalMills.toString(),
    registeredAt: at(p.registeredAtMs),
    suspendedAt: at(p.suspendedAtMs),
    withdrawnAt: at(p.withdrawnAtMs),
    revokedAt: at(p.revokedAtMs),
    withdrawnDescendingMills: p.withdrawnDescendingMills?.toString() ?? null,
  };
}

/** One deposit entry. */
export function depositEntryView(e: DepositEntry): Record<string, unknown> {
  return {
    entryId: e.entryId,
    kind: e.kind,
    amountMills: e.amountMills.toString(),
    reference: e.reference,
    psdId: e.psdId,
    createdAt: new Date(e.createdAtMs).toISOString(),
  };
}
