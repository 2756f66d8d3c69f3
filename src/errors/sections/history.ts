// Error codes of one part of the system (history); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "history" of the catalogue. */
export const historyErrors = {
  ORDER_NOT_FOUND: {
    kind: 'not_found',
    message: 'No order with that id belongs to this account',
    fix: 'Check the id against the orders listed by GET /v1/orders',
  },
  ORDER_NOT_COMPLETED: {
    kind: 'conflict',
    message: 'The order has no receipt because it did not complete',
    fix:
      'A failed order dispensed no stamps and keeps no charge (a prepaid hold went back to the balance, a card charge is refunded): ' +
      'see its failure in GET /v1/orders/{id} and buy again; a pending order gets its receipt once it completes, so ask again shortly',
  },
  HISTORY_RANGE_INVALID: {
    kind: 'invalid_input',
    message: 'The date range ends before it starts',
    fix: 'Give a from date on or before the to date (both YYYY-MM-DD, UTC days, inclusive)',
  },
} as const satisfies Record<string, ErrorDefinition>;
