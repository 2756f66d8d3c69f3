import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import type { PsdLedger } from '../../ledger/psd-ledger.js';
import { OPERATOR_PATHS } from './psds.routes.js';

const AUDIT_QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { signatures: { type: 'boolean', default: true } },
} as const;

/**
 * GET /internal/v1/audit: the ledger's full audit of every PSD of this server (chains, registers,
 * records, and every indicium signature unless ?signatures=false). 200 with the reports when clean;
 * LEDGER_AUDIT_FAILED (409) with the same reports in `details` when anything is broken.
 */
export function auditRoutes(app: FastifyInstance, deps: { readonly serverId: string; readonly ledger: Pick<PsdLedger, 'auditAll'> }): void {
  app.get<{ Querystring: { signatures: boolean } }>(OPERATOR_PATHS.audit, { schema: { querystring: AUDIT_QUERY_SCHEMA } }, async (request) => {
    const reports = await deps.ledger.auditAll({ verifySignatures: request.query.signatures });
    const broken = reports.filter((r) => !r.ok);
    if (broken.length > 0) {
      const problems = broken.reduce((n, r) => n + r.problems.length, 0);
      throw new AppError('LEDGER_AUDIT_FAILED', `The audit found ${problems} problems in PSD ${broken.map((r) => r.psdId).join(', ')}`, {
        serverId: deps.serverId,
        psds: reports,
      });
    }
    return { serverId: deps.serverId, ok: true, psds: reports };
  });
}
