import type { FastifyInstance } from 'fastify';
import { parseMills } from '../../core/money.js';
import type { PsdLedger } from '../../ledger/psd-ledger.js';
import type { AuthorityReporter } from '../authority-port.js';
import { inspectPsd, withdrawPsd } from '../psd-operations.js';
import { inspectionView, isoOrNull, psdView, registersView, resetResultView } from '../psd-view.js';
import { PSD_ID_PARAMS_SCHEMA, RESET_BODY_SCHEMA } from './schemas.js';

/** Paths of the operator's routes (the CLI calls them with the internal token). */
export const OPERATOR_PATHS = {
  psds: '/internal/v1/psds',
  reset: '/internal/v1/psds/:id/reset',
  withdraw: '/internal/v1/psds/:id/withdraw',
  inspect: '/internal/v1/psds/:id/inspect',
  audit: '/internal/v1/audit',
} as const;

/** What the operator's PSD routes work with. */
export interface PsdRouteDeps {
  readonly serverId: string;
  readonly ledger: PsdLedger;
  readonly authority: AuthorityReporter | undefined;
  readonly nowMs: () => number;
}

interface PsdParams {
  id: number;
}

/** GET /internal/v1/psds and POST /internal/v1/psds/:id/{reset,withdraw,inspect}. */
export function psdRoutes(app: FastifyInstance, deps: PsdRouteDeps): void {
  const { ledger } = deps;
  app.get(OPERATOR_PATHS.psds, async () => {
    const nowMs = deps.nowMs();
    const psds = await ledger.listPsds();
    const views = [];
    for (const psd of psds) views.push(psdView(psd, await ledger.listResets(psd.psdId), nowMs));
    return { serverId: deps.serverId, psds: views };
  });

  app.post<{ Params: PsdParams; Body: { amountMills: string | number } }>(
    OPERATOR_PATHS.reset,
    { schema: { params: PSD_ID_PARAMS_SCHEMA, body: RESET_BODY_SCHEMA } },
    async (request) => resetResultView(await ledger.resetPsd(request.params.id, parseMills(request.body.amountMills, { min: 1n }))),
  );

  app.post<{ Params: PsdParams }>(OPERATOR_PATHS.withdraw, { schema: { params: PSD_ID_PARAMS_SCHEMA } }, async (request) => {
    const w = await withdrawPsd(ledger, deps.authority, request.params.id);
    return {
      psdId: w.psdId,
      registers: registersView(w.registers),
      withdrawnAt: isoOrNull(w.withdrawnAtMs),
      withdrawnNow: w.withdrawnNow,
      authority: { creditedMills: w.receipt.creditedMills.toString(), revokedAt: isoOrNull(w.receipt.revokedAtMs) },
    };
  });

  app.post<{ Params: PsdParams }>(OPERATOR_PATHS.inspect, { schema: { params: PSD_ID_PARAMS_SCHEMA } }, async (request) => {
    const { inspection, receipt } = await inspectPsd(ledger, deps.authority, request.params.id);
    return {
      ...inspectionView(inspection),
      authority: { inspectionId: receipt.inspectionId, inspectedAt: isoOrNull(receipt.inspectedAtMs), nextDueAt: isoOrNull(receipt.nextDueAtMs) },
    };
  });
}
