// The payment-gateway port: what the vendor's web server asks of a card gateway. A card is exchanged
// for a token once; charges and refunds name the token or charge and carry an idempotency key that the
// caller makes and reuses on retry. The card number goes to tokenize() and nowhere else: what the
// vendor keeps is the token, brand, last four digits and expiry.
//
// Failures are AppErrors with these codes: CARD_DECLINED, CARD_INSUFFICIENT_FUNDS, CARD_CVC_FAILED,
// CARD_EXPIRED (the issuer's refusals); CARD_NUMBER_INVALID, CARD_EXPIRY_INVALID, CARD_CVC_INVALID,
// CARD_BRAND_UNSUPPORTED (checks before tokenizing); PAYMENT_AMOUNT_FRACTIONAL_CENT, MONEY_OUT_OF_RANGE;
// PAYMENT_IDEMPOTENCY_KEY_INVALID, PAYMENT_IDEMPOTENCY_KEY_REUSED (same key, other request);
// PAYMENT_TOKEN_UNKNOWN, PAYMENT_CHARGE_UNKNOWN, PAYMENT_REFUND_EXCEEDS_CHARGE; and
// PAYMENT_GATEWAY_TIMEOUT, PAYMENT_GATEWAY_UNAVAILABLE, after which the outcome is unknown and the
// same request with the same key must be sent again.
import type { Mills } from '../core/money.js';
import type { CardBrand, CardDetails } from './card-check.js';

/** What the vendor may keep of a card. */
export interface CardToken {
  /** The gateway's reference to the card, e.g. tok_… */
  readonly token: string;
  readonly brand: CardBrand;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
}

/** A charge to make. */
export interface ChargeRequest {
  readonly token: string;
  /** Amount in mills; must be whole cents (a multiple of 10). */
  readonly amountMills: Mills;
  /** Made by the caller, reused on retry: the same key and request give the same answer. */
  readonly idempotencyKey: string;
  /** Shown on the gateway's records, e.g. "Postage order 42". Never put card data here. */
  readonly description: string;
}

/** A charge the gateway made. Refusals are thrown, so a returned charge has succeeded. */
export interface ChargeResult {
  readonly chargeId: string;
  readonly status: 'succeeded';
  readonly amountMills: Mills;
  readonly brand: CardBrand;
  readonly last4: string;
}

/** A refund of all or part of a charge. */
export interface RefundRequest {
  readonly chargeId: string;
  /** Amount in mills; whole cents, at most what is left of the charge. */
  readonly amountMills: Mills;
  readonly idempotencyKey: string;
}

/** A refund the gateway made. */
export interface RefundResult {
  readonly refundId: string;
  readonly chargeId: string;
  readonly status: 'succeeded';
  readonly amountMills: Mills;
  /** Everything refunded of the charge so far, this refund included. */
  readonly refundedMills: Mills;
}

/** A card payment gateway (see the file comment for the errors). */
export interface PaymentGateway {
  /** Checks the card and exchanges it for a token. */
  tokenize(card: CardDetails): Promise<CardToken>;
  /** Charges a tokenized card. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /** Refunds all or part of a charge. */
  refund(request: RefundRequest): Promise<RefundResult>;
}
