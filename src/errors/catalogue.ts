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
  SERVER_UNREACHABLE: {
    kind: 'unavailable',
    message: 'A server of the installation cannot be reached',
    fix: 'Check that the system is running (indicia start) and that the URL in the message is right',
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

const mailingDates = {
  DATE_INVALID: {
    kind: 'invalid_input',
    message: 'The date is not a calendar date in the form YYYY-MM-DD',
    fix: 'Give the date as year-month-day, such as 2026-11-24',
  },
} as const satisfies Record<string, ErrorDefinition>;

const database = {
  DATABASE_URL_INVALID: {
    kind: 'invalid_input',
    message: 'The database URL is not one the system can open',
    fix: 'Give sqlite:/path/to/file.db, a plain file path, or postgres://user@host:5432/name with an optional ?schema=name of lowercase letters, digits and underscores',
  },
  DATABASE_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The database cannot be reached',
    fix: 'Check that the database server is running and reachable at the configured URL, or that the SQLite file is not locked by another program, then retry',
  },
  DATABASE_MIGRATION_UNKNOWN: {
    kind: 'internal',
    message: 'The database holds a migration this version of the software does not know',
    fix: 'Run the version of the software that last migrated this database, or restore a backup taken before it',
  },
  DATABASE_MIGRATION_INVALID: {
    kind: 'internal',
    message: 'The list of migrations in the code is invalid',
    fix: 'Give every migration a unique positive integer id, a name and SQL for both dialects',
  },
  DATABASE_TRANSACTION_MISUSE: {
    kind: 'internal',
    message: 'The database was used from inside a transaction, or a transaction handle was used after it ended',
    fix: 'Run every statement of a transaction through the handle given to its callback, and start no transaction inside another',
  },
} as const satisfies Record<string, ErrorDefinition>;

const ledger = {
  PSD_NOT_FOUND: {
    kind: 'not_found',
    message: 'No PSD with that id is stored on this processing server',
    fix: 'Check the PSD id against the PSDs this server holds, or provision the PSD first',
  },
  PSD_ALREADY_PROVISIONED: {
    kind: 'conflict',
    message: 'A PSD with that id is already stored',
    fix: 'Use the PSD id the postal authority assigned to the new key; each id is provisioned once',
  },
  PSD_NOT_ACTIVE: {
    kind: 'conflict',
    message: 'The PSD is withdrawn and dispenses nothing more',
    fix: 'Dispense from another PSD, or provision a new one',
  },
  PSD_INSPECTION_OVERDUE: {
    kind: 'conflict',
    message: 'The PSD was not inspected within the inspection period and refuses to dispense',
    fix: 'Report the PSD registers and audit head to the postal authority, then record the inspection',
  },
  PSD_FUNDS_EXHAUSTED: {
    kind: 'conflict',
    message: 'The descending register of the PSD holds less than the postage',
    fix: 'Reset the PSD (add funds from the vendor deposit) or enable automatic resets, then retry',
  },
  PSD_PIECE_COUNT_EXHAUSTED: {
    kind: 'conflict',
    message: 'The piece count of the PSD would pass 4294967295, the largest its 4-byte field holds',
    fix: 'Withdraw the PSD and provision a new one',
  },
  PSD_REGISTER_LIMIT: {
    kind: 'conflict',
    message: 'A register of the PSD would pass 1099511627775 mills, the largest its 5-byte field holds',
    fix: 'Reset by a smaller amount, or withdraw the PSD and provision a new one',
  },
  NO_PSD_AVAILABLE: {
    kind: 'unavailable',
    message: 'No active, inspected PSD of this processing server can dispense the postage',
    fix: 'Provision a PSD, record an overdue inspection or reset a PSD, or send the request to another processing server',
  },
  DISPENSE_REQUEST_ID_REUSED: {
    kind: 'conflict',
    message: 'The request id was already used for a stamp with different details',
    fix: 'Use a new request id for a new stamp; reuse an id only to retry exactly the same request',
  },
  RESET_REFUSED: {
    kind: 'conflict',
    message: 'The postal authority refused the reset',
    fix: 'Check the vendor deposit with the postal authority and that the PSD control total matches its record, then reset again',
  },
  RESET_AUTHORIZATION_INVALID: {
    kind: 'internal',
    message: 'The reset authorization does not verify with the authority key or does not match the request',
    fix: 'Nothing was applied and the reset stays pending; check the configured authority public key and report the transaction id to the postal authority',
  },
  RESET_PENDING: {
    kind: 'conflict',
    message: 'A reset of this PSD is already pending',
    fix: 'Wait for it to finish, or restart the processing server so that pending resets are asked again',
  },
  RESET_AUTHORITY_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The postal authority did not answer the reset request',
    fix: 'The reset stays pending and is asked again with the same transaction id at the next start; check the authority URL and retry',
  },
  LEDGER_INVARIANT_VIOLATED: {
    kind: 'internal',
    message: 'A PSD register invariant does not hold',
    fix: 'Stop dispensing from the PSD, run the ledger audit and give its report to the operator',
  },
} as const satisfies Record<string, ErrorDefinition>;

