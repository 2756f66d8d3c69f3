// POST /v1/verify: the public verification behind the page. No token: anyone may ask whether a stamp is
// genuine. It reads the same inputs as POST /v1/scans (scan-input.ts) and applies the same rules
// (public-verify.service.ts), but records nothing. What a public endpoint needs on top is checked in
// onRequest, before any byte of the body is read: a rate limit per client address, the media type,
// and the declared size of an upload.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error.js';
import type { AuthorityContext } from '../context.js';
import type { CertificateCache } from '../scanning/certificate-cache.js';
import { indiciumFromText, symbolsFromUpload, type ScanSymbol, INDICIUM_TEXT_BODY_SCHEMA, MAX_INDICIUM_TEXT_CHARS } from '../scanning/scan-input.js';
import { verifyPublicly } from './public-verify.service.js';
import type { FixedWindowRateLimiter } from './rate-limit.js';
import { formatSize } from './verify-page.html.js';
import { publicVerificationView } from './verify-views.js';

/** The path of the public verification endpoint. */
export const VERIFY_API_PATH = '/v1/verify';

/** What the endpoint is built with. */
export interface PublicVerifyDeps {
  /** Largest PNG or PDF upload, in bytes. */
  readonly uploadLimitBytes: number;
  readonly limiter: FixedWindowRateLimiter;
  readonly certificates: CertificateCache;
}

interface VerifyBody {
  indicium: string;
}

const UPLOAD_KINDS: Readonly<Record<string, 'png' | 'pdf'>> = { 'image/png': 'png', 'application/pdf': 'pdf' };
const TEXT_TYPES = new Set(['application/json', 'text/plain']);

/**
 * POST /v1/verify (public). Register it in a scope whose image/png and application/pdf parsers keep
 * the body as a Buffer (verify-page.routes.ts does).
 */
export function publicVerifyRoutes(app: FastifyInstance, ctx: AuthorityContext, deps: PublicVerifyDeps): void {
  app.post<{ Body: VerifyBody | string | Buffer }>(
    VERIFY_API_PATH,
    {
      onRequest: async (request, reply) => guard(ctx, deps, request, reply),
      schema: {
        // PNG and PDF arrive as a Buffer and are checked as they are read; text has a schema.
        body: {
          content: {
            'application/json': { schema: INDICIUM_TEXT_BODY_SCHEMA },
            'text/plain': { schema: { type: 'string', maxLength: MAX_INDICIUM_TEXT_CHARS } },
          },
        },
      },
    },
    async (request, reply) => {
      const checkedAt = ctx.clock().toISOString();
      const results = await verifyPublicly(ctx, deps.certificates, await symbolsOf(request));
      // The answer depends on the moment (revocations, sightings): no cache may keep it.
      reply.header('cache-control', 'no-store');
      return { checkedAt, results: results.map(publicVerificationView) };
    },
  );
}

function mediaTypeOf(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

async function guard(ctx: AuthorityContext, deps: PublicVerifyDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const decision = deps.limiter.take(request.ip, ctx.clock().getTime());
  if (!decision.allowed) {
    reply.header('retry-after', String(decision.retryAfterSeconds));
    throw new AppError('VERIFY_RATE_LIMITED', `This address has verified too many stamps in the last minute; try again in ${decision.retryAfterSeconds} seconds`, {
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }
  const mediaType = mediaTypeOf(request);
  if (!TEXT_TYPES.has(mediaType) && UPLOAD_KINDS[mediaType] === undefined) {
    const what = mediaType === '' ? 'The request names no Content-Type' : `Uploads of type ${mediaType} are not read`;
    throw new AppError('VERIFY_UPLOAD_UNSUPPORTED', `${what}: send image/png, application/pdf, or the indicium as application/json or text/plain`, {
      contentType: mediaType,
    });
  }
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (UPLOAD_KINDS[mediaType] !== undefined && declared > deps.uploadLimitBytes) {
    throw new AppError('VERIFY_UPLOAD_TOO_LARGE', `The upload is ${formatSize(declared)}; the verification page accepts at most ${formatSize(deps.uploadLimitBytes)}`, {
      bytes: declared,
      maxBytes: deps.uploadLimitBytes,
    });
  }
}

async function symbolsOf(request: FastifyRequest<{ Body: VerifyBody | string | Buffer }>): Promise<ScanSymbol[]> {
  const body = request.body;
  if (Buffer.isBuffer(body)) return symbolsFromUpload(UPLOAD_KINDS[mediaTypeOf(request)] ?? 'png', body);
  const text = typeof body === 'string' ? body : body?.indicium;
  if (typeof text !== 'string') throw new AppError('INVALID_ARGUMENT', 'The request carries no indicium: send a PNG, a PDF or {"indicium": "<hex>"}');
  return [{ source: 'indicium', bytes: indiciumFromText(text).bytes }];
}
