// The postal authority's HTTP server, built without listening: tests drive it with app.inject(), and
// main.ts listens. Routes do HTTP and validation, services/ hold the logic, repositories/ the I/O.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerErrorHandler } from '../http/error-handler.js';
import { bearerAuth, type AuthTokens } from './auth.js';
import type { AuthorityContext } from './context.js';
import { depositRoutes } from './routes/deposit.routes.js';
import { directoryRoutes } from './routes/directory.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { inspectionRoutes } from './routes/inspections.routes.js';
import { licenseRoutes } from './routes/license.routes.js';
import { psdLifecycleRoutes } from './routes/psd-lifecycle.routes.js';
import { psdRoutes } from './routes/psds.routes.js';
import { resetRoutes } from './routes/resets.routes.js';
import { reportRoutes } from './reports/reports.routes.js';
import { scanningRoutes } from './scanning/scanning.routes.js';
import { verifyPageRoutes } from './verify-page/verify-page.routes.js';

/** What the app is built from. */
export interface AuthorityAppOptions {
  readonly context: AuthorityContext;
  readonly tokens: AuthTokens;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimitBytes?: number;
  /** Largest PNG or PDF upload to POST /v1/scans, in bytes (JSON bodies keep bodyLimitBytes). */
  readonly scanBodyLimitBytes?: number;
  /** Largest POST /v1/reports body, in bytes (a day's transaction report of a busy PSD is large). */
  readonly reportBodyLimitBytes?: number;
  /** Longest time to receive a whole request, in milliseconds (0: no limit). */
  readonly requestTimeoutMs?: number;
  /** Fastify's logger option: false in tests, pino options in main. */
  readonly logger?: FastifyServerOptions['logger'];
}

/** Builds the authority's Fastify app with every route, the bearer-token checks and the shared error handler. */
export function buildAuthorityApp(options: AuthorityAppOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? 64 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    genReqId: () => randomUUID(),
    // Refuse unknown fields instead of silently dropping them: a misspelt field must not pass unnoticed.
    // Union types: money may come as a decimal string or an integer (routes/schemas.ts).
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true } },
  });
  registerErrorHandler(app);
  const requireRole = bearerAuth(options.tokens);
  const ctx = options.context;
  healthRoutes(app, ctx);
  directoryRoutes(app, ctx);
  licenseRoutes(app, ctx, requireRole);
  psdRoutes(app, ctx, requireRole);
  psdLifecycleRoutes(app, ctx, requireRole);
  depositRoutes(app, ctx, requireRole);
  resetRoutes(app, ctx, requireRole);
  inspectionRoutes(app, ctx, requireRole);
  // Scanning (src/authority/scanning/): scans, the scans log and refunds, with their own body parsers.
  scanningRoutes(app, ctx, requireRole, { uploadLimitBytes: options.scanBodyLimitBytes });
  // Transaction reports and reconciliation (src/authority/reports/).
  reportRoutes(app, ctx, requireRole, { bodyLimitBytes: options.reportBodyLimitBytes });
  // The public verification page (src/authority/verify-page/): GET /verify and POST /v1/verify, no token.
  verifyPageRoutes(app, ctx, { uploadLimitBytes: options.scanBodyLimitBytes });
  return app;
}
