// Error codes of one part of the system (the pure core: money, dates, ZIP codes, media serials, the indicium codec, barcodes and verification); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "general" of the catalogue. */
export const general = {
  INTERNAL: {
    kind: 'internal',
    message: 'An unexpected error occurred inside the system',
    fix: 'Retry later; if it persists, give the request id to the operator',
  },
  INVALID_ARGUMENT: {
    kind: 'invalid_input',
    message: 'An argument is missing or malformed',
    fix: 'Check the command or request against its documentation and send it again',
  },
  CONFIG_INVALID: {
    kind: 'invalid_input',
    message: 'The configuration is invalid',
    fix: 'Correct the configuration file or environment variables named in the message',
  },
  SERVER_UNREACHABLE: {
    kind: 'unavailable',
    message: 'A server of the installation cannot be reached',
    fix: 'Check that the system is running (indicia start) and that the URL in the message is right',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "money" of the catalogue. */
export const money = {
  MONEY_INVALID: {
    kind: 'invalid_input',
    message: 'The amount is not a valid amount of money',
    fix: 'Give dollars with at most three decimals, such as 0.74 or 12.345, or an integer number of mills',
  },
  MONEY_OUT_OF_RANGE: {
    kind: 'invalid_input',
    message: 'The amount is outside the allowed range',
    fix: 'Give an amount between the limits named in the message',
  },
  RATE_CATEGORY_UNKNOWN: {
    kind: 'invalid_input',
    message: 'The rate category is not known',
    fix: 'Use one of the codes 1 to 8 or a category name from the rate category table',
  },
  DATE_OUT_OF_RANGE: {
    kind: 'invalid_input',
    message: 'The date cannot be expressed as days since 2000-01-01 in two bytes',
    fix: 'Give a date between 2000-01-01 and 2179-06-06',
  },
  ZIP_INVALID: {
    kind: 'invalid_input',
    message: 'The ZIP code is not a valid ZIP or ZIP+4',
    fix: 'Give five digits, optionally followed by a hyphen and four digits, such as 94107-0001',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "media" of the catalogue. */
export const media = {
  MEDIUM_SERIAL_FORMAT: {
    kind: 'invalid_input',
    message: 'The medium serial number is not in the form NNNN-NNNN-NNNN-C',
    fix: 'Copy the 13-digit serial number printed on the label or sheet, with or without hyphens',
  },
  MEDIUM_SERIAL_CHECK_DIGIT: {
    kind: 'invalid_input',
    message: 'The check digit of the medium serial number does not match',
    fix: 'A digit was probably mistyped: read the serial number on the label or sheet again',
  },
  MEDIUM_SLOT_INVALID: {
    kind: 'invalid_input',
    message: 'The slot number is not valid',
    fix: 'Use 0 for a single label, or the position 1 to N on a sheet, counted row by row from the top left',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "indicium" of the catalogue. */
export const indicium = {
  INDICIUM_LENGTH: {
    kind: 'invalid_input',
    message: 'An indicium must be exactly 117 bytes',
    fix: 'Scan or copy the whole symbol again; the data was cut short or has extra bytes',
  },
  INDICIUM_VERSION: {
    kind: 'invalid_input',
    message: 'The indicium version is not supported',
    fix: 'Only version 1 indicia are supported; check that the symbol is a postage indicium',
  },
  INDICIUM_ALGORITHM: {
    kind: 'invalid_input',
    message: 'The indicium signature algorithm is not known',
    fix: 'Use algorithm 1 (ECDSA P-256) or 2 (Ed25519)',
  },
  INDICIUM_FIELD_RANGE: {
    kind: 'invalid_input',
    message: 'An indicium field is outside the range its bytes can hold',
    fix: 'Check the field named in the message against the indicium v1 byte layout',
  },
  INDICIUM_HEX_INVALID: {
    kind: 'invalid_input',
    message: 'The input is not valid hexadecimal',
    fix: 'Give the indicium as 234 hexadecimal digits, without spaces or with spaces only between bytes',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "mailingDates" of the catalogue. */
export const mailingDates = {
  DATE_INVALID: {
    kind: 'invalid_input',
    message: 'The date is not a calendar date in the form YYYY-MM-DD',
    fix: 'Give the date as year-month-day, such as 2026-11-24',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "barcode" of the catalogue. */
export const barcode = {
  BARCODE_NOT_FOUND: {
    kind: 'invalid_input',
    message: 'No Data Matrix symbol was found in the image',
    fix: 'Give a sharper, straighter image with the whole symbol and its white margin, or the PDF page it was printed from',
  },
  BARCODE_UNREADABLE: {
    kind: 'invalid_input',
    message: 'A Data Matrix symbol was found but could not be decoded',
    fix: 'The symbol is damaged beyond its error correction; scan it again at a higher resolution',
  },
  INPUT_UNREADABLE: {
    kind: 'invalid_input',
    message: 'The input file could not be read',
    fix: 'Give an existing PNG or PDF file, or the indicium as hexadecimal',
  },
  PDF_TOOLS_MISSING: {
    kind: 'unavailable',
    message: 'Reading PDF files needs pdftoppm from poppler-utils',
    fix: 'Install it with apt-get install poppler-utils',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Section "verifier" of the catalogue. */
export const verifier = {
  CERT_DIRECTORY_INVALID: {
    kind: 'invalid_input',
    message: 'The certificate directory is not a valid indicia certificate directory',
    fix: 'Give the JSON document served at /.well-known/indicia-certificates.json by the postal authority',
  },
} as const satisfies Record<string, ErrorDefinition>;
