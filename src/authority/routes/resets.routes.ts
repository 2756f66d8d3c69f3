import type { FastifyInstance } from 'fastify';
import type { RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import { resetAuthorizationToJson } from '../reset-authorization.js';
import { authorizeReset } from '../services/reset.service.js';
import { MILLS_SCHEMA, TRANSACTION_ID_SCHEMA, UINT32_ID_SCHEMA, mills } from './schemas.js';

interface ResetBody {
  psdId: number;
  currentControlTotal: string | number;
  amount: string | number;
  transactionId: string;
}

/**
 * POST /v1/resets: answers the signed reset authorization (JSON form of reset-authorization.ts). A
 * retry with the same transaction id and body gets the same body, with `idempotent-replayed: true`.
 */
export function resetRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole): void {
  app.post<{ Body: ResetBody }>(
    '/v1/resets',
    {
      onRequest: requireRole('vendor'),
      schema: {
        body: {
          type: 'object',
          required: ['psdId', 'currentControlTotal', 'amount', 'transactionId'],
          additionalProperties: false,
          properties: {
            psdId: UINT32_ID_SCHEMA,
            currentControlTotal: MILLS_SCHEMA,
            amount: MILLS_SCHEMA,
            transactionId: TRANSACTION_ID_SCHEMA,
          },
        },
      },
    },
    async (request, reply) => {
      const { authorization, replayed } = await authorizeReset(ctx, {
        psdId: request.body.psdId,
        currentControlTotalMills: mills(request.body.currentControlTotal),
        amountMills: mills(request.body.amount),
        transactionId: request.body.transactionId,
      });
      if (replayed) reply.header('idempotent-replayed', 'true');
      return resetAuthorizationToJson(authorization);
    },
  );
}
