// Error codes of one part of the system (media-registry); src/errors/catalogue.ts assembles them.
// The serial's own format and check digit (MEDIUM_SERIAL_FORMAT, MEDIUM_SERIAL_CHECK_DIGIT) and a slot
// outside 0..255 (MEDIUM_SLOT_INVALID) are core codes (src/errors/sections/core.ts), reused here.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "media-registry" of the catalogue. */
export const mediaRegistryErrors = {
  MEDIA_LAYOUT_UNKNOWN: {
    kind: 'invalid_input',
    message: 'No registered media come in that layout',
    fix: 'Use one of the layouts the vendor issues labels or sheets in: single-label, address-30up, stamp-sheet or thermal-4x6',
  },
  MEDIA_ISSUE_COUNT_INVALID: {
    kind: 'invalid_input',
    message: 'The number of media to issue is not a whole number from 1 to 1000',
    fix: 'Issue from 1 to 1000 labels or sheets at a time; run the command again for more',
  },
  MEDIA_VOID_REASON_REQUIRED: {
    kind: 'invalid_input',
    message: 'Voiding a medium needs a reason',
    fix: 'Say why the label or sheet is voided (lost, damaged, stolen, misprinted) with --reason',
  },
  MEDIA_LIST_CURSOR_INVALID: {
    kind: 'invalid_input',
    message: 'The cursor is not one this server returned',
    fix: 'Pass the nextCursor of the previous page unchanged, or leave it out to start from the newest',
  },
  MEDIUM_UNKNOWN: {
    kind: 'not_found',
    message: 'No label or sheet has this serial number',
    fix: 'Read the serial number printed on the label or sheet again; only media issued by the vendor to your account can be used',
  },
  MEDIUM_NOT_YOURS: {
    kind: 'not_found',
    message: 'This label or sheet was issued to another account',
    fix: 'Use a label or sheet issued to your own account; GET /v1/media lists them',
  },
  MEDIUM_VOIDED: {
    kind: 'conflict',
    message: 'This label or sheet was voided by the vendor',
    fix: 'Use another label or sheet; ask the vendor why it was voided if you did not report it lost or damaged',
  },
  MEDIUM_SLOT_OUT_OF_RANGE: {
    kind: 'invalid_input',
    message: 'This label or sheet has no such slot',
    fix: 'Use slot 0 for a single label or a thermal label, or the position 1 to N on a sheet (1-30 on an address-30up sheet, 1-20 on a stamp-sheet)',
  },
  MEDIUM_SLOT_USED: {
    kind: 'conflict',
    message: 'This slot of the label or sheet already carries a stamp, or is reserved by a purchase in progress',
    fix: 'Pick a free slot: GET /v1/media/{serial} shows which slots are free',
  },
  MEDIUM_SLOT_REPEATED: {
    kind: 'invalid_input',
    message: 'Two stamps of the purchase ask for the same slot of the same label or sheet',
    fix: 'Give every stamp of the purchase its own slot',
  },
} as const satisfies Record<string, ErrorDefinition>;
