// Error codes of one part of the system (the database port and the PSD ledger); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "database" of the catalogue. */
export const database = {
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

/** Section "ledger" of the catalogue. */
export const ledger = {
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
