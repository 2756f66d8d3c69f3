import type { FastifyInstance } from 'fastify';
import { INTERNAL_PATHS } from '../../internal-api/dispense-contract.js';
import type { PsdLedger } from '../../ledger/psd-ledger.js';
import type { PsdRecord } from '../../ledger/psd-store.js';
import { assessHealth } from '../health.js';

/** What the health route looks at. */
export interface HealthRouteDeps {
  readonly serverId: string;
  readonly ledger: Pick<PsdLedger, 'listPsds'>;
  readonly autoReset: boolean;
  readonly nowMs: () => number;
  /** True once the server has begun to shut down. */
  readonly closing: () => boolean;
}

/** GET /internal/v1/health: 200 while a PSD can dispense, 503 otherwise, with the same body. */
export function healthRoutes(app: FastifyInstance, deps: HealthRouteDeps): void {
  app.get(INTERNAL_PATHS.health, async (request, reply) => {
    let psds: PsdRecord[] | undefined;
    try {
      psds = await deps.ledger.listPsds();
    } catch (err) {
      request.log.warn({ err }, 'health: the PSDs could not be read');
    }
    const { httpStatus, body } = assessHealth({ serverId: deps.serverId, psds, nowMs: deps.nowMs(), autoReset: deps.autoReset, closing: deps.closing() });
    return reply.code(httpStatus).send(body);
  });
}
