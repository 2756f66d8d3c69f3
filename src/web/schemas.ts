// The JSON Schemas of the public API. The routes validate and serialize with them and /openapi.json is
// built from the same routes, so the documentation cannot drift from what the server accepts.
import { MAX_STAMPS_PER_PURCHASE } from './purchase-request.js';

/** Every error response. */
export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'Every error has this shape; docs/errors.md lists every code',
  required: ['statusCode', 'code', 'error', 'message', 'requestId'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'A stable code from the error catalogue' },
    error: { type: 'string', description: 'The HTTP reason phrase' },
    message: { type: 'string', description: 'What went wrong and what to do' },
    requestId: { type: 'string', description: 'Give it to the operator when asking about this request' },
    details: { type: 'object', additionalProperties: true, description: 'Particulars of a 4xx error, such as the field at fault' },
  },
} as const;

const ref = { $ref: 'Error#' } as const;

/** Error responses every authenticated route can give. */
export const authErrors = { 400: ref, 401: ref, 500: ref } as const;

/** The bearer API key header, documented on every authenticated route. */
export const authHeaders = {
  type: 'object',
  properties: {
    authorization: { type: 'string', description: 'Bearer ik_… (an API key issued by the vendor)' },
  },
} as const;

const stampRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rateCategory', 'originZip'],
  properties: {
    rateCategory: {
      type: ['integer', 'string'],
      description: 'Rate category code 1–8 (spec §4) or its slug, such as first-class-letter',
      examples: [1, 'first-class-letter'],
    },
    postage: {
      type: ['integer', 'string'],
      description: 'Postage in mills (1 mill = $0.001) as an integer or a decimal string, at least the rate; leave out (and postageDollars too) to pay the rate',
      examples: [740, '740'],
    },
    postageDollars: { type: 'string', description: 'Postage in dollars with at most three decimals, at least the rate; or give postage', examples: ['0.81'] },
    weightOz: { type: 'number', description: 'Weight of the piece in ounces; 1 when left out. With category and destination it sets the rate', examples: [1, 3.5] },
    destinationCountry: { type: 'string', description: 'ISO 3166-1 alpha-2 country code; needed by the international letter (category 8)', examples: ['CA'] },
    dateOfMailing: { type: 'string', description: 'YYYY-MM-DD; today (UTC) when left out', examples: ['2026-11-24'] },
    originZip: { type: 'string', description: 'ZIP or ZIP+4 the mail is sent from', examples: ['94107', '94107-0001'] },
    destinationZip: { type: 'string', description: 'ZIP or ZIP+4 the mail goes to; needed by zoned categories (Ground Advantage, Priority, Express)' },
    medium: {
      type: 'object',
      additionalProperties: false,
      required: ['serial'],
      description: 'The label or sheet the stamp will be printed on; leave out for plain paper',
      properties: {
        serial: { type: 'string', description: 'Serial printed on the medium, NNNN-NNNN-NNNN-C', examples: ['2026-1124-0001-8'] },
        slot: { type: 'integer', description: '0 for a single label, 1…N for a position on a sheet (row by row from the top left)', default: 0 },
      },
    },
  },
} as const;

/** The body of POST /v1/stamps. */
export const purchaseBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['stamps'],
  properties: {
    stamps: { type: 'array', minItems: 1, maxItems: MAX_STAMPS_PER_PURCHASE, items: stampRequestSchema },
  },
} as const;

/** The headers of POST /v1/stamps. */
export const purchaseHeadersSchema = {
  type: 'object',
  // Not "required" here: a missing key is reported as IDEMPOTENCY_KEY_MISSING by the route itself.
  properties: {
    ...authHeaders.properties,
    'idempotency-key': {
      type: 'string',
      description: 'A unique key per purchase (such as a UUID), sent again unchanged when the purchase is retried',
    },
  },
} as const;

const mills = { type: 'string', pattern: '^[0-9]+$', description: 'Mills, decimal string' } as const;

/** A stamp as the API shows it. */
export const stampSchema = {
  $id: 'Stamp',
  type: 'object',
  required: ['id', 'purchaseId', 'indicium', 'fields', 'humanReadable', 'dispensedAt', 'links'],
  properties: {
    id: { type: 'string' },
    purchaseId: { type: 'string' },
    indicium: { type: 'string', description: 'The 117 indicium bytes, base64' },
    fields: {
      type: 'object',
      description: 'The decoded indicium fields (spec §2); money and the medium as decimal strings',
      properties: {
        version: { type: 'integer' },
        algorithm: { type: 'integer' },
        licenseNumber: { type: 'integer' },
        certificateSerial: { type: 'integer' },
        psdId: { type: 'integer' },
        pieceCount: { type: 'integer' },
        ascendingRegister: mills,
        descendingRegister: mills,
        postage: mills,
        dateOfMailing: { type: 'integer', description: 'Days since 2000-01-01' },
        originZip: { type: 'integer', description: 'Packed ZIP+4: zip5 × 10000 + plus4' },
        destinationZip: { type: 'integer', description: 'Packed ZIP+4, 0 when not given' },
        rateCategory: { type: 'integer' },
        medium: { type: 'string', pattern: '^[0-9]+$', description: 'serial << 8 | slot, decimal string; "0" for plain paper' },
        softwareId: { type: 'integer' },
      },
    },
    humanReadable: {
      type: 'array',
      items: { type: 'string' },
      description: 'Lines to print beside the symbol: postage, date of mailing, rate category, origin ZIP, license number, PSD id',
    },
    dispensedAt: { type: 'string', format: 'date-time' },
    links: {
      type: 'object',
      properties: { self: { type: 'string' }, png: { type: 'string' }, svg: { type: 'string' } },
    },
  },
} as const;

/** The answer of POST /v1/stamps. */
export const purchaseResponseSchema = {
  type: 'object',
  required: ['purchaseId', 'stamps'],
  properties: { purchaseId: { type: 'string' }, stamps: { type: 'array', items: { $ref: 'Stamp#' } } },
} as const;

/** One page of GET /v1/stamps. */
export const stampPageSchema = {
  type: 'object',
  required: ['stamps', 'nextCursor'],
  properties: {
    stamps: { type: 'array', items: { $ref: 'Stamp#' } },
    nextCursor: { type: ['string', 'null'], description: 'Pass as cursor to get the next page; null on the last page' },
  },
} as const;

/** The path parameter of the single-stamp routes. */
export const stampIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

/** The query of GET /v1/stamps (query values are strings: numbers are given as digits, no coercion). */
export const stampListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'string', pattern: '^[0-9]{1,3}$', description: 'Stamps per page, 1 to 100 (default 20)' },
    cursor: { type: 'string', maxLength: 200, description: 'nextCursor of the previous page' },
  },
} as const;

/** The query of GET /v1/stamps/{id}.png. */
export const pngQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { scale: { type: 'string', pattern: '^[0-9]{1,2}$', description: 'Pixels per module, 1 to 40 (default 8)' } },
} as const;
