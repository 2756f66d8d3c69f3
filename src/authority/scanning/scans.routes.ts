import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, isAppError } from '../../errors/app-error.js';
import { authenticatedRole, type RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import type { CertificateCache } from './certificate-cache.js';
import { indiciumFromText, symbolsFromUpload, type ScanSymbol, INDICIUM_TEXT_BODY_SCHEMA } from './scan-input.js';
import type { ScannerRole, SourceKind } from './scan-records.js';
import { listScans } from './scan.repository.js';
import { recordUnreadable, scanSymbols, type ScanRequest } from './scan.service.js';
import { scanRecordView, scanResultView } from './scanning.views.js';

interface ScanBody {
  indicium: string;
}

interface ScansQuery {
  limit: number;
  cursor?: string;
}

/** What a station may call itself in X-Scanner-Id. */
export const SCANNER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

const UPLOAD_KINDS: Readonly<Record<string, 'png' | 'pdf' | 'bytes'>> = {
  'image/png': 'png',
  'application/pdf': 'pdf',
  'application/octet-stream': 'bytes',
};

/** POST /v1/scans (scanner or operator) and GET /v1/scans, the scans log (operator). */
export function scanRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole, certificates: CertificateCache): void {
  app.post<{ Body: ScanBody | Buffer }>(
    '/v1/scans',
    {
      onRequest: requireRole('scanner', 'operator'),
      schema: {
        // Only the JSON form has a schema; PNG, PDF and raw bytes arrive as a Buffer, checked as they are read.
        body: {
          content: {
            'application/json': { schema: INDICIUM_TEXT_BODY_SCHEMA },
          },
        },
        headers: { type: 'object', properties: { 'x-scanner-id': { type: 'string', pattern: SCANNER_ID_PATTERN.source } } },
      },
    },
    async (request) => {
      const { kind, symbols } = await readUpload(ctx, request);
      const results = await scanSymbols(ctx, certificates, { ...scanRequest(request), kind }, symbols);
      return { results: results.map(scanResultView) };
    },
  );

  app.get<{ Querystring: ScansQuery }>(
    '/v1/scans',
    {
      onRequest: requireRole('operator'),
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            cursor: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' },
          },
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      // One more than asked tells whether another page follows.
      const rows = await listScans(ctx.db, { limit: limit + 1, ...(cursor === undefined ? {} : { beforeId: Number(cursor) }) });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { scans: page.map(scanRecordView), nextCursor: rows.length > limit && last !== undefined ? String(last.scanId) : null };
    },
  );
}

function scanRequest(request: FastifyRequest): Omit<ScanRequest, 'kind'> {
  const header = request.headers['x-scanner-id'];
  return {
    scannerId: typeof header === 'string' ? header : null,
    // requireRole('scanner', 'operator') let the request through, so the role is one of the two.
    role: authenticatedRole(request) as ScannerRole,
    requestId: request.id,
  };
}

/**
 * The symbols of the request. An upload in which none can be read is still a scan: it is logged as
 * unreadable, and the error answered carries its scanId.
 */
async function readUpload(ctx: AuthorityContext, request: FastifyRequest<{ Body: ScanBody | Buffer }>): Promise<{ kind: SourceKind; symbols: ScanSymbol[] }> {
  const body = request.body;
  if (!Buffer.isBuffer(body)) {
    const { kind, bytes } = indiciumFromText(body.indicium);
    return { kind, symbols: [{ source: 'indicium', bytes }] };
  }
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const kind = UPLOAD_KINDS[mediaType] ?? 'bytes';
  try {
    return { kind, symbols: await symbolsFromUpload(kind, body) };
  } catch (err) {
    if (!isAppError(err)) throw err;
    const scanId = await recordUnreadable(ctx, { ...scanRequest(request), kind }, err);
    throw new AppError(err.code, err.message, { ...err.details, scanId }, { cause: err, complete: true });
  }
}
