/**
 * The one error catalogue. Every error a user or operator can cause has a stable code here, a kind
 * (which decides the HTTP status in one place, see http-status.ts), a message that says what went
 * wrong and a fix that says what to do. docs/errors.md is generated from this table
 * (`npm run docs:errors`) and a test keeps the two equal.
 *
 * Add codes in the section of the part of the system that raises them; never reuse or rename a code.
 */

/** What sort of failure an error is; the HTTP status follows from it. */
export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payment_required'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

/** One catalogue entry. */
export interface ErrorDefinition {
  readonly kind: ErrorKind;
  /** What went wrong, in general terms; an AppError may replace it with a specific detail. */
  readonly message: string;
  /** What the person who saw the error should do next. */
  readonly fix: string;
}

/** The part of the system a code belongs to, for the generated documentation. */
export interface ErrorSection {
  readonly title: string;
  readonly codes: Readonly<Record<string, ErrorDefinition>>;
}

const general = {
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
} as const satisfies Record<string, ErrorDefinition>;

const money = {
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

const media = {
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

const indicium = {
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

const crypto = {
  CRYPTO_KEY_NOT_FOUND: {
    kind: 'not_found',
    message: 'The cryptographic module holds no key with that id',
    fix: 'List the keys of the module, or provision a new key for the PSD',
  },
  CRYPTO_MASTER_KEY_INVALID: {
    kind: 'invalid_input',
    message: 'The master key is missing or not 32 bytes of base64 or hex',
    fix: 'Set the master key (64 hex digits or 44 base64 characters) in the configuration, or run indicia init',
  },
  CRYPTO_KEY_DECRYPT_FAILED: {
    kind: 'internal',
    message: 'A stored private key could not be decrypted',
    fix: 'The master key does not match the one the key was stored under, or the key file was altered; restore the right master key',
  },
  CRYPTO_MODULE_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The cryptographic module cannot be reached',
    fix: 'Check the PKCS#11 library path, the token label and the PIN in the configuration',
  },
  CRYPTO_ALGORITHM_UNSUPPORTED: {
    kind: 'invalid_input',
    message: 'The cryptographic module does not support that algorithm',
    fix: 'Use ECDSA P-256 (algorithm 1), which every module supports',
  },
} as const satisfies Record<string, ErrorDefinition>;

const barcode = {
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

const verifier = {
  CERT_DIRECTORY_INVALID: {
    kind: 'invalid_input',
    message: 'The certificate directory is not a valid indicia certificate directory',
    fix: 'Give the JSON document served at /.well-known/indicia-certificates.json by the postal authority',
  },
} as const satisfies Record<string, ErrorDefinition>;

/** Every section of the catalogue, in the order the documentation lists them. */
export const ERROR_SECTIONS: readonly ErrorSection[] = [
  { title: 'General', codes: general },
  { title: 'Money, dates, ZIP codes and rate categories', codes: money },
  { title: 'Media serial numbers', codes: media },
  { title: 'Indicium codec', codes: indicium },
  { title: 'Cryptographic modules', codes: crypto },
  { title: 'Barcodes and input files', codes: barcode },
  { title: 'Verification', codes: verifier },
];

/** The whole catalogue, keyed by code. */
export const ERRORS = {
  ...general,
  ...money,
  ...media,
  ...indicium,
  ...crypto,
  ...barcode,
  ...verifier,
} as const satisfies Record<string, ErrorDefinition>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERRORS;
