// GET /v1/rates/quote: the price of a stamp before buying it, from the same rate book the purchase path
// checks postage against. Public (no account needed): rates are published prices.
import type { FastifyInstance, FastifySchema } from 'fastify';
import { dateToDays } from '../core/mailing-date.js';
import { formatDollars } from '../core/money.js';
import { quote } from './quote.js';
import { BUILTIN_RATE_BOOK, type RateBook } from './rate-tables.js';

interface QuoteQuery {
  rateCategory: string;
  weightOz?: string;
  originZip: string;
  destinationZip?: string;
  destinationCountry?: string;
  dateOfMailing?: string;
}

const err = { $ref: 'Error#' } as const;

const quoteSchema = {
  summary: 'The price of a stamp',
  description:
    'The rate of a piece from its rate category, weight and destination on its date of mailing (today, UTC, when left out). ' +
    'POST /v1/stamps accepts this postage or more, never less.',
  tags: ['rates'],
  querystring: {
    type: 'object',
    additionalProperties: false,
    required: ['rateCategory', 'originZip'],
    properties: {
      rateCategory: { type: 'string', description: 'Rate category code 1–8 or its slug' },
      weightOz: { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$', description: 'Ounces, such as 3 or 3.5; 1 when left out' },
      originZip: { type: 'string' },
      destinationZip: { type: 'string' },
      destinationCountry: { type: 'string', description: 'ISO 3166-1 alpha-2; needed by the international letter' },
      dateOfMailing: { type: 'string', description: 'YYYY-MM-DD' },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['postageMills', 'postageDollars', 'zone', 'rateTable', 'breakdown'],
      properties: {
        postageMills: { type: 'string' },
        postageDollars: { type: 'string' },
        zone: { type: ['integer', 'null'] },
        rateTable: { type: 'object', additionalProperties: true },
        breakdown: { type: 'object', additionalProperties: true },
      },
    },
    400: err,
    404: err,
  },
} as unknown as FastifySchema;

/** Registers GET /v1/rates/quote over `book` (the built-in rate tables by default). */
export function registerQuoteRoutes(app: FastifyInstance, options: { readonly book?: RateBook; readonly nowMs?: () => number } = {}): void {
  const book = options.book ?? BUILTIN_RATE_BOOK;
  const nowMs = options.nowMs ?? Date.now;
  app.get<{ Querystring: QuoteQuery }>('/v1/rates/quote', { schema: quoteSchema }, async (request) => {
    const q = request.query;
    const category = /^\d+$/.test(q.rateCategory) ? Number(q.rateCategory) : q.rateCategory;
    const priced = quote(
      {
        rateCategory: category,
        weightOz: q.weightOz === undefined ? 1 : Number(q.weightOz),
        originZip: q.originZip,
        destinationZip: q.destinationZip ?? null,
        destinationCountry: q.destinationCountry ?? null,
        dateOfMailing: q.dateOfMailing ?? dateToDays(new Date(nowMs())),
      },
      book,
    );
    return {
      postageMills: priced.postageMills.toString(),
      postageDollars: formatDollars(priced.postageMills),
      zone: priced.zone,
      rateTable: priced.table,
      breakdown: priced.breakdown,
    };
  });
}
