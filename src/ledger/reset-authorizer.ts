// The vendor side of a reset (psd-ledger.md, "Reset"): what the ledger asks the postal authority, and
// how it tells a refusal (nothing moved, safe to forget) from an unknown outcome (ask again later).
import type { ResetAuthorization } from '../authority/reset-authorization.js';
import { isAppError } from '../errors/app-error.js';
import type { ErrorKind } from '../errors/catalogue.js';

/** A reset request: move `amount` mills from the vendor deposit into the PSD. */
export interface ResetRequest {
  readonly licenseNumber: number;
  readonly psdId: number;
  /** The PSD's CT before the reset, mills; the authority compares it with its own record. */
  readonly currentControlTotal: bigint;
  /** Mills, > 0. */
  readonly amount: bigint;
  /** Chosen by the vendor and persisted before asking; the same id always gets the same answer. */
  readonly transactionId: string;
}

/**
 * The postal authority as the ledger sees it (an HTTP client, or the authority's service in-process).
 * `requestReset` resolves with the signed authorization, or throws. A thrown AppError whose kind says
 * the authority decided (see isDefiniteRefusal) means no money moved; any other failure (network,
 * timeout, 5xx) leaves the outcome unknown, and the same request is asked again later.
 */
export interface ResetAuthorizer {
  requestReset(request: ResetRequest): Promise<ResetAuthorization>;
}

// Kinds with which an authority answers a request it has examined and turned down.
const REFUSAL_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'invalid_input',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payment_required',
]);

/** True when `err` is the authority's definite "no" (deposit short, CT mismatch, PSD withdrawn, …). */
export function isDefiniteRefusal(err: unknown): boolean {
  return isAppError(err) && REFUSAL_KINDS.has(err.kind);
}
