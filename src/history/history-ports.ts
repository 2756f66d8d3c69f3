// What the history reads from other parts of the customer side, as ports: refunds (src/refunds), the
// account's name and address (src/accounts) and how an order was paid (src/billing). Those parts own the
// tables and implement the ports; the history never reads their tables itself.

/** Where a stamp's refund request stands. */
export type RefundStatus = 'requested' | 'approved' | 'rejected';

/** The refund request of one stamp. */
export interface StampRefund {
  readonly status: RefundStatus;
  readonly refundId: string;
}

/**
 * The refund requests of the given stamps of one account, keyed by stamp id; a stamp without one is
 * absent from the map. Stamp ids of another account must be absent too. Called once per page of stamps
 * (at most a few hundred ids), never per stamp.
 */
export type RefundStatusLookup = (accountId: string, stampIds: readonly string[]) => Promise<ReadonlyMap<string, StampRefund>>;

/** A postal address as the account keeps it (PUT /v1/account/address). */
export interface PostalAddress {
  readonly name: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
}

/** What a receipt shows of the customer: the account's name and postal address (null when none is on file). */
export interface AccountInfo {
  readonly name: string;
  readonly address: PostalAddress | null;
}

/** The account's name and current postal address. */
export type AccountInfoLookup = (accountId: string) => Promise<AccountInfo>;

/** How an order was paid: from the prepaid balance, or charged to a card (brand and last four digits). */
export interface PaymentInfo {
  readonly method: 'balance' | 'card';
  readonly brand?: string;
  readonly last4?: string;
}

/** How the purchase was paid; null when billing has no record of it. */
export type PaymentLookup = (purchaseId: string) => Promise<PaymentInfo | null>;
