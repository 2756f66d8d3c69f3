// Spec §8 for anyone, as the scanning service applies it (src/authority/scanning/scan.service.ts): the
// certificate as the authority's records stand, the certificate period enforced, today by the
// authority's clock as the scan date, and the refunds overlaid. The one difference: nothing is written.
// Rule 6 is a read-only lookup of the sightings table (sighting-lookup.ts), and the check is not logged,
// so that a member of the public never turns the sorting centre's real scan into a duplicate.
//
// The reads (certificate, sighting, refund) run outside a transaction: on SQLite a transaction would
// take the write lock and queue behind the scanning stations, and a read-only answer needs no snapshot.
import { createVerifier, type RuleCheck, type Verdict } from '../../verifier/verifier.js';
import type { AuthorityContext } from '../context.js';
import type { CertificateCache } from '../scanning/certificate-cache.js';
import { findRefund } from '../scanning/refund.repository.js';
import type { ScanSymbol } from '../scanning/scan-input.js';
import { withRefund } from '../scanning/scan-verdict.js';
import { SightingLookup } from './sighting-lookup.js';
import type { PublicVerification } from './verify-views.js';

/** Verifies every symbol of one upload, in reading order, recording nothing. */
export async function verifyPublicly(ctx: AuthorityContext, certificates: CertificateCache, symbols: readonly ScanSymbol[]): Promise<PublicVerification[]> {
  const results: PublicVerification[] = [];
  for (const symbol of symbols) results.push(await verifySymbol(ctx, certificates, symbol));
  return results;
}

async function verifySymbol(ctx: AuthorityContext, certificates: CertificateCache, symbol: ScanSymbol): Promise<PublicVerification> {
  const atMs = ctx.clock().getTime();
  const directory = await certificates.directoryFor(ctx.db, symbol.bytes);
  const lookup = new SightingLookup(ctx.db);
  const verifier = createVerifier({ directory, seen: lookup, enforceCertificatePeriod: true });
  const verdict = await verifier.verify(symbol.bytes, { scanDate: new Date(atMs) });
  if (verdict.status === 'invalid' || verdict.fields === undefined) {
    return { ...verdict, valid: false, source: symbol.source, firstScannedAtMs: null, refundedAtMs: null };
  }
  // Rules 1 to 5 hold: rule 6 was the lookup. Say what it found in words true of a lookup.
  const firstScannedAtMs = lookup.sighting?.firstSeenAtMs ?? null;
  const { licenseNumber, psdId, pieceCount } = verdict.fields;
  const triple = `license ${licenseNumber} PSD ${psdId} piece ${pieceCount}`;
  const ruleSix: RuleCheck =
    firstScannedAtMs === null
      ? { rule: 6, passed: true, reason: `The postal authority has not scanned ${triple} yet` }
      : { rule: 6, passed: false, reason: `${triple} was already scanned by the postal authority at ${new Date(firstScannedAtMs).toISOString()}` };
  const looked: Verdict = {
    status: ruleSix.passed ? 'valid' : 'duplicate',
    ...(ruleSix.passed ? {} : { rule: 6 as const }),
    reason: ruleSix.passed ? verdict.reason : ruleSix.reason,
    fields: verdict.fields,
    checks: [...verdict.checks.filter((c) => c.rule !== 6), ruleSix],
  };
  const refund = await findRefund(ctx.db, { licenseNumber, psdId, pieceCount });
  const result = withRefund(looked, refund);
  return { ...result, source: symbol.source, firstScannedAtMs, refundedAtMs: refund?.refundedAtMs ?? null };
}
