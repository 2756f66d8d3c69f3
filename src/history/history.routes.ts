// The history routes: orders, one order, its receipt (JSON, or printable HTML for Accept: text/html), and
// the CSV exports of orders and stamps. HTTP and validation only; HistoryService does the rest, always
// for the principal's account.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../accounts/principal.js';
import { AppError } from '../errors/app-error.js';
import { prefersHtml } from './content-negotiation.js';
import { CSV_CONTENT_TYPE } from './csv.js';
import { exportFileName, ordersCsv, stampsCsv } from './csv-export.js';
import { parseOrderFilter, parseStampFilter, type OrderQuery, type StampQuery } from './history-filters.js';
import type { HistoryService } from './history.service.js';
import { orderCsvQuery, orderDetailSchema, orderIdParams, orderListQuery, orderPageSchema, receiptSchema, stampCsvQuery } from './history.schemas.js';
import { RECEIPT_CSP, renderReceiptHtml } from './receipt-html.js';

/** The preHandler that authenticates the caller and records its principal (setPrincipal). */
export type Authenticate = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** What the history routes need. */
export interface HistoryRouteDeps {
  readonly history: HistoryService;
  readonly authenticate: Authenticate;
  /** The clock of export file names. */
  readonly nowMs?: () => number;
}

const err = { $ref: 'Error#' } as const;
const errors = { 400: err, 401: err, 500: err } as const;
const security = [{ apiKey: [] }];
const tags = ['history'];
// Orders, receipts and exports are private to the account and change (state, refunds): never cached by others.
const PRIVATE = 'private, no-store';

/** Registers GET /v1/orders, /v1/orders/{id}, /v1/orders/{id}/receipt, /v1/orders.csv and /v1/stamps.csv. */
export function registerHistoryRoutes(app: FastifyInstance, deps: HistoryRouteDeps): void {
  const { history, authenticate } = deps;
  const nowMs = deps.nowMs ?? Date.now;

  app.get(
    '/v1/orders',
    {
      preHandler: authenticate,
      schema: {
        summary: 'List your orders',
        description: 'The orders (purchases) of your account, newest first, one page at a time; from/to are UTC days, inclusive.',
        tags,
        security,
        querystring: orderListQuery,
        response: { 200: orderPageSchema, ...errors },
      },
    },
    async (request) => {
      const query = request.query as OrderQuery & { limit?: string; cursor?: string };
      return history.listOrders(principalOf(request).accountId, parseOrderFilter(query), pageLimit(query.limit), query.cursor);
    },
  );

  app.get(
    '/v1/orders.csv',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Export your orders as CSV',
        description:
          'Every order matching the filters, newest first, as RFC 4180 CSV with a header row: UTC ISO times, amounts in US dollars with three ' +
          'decimals. Cells that a spreadsheet would run as a formula begin with an apostrophe.',
        tags,
        security,
        querystring: orderCsvQuery,
        response: { 200: csvResponse('The orders'), ...errors },
      },
    },
    async (request, reply) => {
      const filter = parseOrderFilter(request.query as OrderQuery);
      const pages = history.orderPages(principalOf(request).accountId, filter);
      return sendCsv(reply, exportFileName('orders', nowMs()), ordersCsv(pages));
    },
  );

  app.get(
    '/v1/stamps.csv',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Export your stamps as CSV',
        description:
          'Every stamp of your account matching the filters, newest first, as RFC 4180 CSV with a header row: UTC ISO times, postage in US ' +
          'dollars with three decimals, the refund status of each stamp. Cells that a spreadsheet would run as a formula begin with an apostrophe.',
        tags,
        security,
        querystring: stampCsvQuery,
        response: { 200: csvResponse('The stamps'), ...errors },
      },
    },
    async (request, reply) => {
      const filter = parseStampFilter(request.query as StampQuery);
      const pages = history.stampPages(principalOf(request).accountId, filter);
      return sendCsv(reply, exportFileName('stamps', nowMs()), stampsCsv(pages));
    },
  );

  app.get(
    '/v1/orders/:id',
    {
      preHandler: authenticate,
      schema: {
        summary: 'Get one of your orders with its stamps',
        tags,
        security,
        params: orderIdParams,
        response: { 200: orderDetailSchema, ...errors, 404: err },
      },
    },
    async (request, reply) => {
      const order = await history.getOrder(principalOf(request).accountId, (request.params as { id: string }).id);
      return reply.header('cache-control', PRIVATE).send(order);
    },
  );

  app.get(
    '/v1/orders/:id/receipt',
    {
      preHandler: authenticate,
      schema: {
        summary: 'The receipt of one of your completed orders',
        description:
          'JSON by default; a printable HTML page when the Accept header prefers text/html. A pending or failed order has no receipt ' +
          '(409 ORDER_NOT_COMPLETED, with the state and a failed order\'s refusal).',
        tags,
        security,
        params: orderIdParams,
        response: {
          200: {
            description: 'The receipt',
            content: { 'application/json': { schema: receiptSchema }, 'text/html': { schema: { type: 'string' } } },
          },
          ...errors,
          404: err,
          409: err,
        },
      },
    },
    async (request, reply) => {
      const receipt = await history.receipt(principalOf(request).accountId, (request.params as { id: string }).id);
      reply.header('cache-control', PRIVATE).header('vary', 'Accept');
      if (!prefersHtml(request.headers.accept)) return reply.type('application/json; charset=utf-8').send(receipt);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', RECEIPT_CSP)
        .header('x-content-type-options', 'nosniff')
        .send(renderReceiptHtml(receipt));
    },
  );
}

/** The page size of a list: 1 to 100, 20 when not given. */
function pageLimit(text: string | undefined): number {
  const limit = text === undefined ? 20 : Number(text);
  if (limit < 1 || limit > 100) throw new AppError('INVALID_ARGUMENT', `limit must be from 1 to 100, not ${limit}`, { field: 'limit' });
  return limit;
}

function csvResponse(what: string): object {
  return { description: `${what}, as an attachment`, content: { 'text/csv': { schema: { type: 'string' } } } };
}

// Streamed: each page of rows is written as it is read, so an export of any size holds one page in memory.
function sendCsv(reply: FastifyReply, fileName: string, chunks: AsyncIterable<string>): FastifyReply {
  return reply
    .type(CSV_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', PRIVATE)
    .header('x-content-type-options', 'nosniff')
    .send(Readable.from(chunks));
}
