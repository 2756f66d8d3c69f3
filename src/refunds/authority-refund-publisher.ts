// The RefundPublisher over the postal authority's HTTP API: POST /v1/refunds {psdId, pieceCount} with
// the vendor's bearer token. The authority answers 201 the first time and 200 with the same record
// after, {refundedAt, firstScannedAt}; the call and its error mapping are the processing servers' own
// (callAuthority), so an unreachable authority is AUTHORITY_UNAVAILABLE here too.
import { AppError } from '../errors/app-error.js';
import { callAuthority, type AuthorityHttpOptions } from '../processing/authority-http.js';
import type { PublicationResult, PublishedStamp, RefundPublisher } from './refund-ports.js';

/** Publishes refunds to the authority at `options.baseUrl`. */
export class AuthorityRefundPublisher implements RefundPublisher {
  constructor(private readonly options: AuthorityHttpOptions) {}

  async publish(stamp: PublishedStamp): Promise<PublicationResult> {
    const body = await callAuthority(this.options, { method: 'POST', path: '/v1/refunds', body: { psdId: stamp.psdId, pieceCount: stamp.pieceCount } });
    return readPublication(body);
  }
}

/**
 * Reads the authority's refund record. The stamp counts as used only when its first scan came before
 * the refund: a scan after the refund (the authority reports it as refunded, not valid) did not use the
 * postage, and a publication repeated after such a scan must reach the same decision as the first.
 */
export function readPublication(body: unknown): PublicationResult {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { refundedAt?: unknown; firstScannedAt?: unknown };
  const refundedAtMs = typeof b.refundedAt === 'string' ? Date.parse(b.refundedAt) : Number.NaN;
  const firstScannedAtMs = b.firstScannedAt === null ? null : typeof b.firstScannedAt === 'string' ? Date.parse(b.firstScannedAt) : Number.NaN;
  if (Number.isNaN(refundedAtMs) || (firstScannedAtMs !== null && Number.isNaN(firstScannedAtMs))) {
    throw new AppError('AUTHORITY_ANSWER_INVALID', 'POST /v1/refunds answered without a valid refundedAt and firstScannedAt');
  }
  return { scannedBefore: firstScannedAtMs !== null && firstScannedAtMs <= refundedAtMs, publishedAtMs: refundedAtMs };
}
