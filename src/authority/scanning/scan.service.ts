// Scanning: spec §8 applied by the authority to what its scanning stations read, against its own
// certificate records, its persistent memory of sightings and the vendor's refunds; every scan logged.
import type { AppError } from '../../errors/app-error.js';
import { createVerifier } from '../../verifier/verifier.js';
import type { AuthorityContext } from '../context.js';
import type { CertificateCache } from './certificate-cache.js';
import { findRefund } from './refund.repository.js';
import type { ScanSymbol } from './scan-input.js';
import type { ScannerRole, SourceKind } from './scan-records.js';
import { insertScan } from './scan.repository.js';
import { withRefund, type ScanVerdict } from './scan-verdict.js';
import { DatabaseSeenStore } from './sighting.repository.js';

/** Who scans, and how the upload came. */
export interface ScanRequest {
  readonly scannerId: string | null;
  readonly role: ScannerRole;
  /** The HTTP request id, stored with each scan of the upload. */
  readonly requestId: string;
  readonly kind: SourceKind;
}

/** The verdict on one symbol, with the id it is logged under. */
export interface ScanResult extends ScanVerdict {
  readonly scanId: number;
  readonly source: string;
}

/** Scans every symbol of one upload, one after the other, in the order they were read. */
export async function scanSymbols(ctx: AuthorityContext, certificates: CertificateCache, req: ScanRequest, symbols: readonly ScanSymbol[]): Promise<ScanResult[]> {
  const results: ScanResult[] = [];
  for (const symbol of symbols) results.push(await scanSymbol(ctx, certificates, req, symbol));
  return results;
}

/**
 * Verifies one symbol and logs it, in one transaction: the certificate as the records stand, rules 1
 * to 5 with the certificate period enforced and today (the authority's clock) as the scan date, rule 6
 * against the sightings table, then the refunds. The sighting and the log entry commit together.
 */
export async function scanSymbol(ctx: AuthorityContext, certificates: CertificateCache, req: ScanRequest, symbol: ScanSymbol): Promise<ScanResult> {
  const atMs = ctx.clock().getTime();
  return ctx.db.transaction(async (tx) => {
    const directory = await certificates.directoryFor(tx, symbol.bytes);
    const seen = new DatabaseSeenStore(tx, { atMs, scannerId: req.scannerId });
    const verifier = createVerifier({ directory, seen, enforceCertificatePeriod: true });
    const verdict = await verifier.verify(symbol.bytes, { scanDate: new Date(atMs) });
    const triple = verdict.fields === undefined ? null : { licenseNumber: verdict.fields.licenseNumber, psdId: verdict.fields.psdId, pieceCount: verdict.fields.pieceCount };
    const refund = triple !== null && verdict.status !== 'invalid' ? await findRefund(tx, triple) : null;
    const result = withRefund(verdict, refund);
    const scanId = await insertScan(tx, {
      scannedAtMs: atMs,
      scannerId: req.scannerId,
      role: req.role,
      requestId: req.requestId,
      sourceKind: req.kind,
      source: symbol.source,
      indicium: symbol.bytes,
      status: result.status,
      rule: result.rule ?? null,
      reason: result.reason,
      triple,
    });
    return { scanId, source: symbol.source, ...result };
  });
}

/** Logs an upload in which no symbol could be read (the error says why); returns the scan id. */
export async function recordUnreadable(ctx: AuthorityContext, req: ScanRequest, err: AppError): Promise<number> {
  return insertScan(ctx.db, {
    scannedAtMs: ctx.clock().getTime(),
    scannerId: req.scannerId,
    role: req.role,
    requestId: req.requestId,
    sourceKind: req.kind,
    source: 'upload',
    indicium: null,
    status: 'unreadable',
    rule: null,
    reason: `${err.code}: ${err.message}`,
    triple: null,
  });
}
