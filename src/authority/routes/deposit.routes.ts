import type { FastifyInstance } from 'fastify';
import type { RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import { depositStatement, fundDeposit } from '../services/deposit.service.js';
import { MILLS_SCHEMA, mills } from './schemas.js';
import { depositEntryView } from './views.js';

interface FundBody {
  amountMills: string | number;
  reference: string;
}

interface StatementQuery {
  afterId: number;
  limit: number;
}

/** POST /v1/deposit/fund (operator) and GET /v1/deposit (vendor or operator). */
export function depositRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole): void {
  app.post<{ Body: FundBody }>(
    '/v1/deposit/fund',
    {
      onRequest: requireRole('operator'),
      schema: {
        body: {
          type: 'object',
          required: ['amountMills', 'reference'],
          additionalProperties: false,
          properties: { amountMills: MILLS_SCHEMA, reference: { type: 'string', pattern: '^[A-Za-z0-9._:/#-]{1,128}$' } },
        },
      },
    },
    async (request, reply) => {
      const { entry, balanceMills, created } = await fundDeposit(ctx, {
        amountMills: mills(request.body.amountMills),
        reference: request.body.reference,
      });
      return reply.code(created ? 201 : 200).send({ entry: depositEntryView(entry), balanceMills: balanceMills.toString() });
    },
  );

  app.get<{ Querystring: StatementQuery }>(
    '/v1/deposit',
    {
      onRequest: requireRole('vendor', 'operator'),
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            afterId: { type: 'integer', minimum: 0, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 500 },
          },
        },
      },
    },
    async (request) => {
      const { balanceMills, entries } = await depositStatement(ctx, request.query);
      return { balanceMills: balanceMills.toString(), entries: entries.map(depositEntryView) };
    },
  );
}
