// Error codes of one part of the system (the postal authority: certificates, deposit, resets, scanning, the public verification page and reports); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "authority" of the catalogue. */
export const authority = {
  LICENSE_NOT_ASSIGNED: {
    kind: 'conflict',
    message: 'The postal authority has not assigned the license number yet',
    fix: 'Request the license number with POST /v1/license first',
  },
  PSD_UNKNOWN: {
    kind: 'not_found',
    message: 'The postal authority has registered no PSD with that id',
    fix: 'Check the PSD id, or register the PSD public key with POST /v1/psds',
  },
  PSD_WITHDRAWN: {
    kind: 'conflict',
    message: 'The PSD has been withdrawn',
    fix: 'A withdrawn PSD is neither reset nor inspected again; register a new PSD',
  },
  PSD_SUSPENDED: {
    kind: 'conflict',
    message: 'The postal authority has suspended the PSD',
    fix: 'Ask the postal authority to reinstate the PSD, or withdraw it and register a new one',
  },
  PSD_REVOKED: {
    kind: 'conflict',
    message: 'The postal authority has revoked the certificate of the PSD',
    fix: 'Withdraw the PSD and register a new key',
  },
  PSD_KEY_INVALID: {
    kind: 'invalid_input',
    message: 'The PSD public key is not a key of the named algorithm',
    fix: 'Send a SubjectPublicKeyInfo PEM of a P-256 key with algorithm 1, or of an Ed25519 key with algorithm 2',
  },
  DEPOSIT_INSUFFICIENT: {
    kind: 'payment_required',
    message: 'The vendor deposit does not cover the amount',
    fix: 'Fund the deposit with the postal authority, or reset by a smaller amount',
  },
  DEPOSIT_REFERENCE_REUSED: {
    kind: 'conflict',
    message: 'The funding reference was already used with a different amount',
    fix: 'Give each funding its own reference; repeat a reference only to retry exactly the same funding',
  },
  CONTROL_TOTAL_MISMATCH: {
    kind: 'conflict',
    message: 'The control total sent does not match the postal authority record of the PSD',
    fix: 'The PSD registers were rolled back or a reset was not applied: repeat the last reset with its own transaction id, then report the registers again',
  },
  RESET_TRANSACTION_ID_REUSED: {
    kind: 'conflict',
    message: 'The transaction id was already used for a different reset request',
    fix: 'Use a new transaction id for a new reset; repeat a transaction id only to retry exactly the same reset',
  },
  REGISTERS_INCONSISTENT: {
    kind: 'invalid_input',
    message: 'The reported registers break CT = AR + DR or a register is negative',
    fix: 'Report the registers exactly as the PSD holds them; if they are inconsistent, stop dispensing and audit the PSD',
  },
  INSPECTION_REGISTERS_REGRESSED: {
    kind: 'conflict',
    message: 'The reported ascending register or piece count is lower than at the previous inspection',
    fix: 'The PSD registers were rolled back: restore them from the ledger and audit chain, then report them again',
  },
  AUTHORITY_KEY_INSECURE: {
    kind: 'invalid_input',
    message: 'The authority private key file can be read by other users',
    fix: 'Restrict the file with chmod 600 and check that nobody else copied it',
  },
  AUTHORITY_KEY_INVALID: {
    kind: 'invalid_input',
    message: 'The authority key or root certificate file cannot be used',
    fix: 'Restore the files of the authority data directory from a backup, or point the configuration at the right directory',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "authorityScanning" of the catalogue. */
export const authorityScanning = {
  SCAN_INPUT_TOO_LARGE: {
    kind: 'invalid_input',
    message: 'The upload has more pages or pixels than a scan decodes',
    fix: 'Send the page or a photo cropped to the stamp, at most 20 pages and 40 million pixels',
  },
  SCAN_AUTHORITY_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The postal authority scanning service could not be reached or answered with a server error',
    fix: 'Check the authority URL given with --url and that the authority server runs, then scan again',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "verifyPage" of the catalogue. */
export const verifyPage = {
  VERIFY_UPLOAD_UNSUPPORTED: {
    kind: 'invalid_input',
    message: 'The upload is not a PNG image, a PDF file or indicium text',
    fix: 'Send a PNG photo or scan, the PDF the stamp was printed from, or the indicium as hexadecimal text; the verification page turns other photos into PNG for you',
  },
  VERIFY_UPLOAD_TOO_LARGE: {
    kind: 'invalid_input',
    message: 'The upload is larger than the verification page accepts',
    fix: 'Send a photo cropped to the stamp, or a smaller file, of at most the size named in the message',
  },
  VERIFY_RATE_LIMITED: {
    kind: 'rate_limited',
    message: 'Too many verifications came from this address in a short time',
    fix: 'Wait the number of seconds named in the message, then verify again',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "reports" of the catalogue. */
export const reports = {
  REPORT_INVALID: {
    kind: 'invalid_input',
    message: 'The transaction report is malformed or names another license',
    fix: 'Send the report as the processing server builds it (docs/authority.md, Transaction reports), for a PSD of this license',
  },
  REPORT_SIGNATURE_INVALID: {
    kind: 'invalid_input',
    message: "The transaction report's signature does not verify with the PSD's certified public key",
    fix: 'Sign the report with the key of the PSD it names, through the crypto module that holds it, and send it unchanged',
  },
  REPORT_CONFLICT: {
    kind: 'conflict',
    message: 'Another transaction report of this PSD and day is already stored',
    fix: 'Keep the stored report: a day is reported once; compare the two and investigate the difference with the postal authority',
  },
  REPORT_DAY_INVALID: {
    kind: 'invalid_input',
    message: 'The day cannot be reported',
    fix: 'Give a UTC date as YYYY-MM-DD from the day the PSD was registered up to today',
  },
  REPORT_RANGE_INVALID: {
    kind: 'invalid_input',
    message: 'The range of days is invalid',
    fix: 'Give from and to as YYYY-MM-DD with from on or before to, at most 366 days apart',
  },
} as const satisfies Record<string, ErrorDefinition>;
