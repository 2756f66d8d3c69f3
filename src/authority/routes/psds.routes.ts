import type { FastifyInstance } from 'fastify';
import type { RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import { getPsd, registerPsd } from '../services/psd.service.js';
import { isoSeconds } from '../time.js';
import { PSD_ID_PARAMS_SCHEMA } from './schemas.js';
import { psdView, registrationView } from './views.js';

interface RegisterBody {
  publicKeyPem: string;
  algorithm: number;
}

/** Params of routes under /v1/psds/:id. */
export interface PsdParams {
  id: number;
}

/** POST /v1/psds (register a key, get its certificate) and GET /v1/psds/:id. */
export function psdRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole): void {
  app.post<{ Body: RegisterBody }>(
    '/v1/psds',
    {
      onRequest: requireRole('vendor'),
      schema: {
        body: {
          type: 'object',
          required: ['publicKeyPem', 'algorithm'],
          additionalProperties: false,
          properties: { publicKeyPem: { type: 'string', minLength: 1, maxLength: 4096 }, algorithm: { type: 'integer', enum: [1, 2] } },
        },
      },
    },
    async (request, reply) => {
      const { psd, created } = await registerPsd(ctx, request.body);
      return reply.code(created ? 201 : 200).send(registrationView(psd));
    },
  );

  app.get<{ Params: PsdParams }>(
    '/v1/psds/:id',
    { onRequest: requireRole('vendor', 'operator'), schema: { params: PSD_ID_PARAMS_SCHEMA } },
    async (request) => {
      const { psd, nextInspectionDueAtMs } = await getPsd(ctx, request.params.id);
      return { ...psdView(psd), nextInspectionDueAt: isoSeconds(nextInspectionDueAtMs) };
    },
  );
}
