import type { FastifyInstance } from 'fastify';
import { INTERNAL_PATHS, type DispenseRequest, type LookupRequest } from '../../internal-api/dispense-contract.js';
import type { Dispenser } from '../dispenser.js';
import { DISPENSE_BODY_SCHEMA, LOOKUP_BODY_SCHEMA } from './schemas.js';

/** POST /internal/v1/dispense and POST /internal/v1/lookup: the web server's side of the contract. */
export function dispenseRoutes(app: FastifyInstance, dispenser: Dispenser): void {
  app.post<{ Body: DispenseRequest }>(INTERNAL_PATHS.dispense, { schema: { body: DISPENSE_BODY_SCHEMA } }, async (request) => {
    const answer = await dispenser.dispense(request.body);
    request.log.debug({ purchaseId: request.body.purchaseId, stamps: answer.stamps.length }, 'purchase dispensed');
    return answer;
  });

  app.post<{ Body: LookupRequest }>(INTERNAL_PATHS.lookup, { schema: { body: LOOKUP_BODY_SCHEMA } }, async (request) =>
    dispenser.lookup(request.body.requestIds),
  );
}
