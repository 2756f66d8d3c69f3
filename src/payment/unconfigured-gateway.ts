// The gateway of an installation that names none: every card operation is refused with a clear error,
// so prepaid balances still work (operator credits) and nothing pretends a card was charged.
import { AppError } from '../errors/app-error.js';
import type { CardToken, ChargeResult, PaymentGateway, RefundResult } from './gateway-port.js';

function unavailable(): AppError {
  return new AppError('PAYMENT_GATEWAY_UNAVAILABLE', 'No card gateway is configured on this web server (INDICIA_PAYMENT_GATEWAY_URL)');
}

/** A PaymentGateway that refuses every call with PAYMENT_GATEWAY_UNAVAILABLE. */
export const UNCONFIGURED_GATEWAY: PaymentGateway = {
  tokenize: (): Promise<CardToken> => Promise.reject(unavailable()),
  charge: (): Promise<ChargeResult> => Promise.reject(unavailable()),
  refund: (): Promise<RefundResult> => Promise.reject(unavailable()),
};
