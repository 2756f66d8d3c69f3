// One charge attempt at the payment gateway, sorted into what the caller must do next: a charge that
// succeeded, a refusal that is final (the card declined, the token is unknown, …), or an outcome that is
// not known (time-out, gateway unreachable) after which the same request must be sent again with the
// same idempotency key.
import { AppError, isAppError } from '../errors/app-error.js';
import type { ChargeResult, PaymentGateway } from '../payment/gateway-port.js';
import type { ChargeRecord } from './charge.repository.js';

/** What one attempt came to. */
export type ChargeOutcome =
  | { readonly kind: 'succeeded'; readonly result: ChargeResult }
  | { readonly kind: 'refused'; readonly error: AppError }
  | { readonly kind: 'unknown'; readonly error: AppError };

// Failures after which the charge may or may not have been made.
const UNKNOWN_OUTCOME = new Set(['PAYMENT_GATEWAY_TIMEOUT', 'PAYMENT_GATEWAY_UNAVAILABLE']);

/**
 * The description the gateway records for a charge. It is part of the request the gateway fingerprints
 * for its idempotency key, so it is made from the row alone and is the same on every attempt.
 */
export function chargeDescription(c: Pick<ChargeRecord, 'id' | 'purpose' | 'purchaseId'>): string {
  if (c.purpose === 'purchase') return `Postage order ${c.purchaseId ?? c.id}`;
  return c.purpose === 'topup' ? `Postage balance top-up ${c.id}` : `Postage balance auto-refill ${c.id}`;
}

/** Charges the card for the row, with the row id as idempotency key, and sorts the answer. */
export async function attemptCharge(gateway: PaymentGateway, c: ChargeRecord, token: string): Promise<ChargeOutcome> {
  try {
    const result = await gateway.charge({ token, amountMills: c.amountMills, idempotencyKey: c.id, description: chargeDescription(c) });
    return { kind: 'succeeded', result };
  } catch (err) {
    if (isAppError(err) && !UNKNOWN_OUTCOME.has(err.code)) return { kind: 'refused', error: err };
    // Anything else (a time-out, no connection, a bug below us) leaves the outcome open.
    return { kind: 'unknown', error: isAppError(err) ? err : new AppError('PAYMENT_GATEWAY_UNAVAILABLE', 'The payment gateway call failed', undefined, { cause: err }) };
  }
}

/** The idempotency key of the refund of a whole charge (or of one partial refund row): derived, so asking again never refunds twice. */
export function refundKey(id: string): string {
  return `refund-${id}`;
}