const http = {
  REQUEST_INVALID: {
    kind: 'invalid_input',
    message: 'The request could not be read',
    fix: 'Send a JSON body of at most the allowed size with Content-Type application/json, as the API documentation shows',
  },
  ROUTE_NOT_FOUND: {
    kind: 'not_found',
    message: 'No route matches the method and path',
    fix: 'Check the method and the path against the API documentation',
  },
  AUTH_TOKEN_INVALID: {
    kind: 'unauthenticated',
    message: 'The request carries no valid bearer token',
    fix: 'Send the header Authorization: Bearer TOKEN with the token from the server configuration',
  },
  AUTH_FORBIDDEN: {
    kind: 'forbidden',
    message: 'The token does not allow this call',
    fix: 'Use the operator token for operator calls and the vendor token for vendor calls',
  },
} as const satisfies Record<string, ErrorDefinition>;

const authority = {
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

const webApi = {
  API_KEY_MISSING: {
    kind: 'unauthenticated',
    message: 'The request carries no API key',
    fix: 'Send the header Authorization: Bearer ik_… with an API key issued by the vendor',
  },
  API_KEY_INVALID: {
    kind: 'unauthenticated',
    message: 'The API key is not one the vendor issued',
    fix: 'Check that the whole key was copied, including the ik_ prefix, or ask the vendor for a new key',
  },
  API_KEY_REVOKED: {
    kind: 'unauthenticated',
    message: 'The API key has been revoked',
    fix: 'Ask the vendor for a new API key and use it instead',
  },
  API_KEY_NOT_FOUND: {
    kind: 'not_found',
    message: 'No API key with that id exists',
    fix: 'List the API keys to find the right id',
  },
  IDEMPOTENCY_KEY_MISSING: {
    kind: 'invalid_input',
    message: 'A purchase needs an Idempotency-Key header',
    fix: 'Send a new unique key, such as a UUID, with each purchase, and the same key when you retry it',
  },
  IDEMPOTENCY_KEY_INVALID: {
    kind: 'invalid_input',
    message: 'The Idempotency-Key header is not 1 to 255 visible ASCII characters',
    fix: 'Use a UUID or another string of letters, digits and punctuation of at most 255 characters',
  },
  IDEMPOTENCY_KEY_REUSED: {
    kind: 'conflict',
    message: 'The Idempotency-Key was already used for a different purchase',
    fix: 'Send exactly the same body to retry that purchase, or use a new key for a new purchase',
  },
  PURCHASE_IN_PROGRESS: {
    kind: 'conflict',
    message: 'A purchase with this Idempotency-Key is being processed right now',
    fix: 'Wait a few seconds, then retry with the same Idempotency-Key and body',
  },
  PURCHASE_IN_DOUBT: {
    kind: 'unavailable',
    message: 'A processing server may have dispensed the stamps but cannot be asked yet whether it did',
    fix: 'Retry later with the same Idempotency-Key and body: you pay once and receive the same stamps',
  },
  NO_PROCESSING_SERVER: {
    kind: 'unavailable',
    message: 'No processing server is available to dispense postage',
    fix: 'Retry later with the same Idempotency-Key and body; if it persists, the operator must enable or repair a processing server',
  },
  PROCESSING_SERVER_ANSWER_INVALID: {
    kind: 'internal',
    message: 'A processing server answered with stamps that do not match the request',
    fix: 'Retry later with the same Idempotency-Key and body; the operator must check the processing server named in the log',
  },
  PROCESSING_SERVER_NOT_FOUND: {
    kind: 'not_found',
    message: 'No processing server with that id or name is registered',
    fix: 'List the processing servers to find the right id or name',
  },
  PROCESSING_SERVER_EXISTS: {
    kind: 'conflict',
    message: 'A processing server with that name is already registered',
    fix: 'Choose another name, or enable the existing server',
  },
  PROCESSING_SERVER_URL_INVALID: {
    kind: 'invalid_input',
    message: 'The processing server URL is not an http or https URL without path, query or credentials',
    fix: 'Give the base URL of the processing server, such as http://10.0.0.5:8081',
  },
  STAMP_POSTAGE_FIELDS: {
    kind: 'invalid_input',
    message: 'A stamp must give exactly one of postage (mills) and postageDollars',
    fix: 'Give postage as integer mills, such as 740, or postageDollars as dollars, such as "0.74", but not both',
  },
  STAMP_NOT_FOUND: {
    kind: 'not_found',
    message: 'No stamp with that id belongs to this API key',
    fix: 'Check the id against the stamps listed by GET /v1/stamps',
  },
  CURSOR_INVALID: {
    kind: 'invalid_input',
    message: 'The page cursor is not one this server returned',
    fix: 'Pass the nextCursor of the previous page unchanged, or leave it out to start from the newest stamp',
  },
} as const satisfies Record<string, ErrorDefinition>;

const softhsm = {
  SOFTHSM_MISSING: {
    kind: 'unavailable',
    message: 'SoftHSM2 is not installed: softhsm2-util or its PKCS#11 library was not found',
    fix: 'Install it with apt-get install softhsm2, or configure the software module or another PKCS#11 library',
  },
  SOFTHSM_TOKEN_EXISTS: {
    kind: 'conflict',
    message: 'A SoftHSM2 token with that label already exists in the token folder',
    fix: 'Use the existing token with its PIN, or choose another label or token folder',
  },
  SOFTHSM_TOKEN_INIT_FAILED: {
    kind: 'unavailable',
    message: 'softhsm2-util could not initialize the token',
    fix: 'Read the softhsm2-util output quoted in the message; check that the token folder is writable',
  },
} as const satisfies Record<string, ErrorDefinition>;

const processing = {
  INTERNAL_TOKEN_INVALID: {
    kind: 'unauthenticated',
    message: 'The request carries no valid internal token',
    fix: 'Send the header x-indicia-internal-token with the internal token shared by the web server and the processing servers in their configuration',
  },
  DISPENSE_INCOMPLETE: {
    kind: 'unavailable',
    message: 'Only part of the purchase could be dispensed; the stamps already dispensed stay dispensed',
    fix: 'Retry with the same request ids once funds are available: the stamps already dispensed are returned again and the rest dispensed',
  },
  LEDGER_AUDIT_FAILED: {
    kind: 'conflict',
    message: 'The ledger audit found breaks in the audit chain, registers or records of a PSD',
    fix: 'Stop dispensing from the PSDs named in the details, keep the database as it is and give the audit report to the operator',
  },
  AUTHORITY_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The postal authority did not answer in time, could not be reached or answered with a server error',
    fix: 'Check that the postal authority runs at the configured authority URL, then retry; a reset asked meanwhile stays pending and is asked again',
  },
  AUTHORITY_TOKEN_REJECTED: {
    kind: 'internal',
    message: 'The postal authority refused the vendor token of this processing server',
    fix: 'Set the authority token of the processing server configuration to the vendor token the postal authority issued',
  },
  AUTHORITY_ANSWER_INVALID: {
    kind: 'internal',
    message: 'The postal authority answered with something that is not an answer of its API',
    fix: 'Check that the configured authority URL points at the postal authority and that both run matching versions',
  },
} as const satisfies Record<string, ErrorDefinition>;

