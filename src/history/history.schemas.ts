// The JSON Schemas of the history routes: Fastify validates the queries and serializes the answers with
// them, and /openapi.json is built from them. Query values are strings (no coercion); dates, states and
// rate categories are read by history-filters.ts, which names the field in its error.
import { ORDER_STATES, REFUND_FILTERS } from './history-filters.js';

const day = (what: string) => ({ type: 'string', maxLength: 10, description: `${what} (YYYY-MM-DD, a UTC day, inclusive)`, examples: ['2026-11-24'] }) as const;
const limit = { type: 'string', pattern: '^[0-9]{1,3}$', description: 'Rows per page, 1 to 100 (default 20)' } as const;
const cursor = { type: 'string', maxLength: 200, description: 'nextCursor of the previous page' } as const;
const nullableString = { type: ['string', 'null'] } as const;

const orderFilterProperties = {
  from: day('Orders placed on or after this day'),
  to: day('Orders placed on or before this day'),
  state: { type: 'string', enum: ORDER_STATES, description: 'Only orders in this state' },
} as const;

const stampFilterProperties = {
  from: day('Stamps bought on or after this day'),
  to: day('Stamps bought on or before this day'),
  rateCategory: { type: 'string', maxLength: 60, description: 'Rate category code 1–8 or its slug, such as priority-mail' },
  purchaseId: { type: 'string', minLength: 1, maxLength: 100, description: 'Only the stamps of this order' },
  refundStatus: { type: 'string', enum: REFUND_FILTERS, description: 'Only stamps whose refund request has this status, or (none) that have none' },
} as const;

/** The query of GET /v1/orders. */
export const orderListQuery = { type: 'object', additionalProperties: false, properties: { ...orderFilterProperties, limit, cursor } } as const;
/** The query of GET /v1/orders.csv. */
export const orderCsvQuery = { type: 'object', additionalProperties: false, properties: orderFilterProperties } as const;
/** The query of a paged stamp list with the history's filters (for GET /v1/stamps, wired by the lead). */
export const stampListQuery = { type: 'object', additionalProperties: false, properties: { ...stampFilterProperties, limit, cursor } } as const;
/** The query of GET /v1/stamps.csv. */
export const stampCsvQuery = { type: 'object', additionalProperties: false, properties: stampFilterProperties } as const;

/** The path parameter of the single-order routes. */
export const orderIdParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;

const mediumSchema = {
  type: ['object', 'null'],
  description: 'The label or sheet position it was bought for; null for plain paper',
  properties: { serial: { type: 'string', description: 'NNNN-NNNN-NNNN-C' }, slot: { type: 'integer', description: '0 single label, 1…N sheet position' } },
} as const;

const refundSchema = {
  type: ['object', 'null'],
  description: 'The refund request of the stamp; null when none',
  properties: { status: { type: 'string', enum: ['requested', 'approved', 'rejected'] }, refundId: { type: 'string' } },
} as const;

const millsString = { type: 'string', pattern: '^[0-9]+$', description: 'Mills (1 mill = $0.001), decimal string' } as const;
const dollars = { type: 'string', description: 'US dollars with three decimals, such as 0.740' } as const;

/** A stamp in the history. */
export const historyStampSchema = {
  type: 'object',
  required: ['id', 'purchaseId', 'purchasedAt', 'dispensedAt', 'rateCategory', 'rateCategoryName', 'postageMills', 'postageDollars', 'dateOfMailing', 'medium', 'refund', 'links'],
  properties: {
    id: { type: 'string' },
    purchaseId: { type: 'string' },
    purchasedAt: { type: 'string', format: 'date-time' },
    dispensedAt: { type: 'string', format: 'date-time' },
    rateCategory: { type: 'integer' },
    rateCategoryName: { type: 'string' },
    postageMills: millsString,
    postageDollars: dollars,
    dateOfMailing: { type: 'string', description: 'YYYY-MM-DD' },
    medium: mediumSchema,
    refund: refundSchema,
    links: { type: 'object', properties: { self: { type: 'string' }, png: { type: 'string' }, svg: { type: 'string' } } },
  },
} as const;

const orderProperties = {
  id: { type: 'string' },
  state: { type: 'string', enum: ORDER_STATES },
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time', description: 'The last change of state (for a completed order, when it completed)' },
  stampCount: { type: 'integer' },
  totalMills: { type: ['string', 'null'], description: 'Mills, decimal string; null for an order recorded before totals were kept' },
  totalDollars: nullableString,
  failure: {
    type: ['object', 'null'],
    description: 'Failed orders: why. A failed order dispensed nothing and keeps no charge',
    properties: { code: nullableString, message: { type: 'string' } },
  },
  links: { type: 'object', properties: { self: { type: 'string' }, receipt: nullableString } },
} as const;
const orderRequired = ['id', 'state', 'createdAt', 'updatedAt', 'stampCount', 'totalMills', 'totalDollars', 'failure', 'links'];

/** An order in a list. */
export const orderSchema = { type: 'object', required: orderRequired, properties: orderProperties } as const;

/** One order with its stamps. */
export const orderDetailSchema = {
  type: 'object',
  required: [...orderRequired, 'stamps'],
  properties: { ...orderProperties, stamps: { type: 'array', items: historyStampSchema } },
} as const;

/** One page of GET /v1/orders. */
export const orderPageSchema = {
  type: 'object',
  required: ['orders', 'nextCursor'],
  properties: { orders: { type: 'array', items: orderSchema }, nextCursor: { type: ['string', 'null'], description: 'Pass as cursor to get the next page; null on the last page' } },
} as const;

/** One page of stamps with the history's view (for GET /v1/stamps, wired by the lead). */
export const historyStampPageSchema = {
  type: 'object',
  required: ['stamps', 'nextCursor'],
  properties: {
    stamps: { type: 'array', items: historyStampSchema },
    nextCursor: { type: ['string', 'null'], description: 'Pass as cursor to get the next page; null on the last page. With refundStatus a page may be short while this is not null' },
  },
} as const;

/** A receipt as JSON. */
export const receiptSchema = {
  type: 'object',
  required: ['receiptNumber', 'orderId', 'orderedAt', 'completedAt', 'issuedAt', 'currency', 'customer', 'payment', 'lines', 'totalMills', 'totalDollars', 'refundedMills', 'refundedDollars'],
  properties: {
    receiptNumber: { type: 'string' },
    orderId: { type: 'string' },
    orderedAt: { type: 'string', format: 'date-time' },
    completedAt: { type: 'string', format: 'date-time' },
    issuedAt: { type: 'string', format: 'date-time' },
    currency: { type: 'string', enum: ['USD'] },
    customer: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        address: {
          type: ['object', 'null'],
          properties: { name: { type: 'string' }, street: { type: 'string' }, city: { type: 'string' }, state: { type: 'string' }, zip: { type: 'string' } },
        },
      },
    },
    payment: {
      type: ['object', 'null'],
      description: 'How the order was paid; null when billing holds no record',
      properties: { method: { type: 'string', enum: ['balance', 'card'] }, brand: { type: 'string' }, last4: { type: 'string' } },
    },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          line: { type: 'integer' },
          stampId: { type: 'string' },
          rateCategory: { type: 'integer' },
          rateCategoryName: { type: 'string' },
          postageMills: millsString,
          postageDollars: dollars,
          medium: mediumSchema,
          dateOfMailing: { type: 'string' },
          refund: refundSchema,
        },
      },
    },
    totalMills: millsString,
    totalDollars: dollars,
    refundedMills: { ...millsString, description: 'Postage of the stamps whose refund was approved since' },
    refundedDollars: dollars,
  },
} as const;
