// Error codes of one part of the system (the user system: print layouts, CUPS and the client library); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "printing" of the catalogue. */
export const printing = {
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

/** Section "cups" of the catalogue. */
export const cups = {
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

/** Section "client" of the catalogue. */
export const client = {
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
  CLIENT_SECRET_INPUT_MISSING: {
    kind: 'invalid_input',
    message: 'Standard input ended before every secret the command reads from it',
    fix: 'Pipe in the lines the command names, one per line (such as the card number, then the security code, or the password), or run the command at a terminal to be asked for them',
  },
  CLIENT_PRINT_FAILED: {
    kind: 'internal',
    message: 'The stamps were bought and saved in the local journal but could not be printed',
    fix: 'Print them again with indicia print and the stamp ids in the message; nothing was lost and nothing needs to be bought again',
  },
} as const satisfies Record<string, ErrorDefinition>;
