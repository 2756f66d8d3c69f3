// Error codes of one part of the system (refunds); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "refunds" of the catalogue. */
export const refundsErrors = {
  REFUND_ALREADY_REQUESTED: {
    kind: 'conflict',
    message: 'A refund of this stamp has already been requested',
    fix: 'Follow that request with GET /v1/refunds/{id}; a stamp is refunded at most once',
  },
  REFUND_WINDOW_PASSED: {
    kind: 'conflict',
    message: 'The stamp was bought longer ago than refunds are accepted',
    fix: 'Refunds are requested within the number of days after purchase named in the message; this stamp can no longer be refunded',
  },
  REFUND_MAILING_DATE_PASSED: {
    kind: 'conflict',
    message: 'The date of mailing printed on the stamp is too far in the past for it to be refunded as unused',
    fix: 'Request refunds of stamps whose date of mailing is today, in the future, or at most the number of days ago named in the message',
  },
  REFUND_NOT_ELIGIBLE: {
    kind: 'conflict',
    message: 'Some of the stamps cannot be refunded, so no refund was requested',
    fix: 'Check details.refused: each refused stamp is listed with its code; ask again without those stamps',
  },
  REFUND_NOT_FOUND: {
    kind: 'not_found',
    message: 'No refund request with that id belongs to this account',
    fix: 'Check the id against the requests listed by GET /v1/refunds',
  },
  REFUND_CURSOR_INVALID: {
    kind: 'invalid_input',
    message: 'The page cursor is not one this server returned for the refund list',
    fix: 'Pass the nextCursor of the previous page of GET /v1/refunds unchanged, or leave it out to start from the newest request',
  },
  STAMP_USED: {
    kind: 'conflict',
    message: 'The postal authority had scanned the stamp before its refund was published: its postage was used',
    fix: 'Nothing is credited for a stamp that went through the mail; ask the operator if you believe the scan was wrong',
  },
} as const satisfies Record<string, ErrorDefinition>;
