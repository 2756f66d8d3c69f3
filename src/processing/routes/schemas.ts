// JSON schemas of the processing server's routes. The dispense and lookup bodies follow
// src/internal-api/dispense-contract.ts exactly; unknown fields are refused (the app turns off
// removeAdditional), so a misspelt field never passes unnoticed.
import { REQUEST_ID_PATTERN } from '../../ledger/stamp-request.js';

/** Most stamps in one purchase (the web server's own limit is the same). */
export const MAX_ITEMS_PER_PURCHASE = 1000;

/** Most request ids in one lookup. */
export const MAX_LOOKUP_IDS = 1000;

const REQUEST_ID = { type: 'string', pattern: REQUEST_ID_PATTERN.source } as const;
// Canonical decimal strings: no sign, no leading zero, so the string the web server compares is the one signed.
const POSITIVE_DECIMAL = { type: 'string', pattern: '^[1-9][0-9]{0,19}$' } as const;
const DECIMAL = { type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' } as const;

/** One DispenseItem. */
const DISPENSE_ITEM_SCHEMA = {
  type: 'object',
  required: ['requestId', 'postage', 'rateCategory', 'dateOfMailing', 'originZip', 'destinationZip', 'medium'],
  additionalProperties: false,
  properties: {
    requestId: REQUEST_ID,
    postage: POSITIVE_DECIMAL,
    rateCategory: { type: 'integer', minimum: 0, maximum: 255 },
    dateOfMailing: { type: 'integer', minimum: 0, maximum: 65535 },
    originZip: { type: 'integer', minimum: 0, maximum: 999999999 },
    destinationZip: { type: 'integer', minimum: 0, maximum: 999999999 },
    medium: DECIMAL,
  },
} as const;

/** Body of POST /internal/v1/dispense (DispenseRequest). */
export const DISPENSE_BODY_SCHEMA = {
  type: 'object',
  required: ['purchaseId', 'items'],
  additionalProperties: false,
  properties: {
    purchaseId: { type: 'string', minLength: 1, maxLength: 128 },
    items: { type: 'array', minItems: 1, maxItems: MAX_ITEMS_PER_PURCHASE, items: DISPENSE_ITEM_SCHEMA },
  },
} as const;

/** Body of POST /internal/v1/lookup (LookupRequest). */
export const LOOKUP_BODY_SCHEMA = {
  type: 'object',
  required: ['requestIds'],
  additionalProperties: false,
  properties: { requestIds: { type: 'array', maxItems: MAX_LOOKUP_IDS, items: REQUEST_ID } },
} as const;

/** Params of routes under /internal/v1/psds/:id. */
export const PSD_ID_PARAMS_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 4294967295 } },
} as const;

/** Body of POST /internal/v1/psds/:id/reset: mills as a decimal string (or a safe integer). */
export const RESET_BODY_SCHEMA = {
  type: 'object',
  required: ['amountMills'],
  additionalProperties: false,
  properties: { amountMills: { type: ['string', 'integer'], pattern: '^[1-9][0-9]{0,14}$', minimum: 1 } },
} as const;
