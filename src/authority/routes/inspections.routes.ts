import type { FastifyInstance } from 'fastify';
import type { RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import { recordInspection } from '../services/inspection.service.js';
import { MILLS_SCHEMA, UINT32_ID_SCHEMA, mills } from './schemas.js';

interface InspectionBody {
  psdId: number;
  registers: { ascending: string | number; descending: string | number; controlTotal: string | number };
  pieceCount: number;
  auditHead: string;
}

/** POST /v1/inspections: records a PSD's reported registers and audit head; answers the next due date. */
export function inspectionRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole): void {
  app.post<{ Body: InspectionBody }>(
    '/v1/inspections',
    {
      onRequest: requireRole('vendor'),
      schema: {
        body: {
          type: 'object',
          required: ['psdId', 'registers', 'pieceCount', 'auditHead'],
          additionalProperties: false,
          properties: {
            psdId: UINT32_ID_SCHEMA,
            registers: {
              type: 'object',
              required: ['ascending', 'descending', 'controlTotal'],
              additionalProperties: false,
              properties: { ascending: MILLS_SCHEMA, descending: MILLS_SCHEMA, controlTotal: MILLS_SCHEMA },
            },
            // The piece count field of an indicium is 4 bytes.
            pieceCount: { type: 'integer', minimum: 0, maximum: 4294967295 },
            auditHead: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          },
        },
      },
    },
    async (request, reply) => {
      const { registers } = request.body;
      const inspection = await recordInspection(ctx, {
        psdId: request.body.psdId,
        ascendingMills: mills(registers.ascending),
        descendingMills: mills(registers.descending),
        controlTotalMills: mills(registers.controlTotal),
        pieceCount: BigInt(request.body.pieceCount),
        auditHead: request.body.auditHead,
      });
      return reply.code(201).send({
        inspectionId: inspection.inspectionId,
        psdId: inspection.psdId,
        inspectedAt: new Date(inspection.inspectedAtMs).toISOString(),
        nextDueAt: new Date(inspection.nextDueAtMs).toISOString(),
      });
    },
  );
}
