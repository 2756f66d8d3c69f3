// Error codes of one part of the system (billing); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "billing" of the catalogue. */
export const billingErrors = {
  BALANCE_INSUFFICIENT: {
    kind: 'payment_required',
    message: 'The prepaid postage balance does not cover the purchase',
    fix: 'Top up the balance with POST /v1/topups (or turn on auto-refill with PUT /v1/billing), then buy again',
  },
  CARD_REQUIRED: {
    kind: 'payment_required',
    message: 'The account has no card to pay with',
    fix: 'Add a card with POST /v1/cards, or switch the account to the prepaid balance with PUT /v1/billing',
  },
  CARD_NOT_FOUND: {
    kind: 'not_found',
    message: 'No card with that id is on file for this account',
    fix: 'Check the id against the cards listed by GET /v1/cards',
  },
  CARD_LIMIT_REACHED: {
    kind: 'conflict',
    message: 'The account already has the most cards it may keep on file',
    fix: 'Remove a card you no longer use with DELETE /v1/cards/{id}, then add the new one',
  },
  TOPUP_IDEMPOTENCY_KEY_REUSED: {
    kind: 'conflict',
    message: 'The Idempotency-Key was already used for a different top-up',
    fix: 'Send exactly the same amount and card to retry that top-up, or use a new key for a new top-up',
  },
  BILLING_SETTINGS_INVALID: {
    kind: 'invalid_input',
    message: 'The billing settings are not consistent',
    fix: 'Give amounts in whole cents, a refill amount of at least the threshold and a monthly cap of at least the refill amount, as the message says',
  },
  LEDGER_CURSOR_INVALID: {
    kind: 'invalid_input',
    message: 'The ledger page cursor is not one this server returned',
    fix: 'Pass the nextCursor of the previous page of GET /v1/ledger unchanged, or leave it out to start from the newest entry',
  },
} as const satisfies Record<string, ErrorDefinition>;
