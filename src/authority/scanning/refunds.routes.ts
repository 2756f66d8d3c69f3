import type { FastifyInstance } from 'fastify';
import type { RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import { UINT32_ID_SCHEMA } from '../routes/schemas.js';
import { publishRefund } from './refund.service.js';
import { refundView } from './scanning.views.js';

interface RefundBody {
  psdId: number;
  pieceCount: number;
}

/** POST /v1/refunds: the vendor publishes a refunded stamp; 201 the first time, 200 with the same record after. */
export function refundRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole): void {
  app.post<{ Body: RefundBody }>(
    '/v1/refunds',
    {
      onRequest: requireRole('vendor'),
      schema: {
        body: {
          type: 'object',
          required: ['psdId', 'pieceCount'],
          additionalProperties: false,
          properties: { psdId: UINT32_ID_SCHEMA, pieceCount: UINT32_ID_SCHEMA },
        },
      },
    },
    async (request, reply) => {
      const published = await publishRefund(ctx, request.body);
      return reply.code(published.created ? 201 : 200).send(refundView(published));
    },
  );
}
