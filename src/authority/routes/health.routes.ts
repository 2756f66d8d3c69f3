import type { FastifyInstance } from 'fastify';
import type { AuthorityContext } from '../context.js';

/** GET /healthz: 200 when the database answers; otherwise the error handler answers 503 (DATABASE_UNAVAILABLE). */
export function healthRoutes(app: FastifyInstance, ctx: AuthorityContext): void {
  app.get('/healthz', async () => {
    await ctx.db.query('SELECT 1 AS ok');
    return { status: 'ok' };
  });
}
