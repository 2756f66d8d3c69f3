// JSON Schemas of the media routes; /openapi.json is built from them.
import { MAX_LIST_LIMIT } from './media.service.js';

const nullableString = { type: ['string', 'null'] } as const;

/** A medium as GET /v1/media lists it. */
export const mediumSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['serial', 'kind', 'layout', 'slotCount', 'usedSlots', 'reservedSlots', 'freeSlots', 'issuedAt', 'voided', 'voidedAt', 'voidReason', 'links'],
  properties: {
    serial: { type: 'string', description: 'NNNN-NNNN-NNNN-C, as printed on the label or sheet', examples: ['2026-1124-0001-8'] },
    kind: { type: 'string', enum: ['label', 'sheet'] },
    layout: { type: 'string', description: 'The print layout the medium comes in (single-label, address-30up, stamp-sheet, thermal-4x6)' },
    slotCount: { type: 'integer' },
    usedSlots: { type: 'integer', description: 'Slots carrying a stamp' },
    reservedSlots: { type: 'integer', description: 'Slots held by a purchase in progress' },
    freeSlots: { type: 'integer', description: 'Slots a stamp can still be bought for (0 once voided)' },
    issuedAt: { type: 'string', format: 'date-time' },
    voided: { type: 'boolean' },
    voidedAt: { ...nullableString, format: 'date-time' },
    voidReason: nullableString,
    links: { type: 'object', additionalProperties: false, required: ['self'], properties: { self: { type: 'string' } } },
  },
} as const;

/** A page of media. */
export const mediaPageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['media', 'nextCursor'],
  properties: {
    media: { type: 'array', items: mediumSchema },
    nextCursor: { ...nullableString, description: 'Pass as cursor for the next page; null on the last page' },
  },
} as const;

/** A medium with every slot. */
export const mediumDetailSchema = {
  ...mediumSchema,
  required: [...mediumSchema.required, 'slots'],
  properties: {
    ...mediumSchema.properties,
    slots: {
      type: 'array',
      description: 'Every slot of the medium in order: 0 alone on a label, 1..N on a sheet, row by row from the top left',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['slot', 'state', 'stampId', 'purchaseId'],
        properties: {
          slot: { type: 'integer' },
          state: { type: 'string', enum: ['free', 'reserved', 'used'] },
          stampId: { ...nullableString, description: 'The stamp printed in the slot, once its purchase completed' },
          purchaseId: { ...nullableString, description: 'The purchase that reserved or used the slot' },
        },
      },
    },
  },
} as const;

/** Query of GET /v1/media; query strings stay strings (the server does not coerce types). */
export const mediaListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    layout: { type: 'string', description: 'Only media of this layout' },
    hasFreeSlots: { type: 'string', enum: ['true', 'false'], description: 'true: media with a slot still free (not voided); false: full or voided' },
    limit: { type: 'string', pattern: '^[0-9]{1,4}$', description: `Page size, 1 to ${MAX_LIST_LIMIT} (default 100)` },
    cursor: { type: 'string', description: 'The nextCursor of the previous page' },
  },
} as const;

/** Path parameter of GET /v1/media/{serial}. */
export const mediumSerialParams = {
  type: 'object',
  required: ['serial'],
  properties: { serial: { type: 'string', description: 'The serial printed on the medium, NNNN-NNNN-NNNN-C (hyphens optional)' } },
} as const;
