// The JSON Schemas of the refund routes; /openapi.json is built from them.
import { REFUND_STATUSES } from './refund-policy.js';
import { MAX_STAMPS_PER_REFUND } from './refund.service.js';

const mills = { type: 'string', pattern: '^[0-9]+$', description: 'Mills (1 mill = $0.001), decimal string' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const instantOrNull = { type: ['string', 'null'], format: 'date-time' } as const;
const id = { type: 'string', minLength: 1, maxLength: 100 } as const;

/** Params of the routes with a stamp id or a refund id. */
export const idParams = { type: 'object', required: ['id'], properties: { id } } as const;

const reasonSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string', description: 'A code of docs/errors.md' }, message: { type: 'string' } },
} as const;

/** The answer of GET /v1/stamps/{id}/refund-eligibility. */
export const eligibilitySchema = {
  type: 'object',
  required: ['stampId', 'eligible', 'reasons', 'amountMills', 'expectedDecisionDate'],
  properties: {
    stampId: { type: 'string' },
    eligible: { type: 'boolean' },
    reasons: { type: 'array', items: reasonSchema, description: 'Every rule the stamp fails; empty when eligible' },
    amountMills: { ...mills, description: 'The postage a refund would credit, in mills' },
    expectedDecisionDate: { ...instantOrNull, description: 'When a request made now would be decided; null when not eligible' },
  },
} as const;

/** A refund request. */
export const refundSchema = {
  type: 'object',
  required: ['id', 'stampId', 'purchaseId', 'status', 'amountMills', 'reasonCode', 'reason', 'requestedAt', 'expectedDecisionDate', 'decidedAt', 'publishedAt', 'creditedAt', 'links'],
  properties: {
    id: { type: 'string' },
    stampId: { type: 'string' },
    purchaseId: { type: 'string' },
    status: { type: 'string', enum: [...REFUND_STATUSES] },
    amountMills: mills,
    reasonCode: { type: ['string', 'null'], description: 'Why it was rejected, such as STAMP_USED' },
    reason: { type: ['string', 'null'] },
    requestedAt: instant,
    expectedDecisionDate: { ...instant, description: 'Not decided before this moment: a mailed piece has had time to be scanned' },
    decidedAt: instantOrNull,
    publishedAt: { ...instantOrNull, description: 'When the postal authority recorded the refund' },
    creditedAt: { ...instantOrNull, description: 'When the postage was credited to the account (approved requests)' },
    links: { type: 'object', required: ['self', 'stamp'], properties: { self: { type: 'string' }, stamp: { type: 'string' } } },
  },
} as const;

/** The body of POST /v1/refunds. */
export const refundRequestBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['stampIds'],
  properties: {
    stampIds: { type: 'array', minItems: 1, maxItems: MAX_STAMPS_PER_REFUND, uniqueItems: true, items: id, description: 'The stamps to refund, all or none' },
  },
} as const;

/** The answer of POST /v1/refunds. */
export const refundCreatedSchema = {
  type: 'object',
  required: ['refunds'],
  properties: { refunds: { type: 'array', items: refundSchema } },
} as const;

/** The query of GET /v1/refunds (strings: no coercion). */
export const refundListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: [...REFUND_STATUSES] },
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: '1 to 100; 20 by default' },
    cursor: { type: 'string', maxLength: 200, description: 'The nextCursor of the previous page' },
  },
} as const;

/** The answer of GET /v1/refunds. */
export const refundPageSchema = {
  type: 'object',
  required: ['refunds', 'nextCursor'],
  properties: { refunds: { type: 'array', items: refundSchema }, nextCursor: { type: ['string', 'null'] } },
} as const;
