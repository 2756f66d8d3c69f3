// The rows the authority keeps, as the services see them. Money in mills (bigint), times in epoch ms.
import type { SignatureAlgorithm } from '../core/signature-algorithm.js';

/** Life-cycle state of a registered PSD (psd-ledger.md, "Life cycle"). */
export type PsdStatus = 'active' | 'suspended' | 'withdrawn' | 'revoked';

/** The one license number the authority assigned to the vendor. */
export interface LicenseRecord {
  readonly licenseNumber: number;
  readonly vendorName: string;
  readonly assignedAtMs: number;
}

/** A PSD registered under the license, with its certificate and the control total the authority recorded. */
export interface PsdRecord {
  readonly psdId: number;
  readonly licenseNumber: number;
  readonly algorithm: SignatureAlgorithm;
  readonly publicKeyPem: string;
  readonly certificateSerial: number;
  readonly certificatePem: string;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  readonly status: PsdStatus;
  readonly registeredAtMs: number;
  readonly suspendedAtMs: number | null;
  readonly withdrawnAtMs: number | null;
  readonly revokedAtMs: number | null;
  /** Total funds ever loaded into the PSD, as the authority authorized them. */
  readonly controlTotalMills: bigint;
  /** The descending register credited back at withdrawal; null until withdrawn. */
  readonly withdrawnDescendingMills: bigint | null;
}

/** Why money moved in the deposit. */
export type DepositEntryKind = 'funding' | 'reset' | 'withdrawal';

/** One entry of the vendor's deposit ledger: credits positive, debits negative. */
export interface DepositEntry {
  readonly entryId: number;
  readonly kind: DepositEntryKind;
  readonly amountMills: bigint;
  /** Funding: the operator's reference; reset: the transaction id; withdrawal: psd-N. */
  readonly reference: string;
  readonly psdId: number | null;
  readonly createdAtMs: number;
}

/** A reset authorization as signed and stored, keyed by the vendor's transaction id. */
export interface ResetRecord {
  readonly transactionId: string;
  /** SHA-256 (hex) of the canonical request, to tell a retry from a different request. */
  readonly requestHash: string;
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly oldControlTotalMills: bigint;
  readonly newControlTotalMills: bigint;
  readonly signatureBase64: string;
  readonly depositEntryId: number;
  readonly authorizedAtMs: number;
}

/** The registers and audit head one PSD reported at an inspection. */
export interface InspectionRecord {
  readonly inspectionId: number;
  readonly psdId: number;
  readonly ascendingMills: bigint;
  readonly descendingMills: bigint;
  readonly controlTotalMills: bigint;
  readonly pieceCount: bigint;
  readonly auditHead: string;
  readonly inspectedAtMs: number;
  readonly nextDueAtMs: number;
}
