// Probes for process supervisors and load balancers.
import type { FastifyInstance } from 'fastify';
import type { WebServices } from './web-services.js';

const probeSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'ready', 'not_ready'] },
    database: { type: 'string', enum: ['ok', 'unreachable'] },
    healthyProcessingServers: { type: 'integer' },
  },
} as const;

/** Registers GET /healthz (the process is up) and GET /readyz (it can sell stamps). */
export function registerHealthRoutes(app: FastifyInstance, web: WebServices): void {
  app.get(
    '/healthz',
    { schema: { summary: 'Liveness: the process is up', tags: ['operations'], response: { 200: probeSchema } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'Readiness: the database answers and at least one processing server is healthy',
        tags: ['operations'],
        response: { 200: probeSchema, 503: probeSchema },
      },
    },
    async (_request, reply) => {
      const database = await web.db.query('SELECT 1 AS ok').then(
        () => 'ok' as const,
        () => 'unreachable' as const,
      );
      const healthyProcessingServers = web.registry.eligible().length;
      const ready = database === 'ok' && healthyProcessingServers > 0;
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', database, healthyProcessingServers });
    },
  );
}
