// What the refunds part needs from outside it: the postal authority (publishing a refunded stamp) and
// the account ledger (crediting the postage back). Both are ports so that the review logic is tested
// with stand-ins and wired to the real thing by src/web/web-services.ts.
import type { Queryable } from '../db/database.js';
import type { Mills } from '../core/money.js';

/** The stamp as the authority knows it (the license is the vendor's one license). */
export interface PublishedStamp {
  readonly psdId: number;
  readonly pieceCount: number;
}

/** What the authority answered to a publication. */
export interface PublicationResult {
  /** True when the authority had scanned the piece before it learned of the refund: the postage was used. */
  readonly scannedBefore: boolean;
  /** When the authority first recorded the refund, by its clock (publishing again answers the same moment). */
  readonly publishedAtMs?: number;
}

/**
 * Publishes a refunded stamp to the postal authority, so that a later scan of it is not valid.
 * Idempotent: publishing the same stamp again answers the first record. Throws (an AppError such as
 * AUTHORITY_UNAVAILABLE) when there is no usable answer; the request is then tried again later.
 */
export interface RefundPublisher {
  publish(stamp: PublishedStamp): Promise<PublicationResult>;
}

/** The credit of one approved refund. */
export interface StampRefundCredit {
  readonly accountId: string;
  readonly purchaseId: string;
  readonly stampId: string;
  readonly amountMills: Mills;
  /** The refund request's id: the ledger's reference, unique per credit. */
  readonly refundId: string;
}

/**
 * Credits an approved refund to the account (ledger: postage −S, balance +S for prepaid, or a card
 * refund owed for pay-per-purchase), inside the transaction that marks the request approved, so that
 * the two happen together or not at all. Implemented by src/billing.
 */
export interface RefundCreditor {
  creditStampRefundInTx(tx: Queryable, credit: StampRefundCredit): Promise<void>;
}

/** The refund status of stamps, for the order history: which stamps have a request and in what state. */
export type RefundStatusLookup = (
  accountId: string,
  stampIds: readonly string[],
) => Promise<Map<string, { readonly status: 'requested' | 'approved' | 'rejected'; readonly refundId: string }>>;
