// The scanning service's rows as its services see them. Times are epoch milliseconds.
import type { RuleNumber } from '../../verifier/verifier.js';

/** How the scanned indicium reached the authority: text in JSON, raw bytes, or a symbol in an image or PDF. */
export type SourceKind = 'hex' | 'base64' | 'bytes' | 'png' | 'pdf';

/**
 * The verdict of one scan. `valid`, `invalid` and `duplicate` are spec §8's; `refunded` is an indicium
 * that passed rules 1 to 5 but whose postage the vendor gave back; `unreadable` is an upload in which
 * no symbol could be read (it has no bytes and no rule).
 */
export type ScanStatus = 'valid' | 'invalid' | 'duplicate' | 'refunded' | 'unreadable';

/** Who scans: a scanning station's token, or the operator's. */
export type ScannerRole = 'scanner' | 'operator';

/** The triple that names one indicium: rule 6's key, and the key of a refund. */
export interface IndiciumTriple {
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly pieceCount: number;
}

/** One row of the scans log. */
export interface ScanRecord {
  readonly scanId: number;
  readonly scannedAtMs: number;
  /** The station's X-Scanner-Id, when it sent one. */
  readonly scannerId: string | null;
  readonly role: ScannerRole;
  /** The HTTP request the scan came in (one upload may hold several symbols). */
  readonly requestId: string;
  readonly sourceKind: SourceKind;
  /** Where in the upload the symbol was: "indicium", "symbol 2", "page 1 symbol 1". */
  readonly source: string;
  /** The bytes read from the symbol (117 for a well-formed indicium); null when unreadable. */
  readonly indicium: Buffer | null;
  readonly status: ScanStatus;
  readonly rule: RuleNumber | null;
  readonly reason: string;
  /** The indicium's triple, whenever rule 1 passed. */
  readonly triple: IndiciumTriple | null;
}

/** A scan about to be stored (the database numbers it). */
export type NewScan = Omit<ScanRecord, 'scanId'>;

/** A stamp the vendor refunded. */
export interface RefundRecord extends IndiciumTriple {
  /** When the authority recorded the refund. */
  readonly refundedAtMs: number;
}

/** The first sighting of an indicium. */
export interface SightingRecord extends IndiciumTriple {
  readonly firstSeenAtMs: number;
  readonly scannerId: string | null;
}