const printing = {
  PRINT_LAYOUT_UNKNOWN: {
    kind: 'invalid_input',
    message: 'No print layout has that name',
    fix: 'Use one of the layouts listed in docs/printing.md, such as single-label, address-30up, stamp-sheet, thermal-4x6 or envelope-10',
  },
  PRINT_JOB_INVALID: {
    kind: 'invalid_input',
    message: 'The print job is malformed',
    fix: 'Give at least one indicium of 117 bytes and only the options the layout supports, as the message says',
  },
  PRINT_SLOT_OUT_OF_RANGE: {
    kind: 'invalid_input',
    message: 'The slot is not on this layout',
    fix: 'Give a slot number the layout has: 0 on a single label, envelope or thermal label, 1 to the slot count on a sheet',
  },
  PRINT_SLOT_MISMATCH: {
    kind: 'invalid_input',
    message: 'The indicium was made for a registered medium and may print only at its own slot of a layout that has it',
    fix: 'Print it on the layout of its medium at the slot its medium field names, or buy postage for plain paper',
  },
  PRINT_SLOT_CONFLICT: {
    kind: 'invalid_input',
    message: 'Two indicia of the job would print at the same slot of the same sheet',
    fix: 'Give each indicium its own slot, or leave the slot out so that the job fills free slots in order',
  },
  PRINT_SLOT_TOO_SMALL: {
    kind: 'invalid_input',
    message: 'The symbol and its human-readable text do not fit the slot at the smallest module size allowed',
    fix: 'Choose a layout with larger labels, or a larger area for the indicium',
  },
  PRINT_ADDRESS_INVALID: {
    kind: 'invalid_input',
    message: 'An address cannot be printed',
    fix: 'Give at most 6 lines of at most 60 characters each, using letters, digits and punctuation of the Latin-1 set',
  },
  PRINT_CALIBRATION_INVALID: {
    kind: 'invalid_input',
    message: 'The printer calibration is outside its limits or malformed',
    fix: 'Measure the calibration test page again; offsets must lie within 36 pt (0.5 in) and the scale within 0.9 to 1.1',
  },
  PRINT_PRINTER_NAME_INVALID: {
    kind: 'invalid_input',
    message: 'The printer name cannot name a calibration file',
    fix: 'Use 1 to 64 letters, digits, dots, hyphens or underscores, not starting with a dot',
  },
  PRINT_CALIBRATION_WRITE_FAILED: {
    kind: 'unavailable',
    message: 'The printer calibration could not be saved',
    fix: 'Check that the calibration folder named in the message can be created and written',
  },
} as const satisfies Record<string, ErrorDefinition>;

