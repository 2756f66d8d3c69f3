// Refunds: the vendor publishes each stamp whose postage it gave back, so that a later scan of that
// stamp is not valid. Publishing is idempotent: the refund of a stamp is stored once, with the moment
// the authority first learned of it, and every repetition answers that same record.
import type { AuthorityContext } from '../context.js';
import { findPsd } from '../repositories/psd.repository.js';
import { requireLicense } from '../services/license.service.js';
import { unknownPsd } from '../services/psd.service.js';
import { findRefund, insertRefund } from './refund.repository.js';
import type { RefundRecord, SightingRecord } from './scan-records.js';
import { findSighting } from './sighting.repository.js';

/** The stamp the vendor refunded: its PSD and piece count (the license is the vendor's one license). */
export interface RefundRequest {
  readonly psdId: number;
  readonly pieceCount: number;
}

/** A stored refund, whether this call stored it, and the stamp's first sighting if it was scanned before. */
export interface PublishedRefund {
  readonly refund: RefundRecord;
  readonly created: boolean;
  /** Non-null when the stamp had already passed a scan: its postage was used, then refunded. */
  readonly sighting: SightingRecord | null;
}

/** Records the refund of one stamp of a PSD registered under the license (PSD_UNKNOWN otherwise). */
export async function publishRefund(ctx: AuthorityContext, req: RefundRequest): Promise<PublishedRefund> {
  const license = await requireLicense(ctx.db);
  const psd = await findPsd(ctx.db, req.psdId);
  if (psd === null || psd.licenseNumber !== license.licenseNumber) throw unknownPsd(req.psdId);
  const candidate: RefundRecord = {
    licenseNumber: license.licenseNumber,
    psdId: req.psdId,
    pieceCount: req.pieceCount,
    refundedAtMs: ctx.clock().getTime(),
  };
  // The primary key decides between concurrent publications; the loser reads the winner's record.
  const created = await insertRefund(ctx.db, candidate);
  const refund = created ? candidate : await findRefund(ctx.db, candidate);
  if (refund === null) throw new Error(`The refund of PSD ${req.psdId} piece ${req.pieceCount} was neither stored nor found`);
  return { refund, created, sighting: await findSighting(ctx.db, candidate) };
}
