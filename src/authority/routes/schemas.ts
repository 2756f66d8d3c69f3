// JSON schema pieces shared by the authority's routes, and the parsers that turn validated values
// into domain values. Money travels as a decimal string of mills (an integer is accepted too).
import { parseMills } from '../../core/money.js';
import { TRANSACTION_ID_PATTERN } from '../reset-authorization.js';

/** Money in mills: a string of up to 18 decimal digits (stays inside a signed 64-bit column) or an integer. */
export const MILLS_SCHEMA = { type: ['string', 'integer'], pattern: '^[0-9]{1,18}$', minimum: 0 } as const;

/** A PSD id or other 4-byte unsigned id, 1 … 2^32 − 1. */
export const UINT32_ID_SCHEMA = { type: 'integer', minimum: 1, maximum: 4294967295 } as const;

/** A transaction id (the idempotency key of a reset). */
export const TRANSACTION_ID_SCHEMA = { type: 'string', pattern: TRANSACTION_ID_PATTERN.source } as const;

/** Params of routes under /v1/psds/:id. */
export const PSD_ID_PARAMS_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: { id: UINT32_ID_SCHEMA },
} as const;

/** A validated money value as bigint mills. */
export function mills(value: string | number): bigint {
  return parseMills(value);
}
