// The customer side of the public API (docs/customers.md) as the client library types it: balance,
// top-ups, cards, billing settings, refunds, orders, receipts, media and who is calling. The shapes follow
// the servers' route schemas (src/billing/billing.routes.ts, src/refunds/refunds.schemas.ts,
// src/history/history.schemas.ts, src/media/media.schemas.ts, src/accounts/accounts.schemas.ts). Money is a
// decimal string of mills (1 mill = US$0.001), never a float.

/** How an account pays: from the prepaid balance, or a card charge per purchase. */
export type BillingMode = 'prepaid' | 'per_purchase';

/** Auto-refill of the prepaid balance from the default card. Mills as decimal strings. */
export interface AutoRefill {
  readonly enabled: boolean;
  /** Refill when a purchase would leave the balance under this. */
  readonly thresholdMills: string;
  /** What one refill charges. */
  readonly amountMills: string;
  /** At most this much refilled per calendar month (UTC). */
  readonly monthlyCapMills: string;
}

/** GET /v1/balance. */
export interface Balance {
  /** The prepaid postage that can be spent, mills. */
  readonly balanceMills: string;
  /** Reserved for purchases in flight, mills. */
  readonly heldMills: string;
  readonly balanceDollars: string;
  /** The balance is under the account's warning level (prepaid only). */
  readonly lowBalance: boolean;
  readonly lowBalanceWarningMills: string;
  readonly mode: BillingMode;
  /** The settings, and what auto-refill charged so far this month. */
  readonly autoRefill: AutoRefill & { readonly usedThisMonthMills: string };
}

/** GET and PUT /v1/billing. */
export interface BillingSettings {
  readonly mode: BillingMode;
  readonly autoRefill: AutoRefill;
  /** Warn when the balance falls under this; "0" never warns. */
  readonly lowBalanceWarningMills: string;
}

/** What PUT /v1/billing takes: mills as bigint or decimal strings, whole cents. */
export interface BillingSettingsUpdate {
  readonly mode: BillingMode;
  readonly autoRefill: {
    readonly enabled: boolean;
    readonly thresholdMills: bigint | string;
    readonly amountMills: bigint | string;
    readonly monthlyCapMills: bigint | string;
  };
  readonly lowBalanceWarningMills: bigint | string;
}

/** A card on file: never its number, only what identifies it to people. */
export interface Card {
  readonly id: string;
  /** visa, mastercard, american-express or discover. */
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly holderName: string | null;
  /** Top-ups, auto-refills and pay-per-purchase charges use the default card. */
  readonly isDefault: boolean;
  readonly expired: boolean;
  readonly createdAtMs: number;
}

/** A card to add. The number and security code go to the server once and are never kept by the client. */
export interface NewCard {
  readonly number: string;
  readonly expMonth: number | string;
  readonly expYear: number | string;
  readonly cvc: string;
  readonly holderName?: string;
}

/** What topUp takes. */
export interface TopUpRequest {
  /** Dollars in whole cents, such as "25.00" ($5.00 to $2,000.00). */
  readonly amountDollars: string;
  /** The card to charge; the default card when left out. */
  readonly cardId?: string;
  /** The top-up's key; a new one is made when left out. Give the same key (and amount) to retry safely. */
  readonly idempotencyKey?: string;
}

/** The answer of POST /v1/topups. */
export interface TopUp {
  readonly id: string;
  readonly state: 'succeeded';
  readonly amountMills: string;
  readonly amountDollars: string;
  readonly card: { readonly id: string; readonly brand: string; readonly last4: string };
  readonly createdAtMs: number;
}

/** A top-up and the idempotency key it was made (or replayed) under. */
export interface TopUpResult extends TopUp {
  readonly idempotencyKey: string;
}

/** One rule a stamp fails for a refund. */
export interface RefundReason {
  /** A catalogued code, such as REFUND_WINDOW_PASSED. */
  readonly code: string;
  readonly message: string;
}

/** GET /v1/stamps/{id}/refund-eligibility. */
export interface RefundEligibility {
  readonly stampId: string;
  readonly eligible: boolean;
  /** Every rule the stamp fails; empty when eligible. */
  readonly reasons: readonly RefundReason[];
  /** The postage a refund would credit, mills. */
  readonly amountMills: string;
  /** When a request made now would be decided (ISO 8601); null when not eligible. */
  readonly expectedDecisionDate: string | null;
}

/** The states of a refund request. */
export type RefundStatus = 'requested' | 'approved' | 'rejected';

/** A refund request. */
export interface Refund {
  readonly id: string;
  readonly stampId: string;
  readonly purchaseId: string;
  readonly status: RefundStatus;
  readonly amountMills: string;
  /** Why it was rejected, such as STAMP_USED. */
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly requestedAt: string;
  /** Not decided before this moment. */
  readonly expectedDecisionDate: string;
  readonly decidedAt: string | null;
  readonly publishedAt: string | null;
  readonly creditedAt: string | null;
  readonly links: { readonly self: string; readonly stamp: string };
}

/** One page of GET /v1/refunds, newest first. */
export interface RefundPage {
  readonly refunds: readonly Refund[];
  readonly nextCursor: string | null;
}