const cups = {
  CUPS_TOOLS_MISSING: {
    kind: 'unavailable',
    message: 'A CUPS command-line tool is not installed',
    fix: 'Install cups-client (lp, lpstat, cancel) and cups-ipp-utils (ipptool), for example apt-get install cups-client cups-ipp-utils',
  },
  CUPS_UNAVAILABLE: {
    kind: 'unavailable',
    message: 'The CUPS print scheduler cannot be reached',
    fix: 'Start CUPS (service cups start, or cupsd as root), or set CUPS_SERVER to a running print server, then print again',
  },
  PRINTER_NAME_INVALID: {
    kind: 'invalid_input',
    message: 'The name cannot name a CUPS printer',
    fix: 'Give the printer name as lpstat -e lists it: up to 127 characters without spaces, quotes, backslashes, ? or #, not starting with a hyphen, with /INSTANCE after it for an lpoptions instance',
  },
  PRINTER_NOT_FOUND: {
    kind: 'not_found',
    message: 'CUPS has no printer of that name',
    fix: 'List the printers with lpstat -e and give one of them, or add the printer with lpadmin (see docs/printing.md)',
  },
  PRINTER_NOT_ACCEPTING: {
    kind: 'unavailable',
    message: 'The printer is not accepting jobs',
    fix: 'Make the printer ready, run cupsaccept with its name as an administrator, then print again',
  },
  PRINTER_STOPPED: {
    kind: 'unavailable',
    message: 'The printer is stopped and holds the job',
    fix: 'Fix what the message reports (paper, cover, connection) and run cupsenable with the printer name; the job then prints, or cancel it with cancel and its job id',
  },
  PRINT_JOB_FAILED: {
    kind: 'unavailable',
    message: 'CUPS refused, cancelled or aborted the print job',
    fix: 'Read the reason in the message and in the CUPS error log (/var/log/cups/error_log), correct the printer or its options, then print again',
  },
  PRINT_JOB_TIMEOUT: {
    kind: 'unavailable',
    message: 'The print job did not finish in time',
    fix: 'Check the printer with lpstat -p -l; the job stays queued, so wait for it, or cancel it with cancel and its job id before printing again',
  },
} as const satisfies Record<string, ErrorDefinition>;

