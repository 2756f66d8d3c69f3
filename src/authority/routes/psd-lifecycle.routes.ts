import type { FastifyInstance } from 'fastify';
import type { RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import { changePsdStatus, type PsdStatusAction } from '../services/psd-status.service.js';
import { withdrawPsd } from '../services/psd.service.js';
import { isoSeconds } from '../time.js';
import type { PsdParams } from './psds.routes.js';
import { MILLS_SCHEMA, PSD_ID_PARAMS_SCHEMA, mills } from './schemas.js';
import { psdView } from './views.js';

interface WithdrawBody {
  descendingRegister: string | number;
  controlTotal: string | number;
}

/** POST /v1/psds/:id/withdraw (vendor), and the operator's /suspend, /reinstate and /revoke. */
export function psdLifecycleRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole): void {
  app.post<{ Params: PsdParams; Body: WithdrawBody }>(
    '/v1/psds/:id/withdraw',
    {
      onRequest: requireRole('vendor'),
      schema: {
        params: PSD_ID_PARAMS_SCHEMA,
        body: {
          type: 'object',
          required: ['descendingRegister', 'controlTotal'],
          additionalProperties: false,
          properties: { descendingRegister: MILLS_SCHEMA, controlTotal: MILLS_SCHEMA },
        },
      },
    },
    async (request) => {
      const psd = await withdrawPsd(ctx, request.params.id, {
        descendingMills: mills(request.body.descendingRegister),
        controlTotalMills: mills(request.body.controlTotal),
      });
      return {
        psdId: psd.psdId,
        status: psd.status,
        creditedMills: psd.withdrawnDescendingMills?.toString(),
        controlTotalMills: psd.controlTotalMills.toString(),
        withdrawnAt: psd.withdrawnAtMs === null ? null : new Date(psd.withdrawnAtMs).toISOString(),
        revokedAt: psd.revokedAtMs === null ? null : isoSeconds(psd.revokedAtMs),
      };
    },
  );

  for (const action of ['suspend', 'reinstate', 'revoke'] as const satisfies readonly PsdStatusAction[]) {
    app.post<{ Params: PsdParams }>(
      `/v1/psds/:id/${action}`,
      { onRequest: requireRole('operator'), schema: { params: PSD_ID_PARAMS_SCHEMA } },
      async (request) => psdView(await changePsdStatus(ctx, request.params.id, action)),
    );
  }
}