/** The states of an order (a purchase). */
export type OrderState = 'pending' | 'completed' | 'failed';

/** Filters of the order list and the order export: UTC days, both ends inclusive. */
export interface OrderFilters {
  /** YYYY-MM-DD. */
  readonly from?: string;
  /** YYYY-MM-DD. */
  readonly to?: string;
  readonly state?: OrderState;
}

/** Filters of the stamp export. */
export interface StampFilters {
  readonly from?: string;
  readonly to?: string;
  /** Code 1–8 or slug. */
  readonly rateCategory?: string | number;
  readonly purchaseId?: string;
  readonly refundStatus?: RefundStatus | 'none';
}

/** An order in a list. */
export interface Order {
  readonly id: string;
  readonly state: OrderState;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly stampCount: number;
  /** Mills; null for an order recorded before totals were kept. */
  readonly totalMills: string | null;
  readonly totalDollars: string | null;
  /** Failed orders: why. */
  readonly failure: { readonly code: string | null; readonly message: string } | null;
  readonly links: { readonly self: string; readonly receipt: string | null };
}

/** A medium position a stamp was bought for. */
export interface MediumSlot {
  readonly serial: string;
  readonly slot: number;
}

/** A stamp as the history shows it. */
export interface HistoryStamp {
  readonly id: string;
  readonly purchaseId: string;
  readonly purchasedAt: string;
  readonly dispensedAt: string;
  readonly rateCategory: number;
  readonly rateCategoryName: string;
  readonly postageMills: string;
  /** Dollars with three decimals, such as "0.740". */
  readonly postageDollars: string;
  readonly dateOfMailing: string;
  readonly medium: MediumSlot | null;
  readonly refund: { readonly status: RefundStatus; readonly refundId: string } | null;
  readonly links: { readonly self?: string; readonly png?: string; readonly svg?: string };
}

/** One order with its stamps. */
export interface OrderDetail extends Order {
  readonly stamps: readonly HistoryStamp[];
}

/** One page of GET /v1/orders, newest first. */
export interface OrderPage {
  readonly orders: readonly Order[];
  readonly nextCursor: string | null;
}

/** A receipt line. */
export interface ReceiptLine {
  readonly line: number;
  readonly stampId: string;
  readonly rateCategory: number;
  readonly rateCategoryName: string;
  readonly postageMills: string;
  readonly postageDollars: string;
  readonly medium: MediumSlot | null;
  readonly dateOfMailing: string;
  readonly refund: { readonly status: RefundStatus; readonly refundId: string } | null;
}

/** GET /v1/orders/{id}/receipt as JSON. */
export interface Receipt {
  readonly receiptNumber: string;
  readonly orderId: string;
  readonly orderedAt: string;
  readonly completedAt: string;
  readonly issuedAt: string;
  readonly currency: 'USD';
  readonly customer: { readonly name?: string; readonly address?: Address | null };
  readonly payment: { readonly method: 'balance' | 'card'; readonly brand?: string; readonly last4?: string } | null;
  readonly lines: readonly ReceiptLine[];
  readonly totalMills: string;
  readonly totalDollars: string;
  readonly refundedMills: string;
  readonly refundedDollars: string;
}

/** A postal address. */
export interface Address {
  readonly name: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
}

/** A registered label or sheet (GET /v1/media). */
export interface Medium {
  /** NNNN-NNNN-NNNN-C. */
  readonly serial: string;
  readonly kind: 'label' | 'sheet';
  readonly layout: string;
  readonly slotCount: number;
  readonly usedSlots: number;
  readonly reservedSlots: number;
  readonly freeSlots: number;
  readonly issuedAt: string;
  readonly voided: boolean;
  readonly voidedAt: string | null;
  readonly voidReason: string | null;
  readonly links: { readonly self: string };
}

/** A medium with every slot (GET /v1/media/{serial}). */
export interface MediumDetail extends Medium {
  readonly slots: readonly { readonly slot: number; readonly state: 'free' | 'reserved' | 'used'; readonly stampId: string | null; readonly purchaseId: string | null }[];
}

/** One page of GET /v1/media. */
export interface MediaPage {
  readonly media: readonly Medium[];
  readonly nextCursor: string | null;
}

/** A user as the API shows it. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly role: 'owner' | 'member';
  readonly status: string;
  readonly emailVerified: boolean;
  readonly createdAt: string;
}

/** An account as the API shows it. */
export interface Account {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly address: Address | null;
  readonly createdAt: string;
}

/** GET /v1/me: who is calling, whether they may buy, and for a session its CSRF token. */
export interface Me {
  readonly user: User;
  readonly account: Account;
  readonly csrfToken?: string;
  readonly readyToBuy?: { readonly ready: boolean; readonly missing: readonly string[] };
}

/** An API key as listed (never its secret). */
export interface ApiKeyInfo {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

/** POST /v1/api-keys: the key and, in this answer only, its secret. */
export interface CreatedApiKey {
  readonly key: ApiKeyInfo;
  /** `ik_…`: store it now, it cannot be shown again. */
  readonly secret: string;
}

/** POST /v1/session: the user, the account and the session's CSRF token. */
export interface LoggedIn {
  readonly user: User;
  readonly account: Account;
  readonly csrfToken: string;
}
