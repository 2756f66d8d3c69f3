// The public stamp routes: HTTP and validation only; the services do the rest.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { principalOf } from '../accounts/principal.js';
import { idempotencyKeyOf } from './auth.js';
import type { PurchaseBody } from './purchase-request.js';
import {
  authErrors,
  authHeaders,
  pngQuery,
  purchaseBodySchema,
  purchaseHeadersSchema,
  purchaseResponseSchema,
  stampIdParams,
  stampListQuery,
  stampPageSchema,
} from './schemas.js';
import type { WebServices } from './web-services.js';

const err = { $ref: 'Error#' } as const;
const security = [{ apiKey: [] }];
// A stamp never changes once dispensed, but it is private to its owner.
const IMMUTABLE_PRIVATE = 'private, max-age=31536000, immutable';

/** Registers POST /v1/stamps, GET /v1/stamps, GET /v1/stamps/{id} and its .png and .svg renderings. */
export function registerStampRoutes(app: FastifyInstance, web: WebServices): void {
  const onRequest = web.authenticate;
  registerPurchaseRoute(app, web, onRequest);
  registerReadRoutes(app, web, onRequest);
  registerRenderRoutes(app, web, onRequest);
}

type OnRequest = WebServices['authenticate'];

function registerPurchaseRoute(app: FastifyInstance, web: WebServices, onRequest: OnRequest): void {
  app.post(
    '/v1/stamps',
    {
      onRequest,
      // Checked before the body, so that a missing key is its own catalogued error.
      preValidation: async (request) => void idempotencyKeyOf(request),
      schema: {
        summary: 'Buy stamps',
        description:
          'Dispenses 1 to 1000 signed indicia, all or none. Send a new Idempotency-Key with each purchase and the same key and body ' +
          'to retry it: a retry returns the first answer and never charges twice. A different body under a used key is a 409.',
        tags: ['stamps'],
        security,
        headers: purchaseHeadersSchema,
        body: purchaseBodySchema,
        response: { 201: purchaseResponseSchema, ...authErrors, 402: err, 409: err, 503: err },
      },
    },
    async (request, reply) => {
      const result = await web.purchases.purchase(principalOf(request), idempotencyKeyOf(request), request.body as PurchaseBody);
      // The status is 201, or the one stored with a replayed answer.
      return reply.code(result.status as 201).type('application/json; charset=utf-8').send(result.json);
    },
  );
}

function registerReadRoutes(app: FastifyInstance, web: WebServices, onRequest: OnRequest): void {
  app.get(
    '/v1/stamps',
    {
      onRequest,
      schema: {
        summary: 'List your stamps',
        description: 'The stamps of your account, newest first, one page at a time.',
        tags: ['stamps'],
        security,
        headers: authHeaders,
        querystring: stampListQuery,
        response: { 200: stampPageSchema, ...authErrors },
      },
    },
    async (request) => {
      const query = request.query as { limit?: string; cursor?: string };
      const limit = query.limit === undefined ? 20 : Number(query.limit);
      if (limit < 1 || limit > 100) throw new AppError('INVALID_ARGUMENT', `limit must be from 1 to 100, not ${limit}`, { field: 'limit' });
      return web.stamps.list(principalOf(request).accountId, limit, query.cursor);
    },
  );

  app.get(
    '/v1/stamps/:id',
    {
      onRequest,
      schema: {
        summary: 'Get one of your stamps',
        tags: ['stamps'],
        security,
        headers: authHeaders,
        params: stampIdParams,
        response: { 200: { $ref: 'Stamp#' }, ...authErrors, 404: err },
      },
    },
    async (request) => web.stamps.get(principalOf(request).accountId, (request.params as { id: string }).id),
  );
}

function registerRenderRoutes(app: FastifyInstance, web: WebServices, onRequest: OnRequest): void {
  app.get(
    '/v1/stamps/:id.png',
    {
      onRequest,
      schema: {
        summary: 'The Data Matrix symbol of one of your stamps, as PNG',
        tags: ['stamps'],
        security,
        headers: authHeaders,
        params: stampIdParams,
        querystring: pngQuery,
        response: { 200: { description: 'PNG image', content: { 'image/png': { schema: { type: 'string', format: 'binary' } } } }, ...authErrors, 404: err },
      },
    },
    async (request, reply) => {
      const scale = Number((request.query as { scale?: string }).scale ?? '8');
      if (scale < 1 || scale > 40) throw new AppError('INVALID_ARGUMENT', `scale must be from 1 to 40, not ${scale}`, { field: 'scale' });
      const png = await web.stamps.png(principalOf(request).accountId, (request.params as { id: string }).id, scale);
      return reply.type('image/png').header('cache-control', IMMUTABLE_PRIVATE).send(png);
    },
  );

  app.get(
    '/v1/stamps/:id.svg',
    {
      onRequest,
      schema: {
        summary: 'The Data Matrix symbol of one of your stamps, as SVG',
        tags: ['stamps'],
        security,
        headers: authHeaders,
        params: stampIdParams,
        response: { 200: { description: 'SVG document', content: { 'image/svg+xml': { schema: { type: 'string' } } } }, ...authErrors, 404: err },
      },
    },
    async (request, reply) => {
      const svg = await web.stamps.svg(principalOf(request).accountId, (request.params as { id: string }).id);
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', IMMUTABLE_PRIVATE).send(svg);
    },
  );
}
