// The public refund routes: HTTP and validation only; RefundService does the rest. Every route reads the
// principal (src/accounts/principal.ts) and passes its account, so only the account's own stamps and
// requests are ever seen. Owners and members alike may request refunds.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../accounts/principal.js';
import { AppError } from '../errors/app-error.js';
import type { RefundStatus } from './refund-policy.js';
import { eligibilityView, refundView } from './refund-view.js';
import type { RefundService } from './refund.service.js';
import {
  eligibilitySchema,
  idParams,
  refundCreatedSchema,
  refundListQuery,
  refundPageSchema,
  refundRequestBodySchema,
  refundSchema,
} from './refunds.schemas.js';

/** What the routes need: the service and the preHandler that sets the principal. */
export interface RefundRoutesDeps {
  readonly refunds: RefundService;
  readonly authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void> | void;
}

const err = { $ref: 'Error#' } as const;
const authErrors = { 400: err, 401: err, 403: err, 500: err } as const;
const tags = ['refunds'];
const security = [{ apiKey: [] }];

/** Registers GET /v1/stamps/{id}/refund-eligibility, POST /v1/refunds, GET /v1/refunds and GET /v1/refunds/{id}. */
export function registerRefundRoutes(app: FastifyInstance, deps: RefundRoutesDeps): void {
  const { refunds } = deps;
  const preHandler = deps.authenticate;

  app.get(
    '/v1/stamps/:id/refund-eligibility',
    {
      preHandler,
      schema: {
        summary: 'Whether one of your stamps can be refunded',
        description:
          'Lists every rule the stamp fails (already requested, refund window passed, date of mailing passed), the postage a refund ' +
          'would credit, and when a request made now would be decided.',
        tags,
        security,
        params: idParams,
        response: { 200: eligibilitySchema, ...authErrors, 404: err },
      },
    },
    async (request) => eligibilityView(await refunds.eligibility(principalOf(request).accountId, (request.params as { id: string }).id)),
  );

  app.post(
    '/v1/refunds',
    {
      preHandler,
      schema: {
        summary: 'Request refunds of unused stamps',
        description:
          'All or none: when any stamp cannot be refunded nothing is requested, and the 409 REFUND_NOT_ELIGIBLE lists each refused ' +
          'stamp with its code in details.refused. Each request is decided after the review delay: approved and credited when the ' +
          'postal authority had not scanned the stamp, rejected with STAMP_USED when it had.',
        tags,
        security,
        body: refundRequestBodySchema,
        response: { 201: refundCreatedSchema, ...authErrors, 409: err },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const created = await refunds.request(principal, (request.body as { stampIds: string[] }).stampIds);
      return reply.code(201).send({ refunds: created.map(refundView) });
    },
  );

  app.get(
    '/v1/refunds',
    {
      preHandler,
      schema: {
        summary: 'List your refund requests',
        description: "The account's refund requests, newest first, one page at a time, optionally of one status.",
        tags,
        security,
        querystring: refundListQuery,
        response: { 200: refundPageSchema, ...authErrors },
      },
    },
    async (request) => {
      const query = request.query as { status?: RefundStatus; limit?: string; cursor?: string };
      const limit = query.limit === undefined ? 20 : Number(query.limit);
      if (limit < 1 || limit > 100) throw new AppError('INVALID_ARGUMENT', `limit must be from 1 to 100, not ${limit}`, { field: 'limit' });
      const page = await refunds.list(principalOf(request).accountId, {
        limit,
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
      });
      return { refunds: page.refunds.map(refundView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/refunds/:id',
    {
      preHandler,
      schema: {
        summary: 'Get one of your refund requests',
        tags,
        security,
        params: idParams,
        response: { 200: refundSchema, ...authErrors, 404: err },
      },
    },
    async (request) => refundView(await refunds.get(principalOf(request).accountId, (request.params as { id: string }).id)),
  );
}
