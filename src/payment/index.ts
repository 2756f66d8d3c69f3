// The payment module: card checks, the payment-gateway port and its HTTP adapter. The simulator lives
// in simulator/ and is started on its own (simulator/main.ts).
export { MAX_CARD_AMOUNT_MILLS, MIN_CARD_AMOUNT_MILLS, centsToMills, millsToCents, roundUpToCent } from './card-amount.js';
export {
  ACCEPTED_BRANDS,
  checkCard,
  checkCardCvc,
  checkCardExpiry,
  checkCardNumber,
  type CardBrand,
  type CardDetails,
  type CheckedCard,
} from './card-check.js';
export type { CardToken, ChargeRequest, ChargeResult, PaymentGateway, RefundRequest, RefundResult } from './gateway-port.js';
export { HttpPaymentGateway, type HttpPaymentGatewayOptions } from './http-gateway.js';
export { IDEMPOTENCY_HEADER, checkIdempotencyKey } from './idempotency-key.js';
