// Error codes of one part of the system (rates and payment); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "rates" of the catalogue. */
export const rates = {
  RATE_TABLE_INVALID: {
    kind: 'internal',
    message: 'A rate table is malformed',
    fix: 'Correct the rate table file named in the message: prices are integer mills, weight steps increase, zoned steps list nine prices',
  },
  RATE_TABLE_MISSING: {
    kind: 'not_found',
    message: 'No rate table of the rate category is in effect on the date of mailing',
    fix: 'Choose a date of mailing on or after the first effective date named in the message, or install a rate table that covers it',
  },
  WEIGHT_INVALID: {
    kind: 'invalid_input',
    message: 'The weight is not a number of ounces above 0',
    fix: 'Give the weight of the piece in ounces, such as 0.5, 3.5 or 24',
  },
  WEIGHT_OVER_LIMIT: {
    kind: 'invalid_input',
    message: 'The piece weighs more than its rate category allows',
    fix: 'Choose a rate category for heavier pieces, such as USPS Ground Advantage or Priority Mail, or split the shipment',
  },
  RATE_DESTINATION_REQUIRED: {
    kind: 'invalid_input',
    message: 'The rate category is priced by zone and needs the destination ZIP code',
    fix: 'Give the destination ZIP code, such as 10001 or 10001-0001',
  },
  RATE_ZONE_UNKNOWN: {
    kind: 'invalid_input',
    message: 'The 3-digit prefix of the ZIP code belongs to no area of the zone model',
    fix: 'Check the ZIP code; prefixes 000 to 004 and a few unused ones are not served',
  },
  RATE_COUNTRY_REQUIRED: {
    kind: 'invalid_input',
    message: 'An international letter needs the destination country',
    fix: 'Give the destination country as its ISO 3166-1 alpha-2 code, such as CA, MX or DE',
  },
  RATE_COUNTRY_INVALID: {
    kind: 'invalid_input',
    message: 'The destination country is not a country that international mail serves',
    fix: 'Give an ISO 3166-1 alpha-2 code such as CA, MX or GB; for the United States and its territories use a domestic rate category',
  },
  POSTAGE_BELOW_RATE: {
    kind: 'invalid_input',
    message: 'The postage is less than the rate',
    fix: 'Pay at least the rate the quote gives; paying more is allowed',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "payment" of the catalogue. */
export const payment = {
  CARD_NUMBER_INVALID: {
    kind: 'invalid_input',
    message: 'The card number is not a valid card number',
    fix: 'Check the digits on the card and type the whole number again',
  },
  CARD_BRAND_UNSUPPORTED: {
    kind: 'invalid_input',
    message: 'Cards of this brand are not accepted',
    fix: 'Pay with a Visa, Mastercard, American Express or Discover card',
  },
  CARD_EXPIRY_INVALID: {
    kind: 'invalid_input',
    message: 'The expiry date is not a month 1 to 12 and a year',
    fix: 'Give the month and year printed on the card, such as 7 and 2028',
  },
  CARD_EXPIRED: {
    kind: 'payment_required',
    message: 'The card has expired',
    fix: 'Check the expiry date typed, or pay with a card that has not expired',
  },
  CARD_CVC_INVALID: {
    kind: 'invalid_input',
    message: 'The security code (CVC) does not have the length the card brand uses',
    fix: 'Type the 3-digit code on the back of the card, or the 4-digit code on the front of an American Express card',
  },
  CARD_DECLINED: {
    kind: 'payment_required',
    message: 'The card issuer declined the charge',
    fix: 'Pay with another card, or ask the card issuer why it declined',
  },
  CARD_INSUFFICIENT_FUNDS: {
    kind: 'payment_required',
    message: 'The card has insufficient funds for the charge',
    fix: 'Pay with another card, or buy less',
  },
  CARD_CVC_FAILED: {
    kind: 'payment_required',
    message: 'The card issuer says the security code (CVC) is wrong',
    fix: 'Type the security code on the card again, or pay with another card',
  },
  PAYMENT_GATEWAY_TIMEOUT: {
    kind: 'unavailable',
    message: 'The payment gateway did not answer in time, so the charge may or may not have been made',
    fix: 'Retry with the same idempotency key: the gateway answers both attempts alike and charges at most once',
  },
  PAYMENT_GATEWAY_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The payment gateway cannot be reached or failed',
    fix: 'Check that the payment gateway runs at the configured URL, then retry with the same idempotency key',
  },
  PAYMENT_GATEWAY_KEY_REJECTED: {
    kind: 'internal',
    message: 'The payment gateway refused the secret key of the vendor',
    fix: 'Set the payment gateway key in the configuration to the key the gateway issued',
  },
  PAYMENT_GATEWAY_ANSWER_INVALID: {
    kind: 'internal',
    message: 'The payment gateway answered with something that is not an answer of its API',
    fix: 'Check that the configured payment gateway URL points at the gateway and that both run matching versions',
  },
  PAYMENT_AMOUNT_FRACTIONAL_CENT: {
    kind: 'invalid_input',
    message: 'Card charges are made in whole cents and the amount has a fraction of a cent',
    fix: 'Charge a multiple of 10 mills; if the policy is to round up, round the total up to the next cent before charging',
  },
  PAYMENT_IDEMPOTENCY_KEY_INVALID: {
    kind: 'invalid_input',
    message: 'The idempotency key is not 1 to 255 visible ASCII characters',
    fix: 'Use a UUID or another string of letters, digits and punctuation of at most 255 characters',
  },
  PAYMENT_IDEMPOTENCY_KEY_REUSED: {
    kind: 'conflict',
    message: 'The idempotency key was already used for a different payment request',
    fix: 'Send exactly the same request to retry it, or use a new key for a new charge or refund',
  },
  PAYMENT_TOKEN_UNKNOWN: {
    kind: 'not_found',
    message: 'The payment gateway knows no card token with that id',
    fix: 'Tokenize the card again and charge the new token',
  },
  PAYMENT_CHARGE_UNKNOWN: {
    kind: 'not_found',
    message: 'The payment gateway knows no charge with that id',
    fix: 'Check the charge id against the one the charge returned',
  },
  PAYMENT_REFUND_EXCEEDS_CHARGE: {
    kind: 'conflict',
    message: 'The refund would return more than the charge has left to refund',
    fix: 'Refund at most the charged amount less the refunds already made, as the message says',
  },
} as const satisfies Record<string, ErrorDefinition>;
