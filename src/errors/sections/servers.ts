// Error codes of one part of the system (the vendor's servers: HTTP, processing servers and the public web API); src/errors/catalogue.ts assembles them.
import type { ErrorDefinition } from '../error-definition.js';

/** Section "http" of the catalogue. */
export const http = {
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

/** Section "processing" of the catalogue. */
export const processing = {
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

/** Section "webApi" of the catalogue. */
export const webApi = {
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
  PURCHASE_ABANDONED: {
    kind: 'conflict',
    message: 'The purchase was abandoned: no processing server dispensed it, and what it held was given back',
    fix: 'Buy again with a new Idempotency-Key; this key keeps this answer so that it can never pay twice',
  },
  STAMP_POSTAGE_FIELDS: {
    kind: 'invalid_input',
    message: 'A stamp gives both postage (mills) and postageDollars',
    fix: 'Give postage as integer mills, such as 900, or postageDollars as dollars, such as "0.90", but not both; leave both out to pay the rate',
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