const rates = {
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

const payment = {
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

const authorityScanning = {
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

const verifyPage = {
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

const client = {
  CLIENT_NETWORK_ERROR: {
    kind: 'unavailable',
    message: "The vendor's web server could not be reached, or the connection was lost before its answer arrived",
    fix: 'Check the URL and the network, then run the same command again: a purchase retried with the same idempotency key is never charged twice',
  },
  CLIENT_TIMEOUT: {
    kind: 'unavailable',
    message: "The vendor's web server did not answer in time",
    fix: 'Run the same command again with the same idempotency key (it is never charged twice), or allow more time with INDICIA_TIMEOUT_MS',
  },
  CLIENT_NOT_LOGGED_IN: {
    kind: 'unauthenticated',
    message: 'No vendor URL and API key are configured for this profile',
    fix: 'Run indicia login --url URL --api-key KEY, or set INDICIA_URL and INDICIA_API_KEY',
  },
  CLIENT_URL_INVALID: {
    kind: 'invalid_input',
    message: "The vendor's URL is not an http or https URL",
    fix: "Give the web server's base URL, such as https://postage.example.com or http://127.0.0.1:8080",
  },
  CLIENT_CREDENTIALS_INVALID: {
    kind: 'invalid_input',
    message: 'The stored credentials file cannot be read or is damaged',
    fix: 'Run indicia login again, or correct or remove the file named in the message',
  },
  CLIENT_CREDENTIALS_WRITE_FAILED: {
    kind: 'internal',
    message: 'The credentials file could not be written',
    fix: 'Check that the folder named in the message is writable and has free space, then log in again',
  },
  CLIENT_ANSWER_INVALID: {
    kind: 'internal',
    message: "The server's answer is not what the vendor's API documents",
    fix: "Check that the URL points at the vendor's web server; if it does, retry with the same idempotency key and give the request id to the operator",
  },
  CLIENT_JOURNAL_WRITE_FAILED: {
    kind: 'internal',
    message: 'Bought stamps could not be saved to the local journal',
    fix: 'Free disk space or fix the permissions of the journal named in the message, then run the same command with the same --idempotency-key: the server returns the same stamps without charging again',
  },
  CLIENT_JOURNAL_INVALID: {
    kind: 'invalid_input',
    message: 'The local stamp journal has no entry that matches',
    fix: 'Check the batch key or stamp id against indicia stamps list, or run the purchase again with its --idempotency-key',
  },
  CLIENT_BATCH_INCOMPLETE: {
    kind: 'unavailable',
    message: 'The batch stopped before all its purchases were made',
    fix: 'Run the same command again with the --idempotency-key named in the message (or indicia buy --resume last): purchases already made are returned, not bought again',
  },
  CLIENT_PRINT_FAILED: {
    kind: 'internal',
    message: 'The stamps were bought and saved in the local journal but could not be printed',
    fix: 'Print them again with indicia print and the stamp ids in the message; nothing was lost and nothing needs to be bought again',
  },
} as const satisfies Record<string, ErrorDefinition>;

const reports = {
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

/** Every section of the catalogue, in the order the documentation lists them. */
export const ERROR_SECTIONS: readonly ErrorSection[] = [
  { title: 'General', codes: general },
  { title: 'Money, dates, ZIP codes and rate categories', codes: money },
  { title: 'Media serial numbers', codes: media },
  { title: 'Indicium codec', codes: indicium },
  { title: 'Cryptographic modules', codes: crypto },
  { title: 'SoftHSM2 tokens', codes: softhsm },
  { title: 'Barcodes and input files', codes: barcode },
  { title: 'Verification', codes: verifier },
  { title: 'Dates of mailing', codes: mailingDates },
  { title: 'Database', codes: database },
  { title: 'PSD ledger', codes: ledger },
  { title: 'Processing servers', codes: processing },
  { title: 'HTTP requests', codes: http },
  { title: 'Postal authority', codes: authority },
  { title: 'Postal authority scanning', codes: authorityScanning },
  { title: 'Postal authority verification page', codes: verifyPage },
  { title: 'Transaction reports and reconciliation', codes: reports },
  { title: 'Web API (stamp purchases)', codes: webApi },
  { title: 'Printing', codes: printing },
  { title: 'Printing through CUPS', codes: cups },
  { title: 'Rates and postage', codes: rates },
  { title: 'Card payments', codes: payment },
  { title: 'Client library and user command line', codes: client },
];

/** The whole catalogue, keyed by code. */
export const ERRORS = {
  ...general,
  ...money,
  ...media,
  ...indicium,
  ...crypto,
  ...softhsm,
  ...barcode,
  ...verifier,
  ...mailingDates,
  ...database,
  ...ledger,
  ...processing,
  ...http,
  ...authority,
  ...authorityScanning,
  ...verifyPage,
  ...reports,
  ...webApi,
  ...printing,
  ...cups,
  ...rates,
  ...payment,
  ...client,
} as const satisfies Record<string, ErrorDefinition>;

/** A stable error code. */
export type ErrorCode = keyof typeof ERRORS;
