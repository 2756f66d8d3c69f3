// The scanning service's routes, registered in their own encapsulated scope so that the raw body
// parsers (PNG, PDF, octet-stream) apply to them alone: every other route of the authority keeps
// refusing those media types with 415.
import type { FastifyInstance } from 'fastify';
import type { RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import { CertificateCache } from './certificate-cache.js';
import { refundRoutes } from './refunds.routes.js';
import { scanRoutes } from './scans.routes.js';

/** Largest PNG or PDF upload by default, in bytes: a phone photo or a scanned page fits. */
export const DEFAULT_SCAN_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;
/** Largest application/octet-stream body, in bytes: a Data Matrix symbol holds at most 1,556. */
export const MAX_RAW_INDICIUM_BYTES = 2048;

/** Options of the scanning routes. */
export interface ScanningRouteOptions {
  /** Largest PNG or PDF upload, in bytes; DEFAULT_SCAN_UPLOAD_LIMIT_BYTES when absent. */
  readonly uploadLimitBytes?: number | undefined;
}

/** POST /v1/scans and GET /v1/scans (scans.routes.ts), POST /v1/refunds (refunds.routes.ts). */
export function scanningRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole, options: ScanningRouteOptions = {}): void {
  const uploadLimitBytes = options.uploadLimitBytes ?? DEFAULT_SCAN_UPLOAD_LIMIT_BYTES;
  // One cache per app: parsed certificates are reused, their status read again at every scan.
  const certificates = new CertificateCache(ctx.keys.publicKeyPem);
  void app.register(async (scope) => {
    const keep = (_request: unknown, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => done(null, body);
    scope.addContentTypeParser(['image/png', 'application/pdf'], { parseAs: 'buffer', bodyLimit: uploadLimitBytes }, keep);
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: MAX_RAW_INDICIUM_BYTES }, keep);
    scanRoutes(scope, ctx, requireRole, certificates);
    refundRoutes(scope, ctx, requireRole);
  });
}
