// The postal authority's public verification page: GET /verify (the page), GET /verify/assets/:name
// (its stylesheet and script) and POST /v1/verify (the check it calls), in one encapsulated scope so
// that the PNG and PDF body parsers apply to POST /v1/verify alone.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import type { AuthorityContext } from '../context.js';
import { CertificateCache } from '../scanning/certificate-cache.js';
import { DEFAULT_SCAN_UPLOAD_LIMIT_BYTES } from '../scanning/scanning.routes.js';
import { FixedWindowRateLimiter, type RateLimitPolicy } from './rate-limit.js';
import { loadPageAssets } from './verify-page-assets.js';
import { renderVerifyPage } from './verify-page.html.js';
import { publicVerifyRoutes } from './verify.routes.js';

/** The path of the page. */
export const VERIFY_PAGE_PATH = '/verify';
const ASSETS_PATH = `${VERIFY_PAGE_PATH}/assets`;

/** Options of the verification page. */
export interface VerifyPageRouteOptions {
  /** Largest PNG or PDF upload, in bytes; DEFAULT_SCAN_UPLOAD_LIMIT_BYTES (10 MiB) when absent. */
  readonly uploadLimitBytes?: number | undefined;
  /** Verifications per client address; DEFAULT_VERIFY_RATE_LIMIT (30 a minute) when absent. */
  readonly rateLimit?: RateLimitPolicy | undefined;
}

// Everything comes from this server: scripts, styles and requests to 'self' only, no framing. Images
// from blob: are the photos the script turns into PNG before sending them.
const PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

/** Registers the page, its assets and POST /v1/verify on `app`. */
export function verifyPageRoutes(app: FastifyInstance, ctx: AuthorityContext, options: VerifyPageRouteOptions = {}): void {
  const uploadLimitBytes = options.uploadLimitBytes ?? DEFAULT_SCAN_UPLOAD_LIMIT_BYTES;
  const page = renderVerifyPage({ authorityName: ctx.policy.authorityName, uploadLimitBytes, assetsPath: ASSETS_PATH });
  const assets = loadPageAssets();
  // Its own certificate cache: the scanning routes keep theirs in their own scope.
  const deps = { uploadLimitBytes, limiter: new FixedWindowRateLimiter(options.rateLimit), certificates: new CertificateCache(ctx.keys.publicKeyPem) };
  const withHeaders = (reply: FastifyReply): FastifyReply => reply.headers(PAGE_HEADERS);

  void app.register(async (scope) => {
    const keep = (_request: unknown, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => done(null, body);
    scope.addContentTypeParser(['image/png', 'application/pdf'], { parseAs: 'buffer', bodyLimit: uploadLimitBytes }, keep);

    scope.get(VERIFY_PAGE_PATH, async (_request, reply) => withHeaders(reply).type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page));

    scope.get<{ Params: { name: string } }>(`${ASSETS_PATH}/:name`, async (request, reply) => {
      const asset = assets.get(request.params.name);
      if (asset === undefined) {
        throw new AppError('ROUTE_NOT_FOUND', `No file ${request.params.name} belongs to the verification page`, { path: request.url });
      }
      // Short caching: a new release's script reaches browsers within five minutes.
      return withHeaders(reply).type(asset.contentType).header('cache-control', 'public, max-age=300').send(asset.body);
    });

    publicVerifyRoutes(scope, ctx, deps);
  });
}
