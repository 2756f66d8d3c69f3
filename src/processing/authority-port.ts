// The postal authority as a processing server sees it, beyond resets (which the ledger's
// ResetAuthorizer covers): registering PSD keys, reporting inspections and withdrawals. The HTTP client
// in authority-client.ts implements all of it; tests may put anything with these shapes in its place.
import type { SignatureAlgorithm } from '../core/signature-algorithm.js';
import type { Registers } from '../ledger/registers.js';

/** What the authority answered when it registered a PSD public key. */
export interface PsdRegistration {
  readonly psdId: number;
  readonly licenseNumber: number;
  readonly algorithm: SignatureAlgorithm;
  /** Serial of the certificate issued for the key; every indicium of the PSD carries it. */
  readonly certificateSerial: number;
  readonly certificatePem: string;
}

/** Registers PSD public keys with the authority (POST /v1/psds). */
export interface PsdRegistrar {
  /** Registers a key (or returns its earlier registration: the same key is registered once). */
  registerPsd(publicKeyPem: string, algorithm: SignatureAlgorithm): Promise<PsdRegistration>;
}

/** A PSD's registers and audit head as reported at an inspection. */
export interface InspectionToReport {
  readonly psdId: number;
  readonly registers: Registers;
  /** SHA-256 head of the PSD's audit chain (32 bytes). */
  readonly auditHead: Buffer;
}

/** The authority's receipt of an inspection. */
export interface InspectionReceipt {
  readonly inspectionId: number;
  readonly psdId: number;
  /** Milliseconds since 1970-01-01 UTC. */
  readonly inspectedAtMs: number;
  /** When the authority expects the next inspection, milliseconds since 1970-01-01 UTC. */
  readonly nextDueAtMs: number;
}

/** The authority's receipt of a withdrawal. */
export interface WithdrawalReceipt {
  readonly psdId: number;
  /** The descending register credited back to the vendor's deposit, mills. */
  readonly creditedMills: bigint;
  /** Milliseconds since 1970-01-01 UTC, or null. */
  readonly revokedAtMs: number | null;
}

/** Reports inspections and withdrawals to the authority. */
export interface AuthorityReporter {
  /** POST /v1/inspections: the registers and audit head of one PSD. */
  reportInspection(report: InspectionToReport): Promise<InspectionReceipt>;
  /** POST /v1/psds/:id/withdraw: the final DR (credited back to the deposit) and CT. Repeating it is harmless. */
  reportWithdrawal(psdId: number, registers: Registers): Promise<WithdrawalReceipt>;
}
