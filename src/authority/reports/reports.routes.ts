// The transaction reports' routes: the vendor sends a day's report per PSD; the vendor and the operator
// list them (JSON or CSV); the operator reconciles a range of days (JSON or CSV).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RequireRole } from '../auth.js';
import type { AuthorityContext } from '../context.js';
import { UINT32_ID_SCHEMA } from '../routes/schemas.js';
import { CSV_CONTENT_TYPE } from './csv.js';
import { reconcileRange } from './reconciliation.service.js';
import { DAY_PATTERN, dayToString, parseDayRange } from './report-day.js';
import { listReportSummaries, type ReportFilter } from './report.repository.js';
import { receiveReport } from './report.service.js';
import { flagsCsv, reconciliationView, reportsCsv, reportSummaryView } from './reports.views.js';

/** Largest report body by default, in bytes: about two million pieces in their compact JSON form. */
export const DEFAULT_REPORT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/** Options of the report routes. */
export interface ReportRouteOptions {
  /** Largest POST /v1/reports body, in bytes; DEFAULT_REPORT_BODY_LIMIT_BYTES when absent. */
  readonly bodyLimitBytes?: number | undefined;
}

interface RangeQuery {
  from: string;
  to?: string;
  psdId?: number;
}

const MILLS = { type: 'string', pattern: '^[0-9]{1,19}$' } as const;
const MILLS_OR_NULL = { type: ['string', 'null'], pattern: '^[0-9]{1,19}$' } as const;
const COUNT_OR_NULL = { type: ['integer', 'null'], minimum: 1, maximum: 4294967295 } as const;

// The shape of the JSON form; report-json.ts checks every value once more, the triples included.
const REPORT_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'licenseNumber', 'psdId', 'day', 'firstPieceCount', 'lastPieceCount', 'ascendingBeforeMills', 'firstAscendingMills',
    'lastAscendingMills', 'postageTotalMills', 'pieces', 'resets', 'signature'],
  properties: {
    version: { type: 'integer' },
    licenseNumber: UINT32_ID_SCHEMA,
    psdId: UINT32_ID_SCHEMA,
    day: { type: 'string', pattern: DAY_PATTERN.source },
    firstPieceCount: COUNT_OR_NULL,
    lastPieceCount: COUNT_OR_NULL,
    ascendingBeforeMills: MILLS,
    firstAscendingMills: MILLS_OR_NULL,
    lastAscendingMills: MILLS_OR_NULL,
    postageTotalMills: MILLS,
    pieces: { type: 'array', items: { type: 'array', minItems: 3, maxItems: 3 } },
    resets: { type: 'array', items: { type: 'object' } },
    signature: { type: 'string', maxLength: 128 },
  },
} as const;

const RANGE_QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['from'],
  properties: {
    from: { type: 'string', pattern: DAY_PATTERN.source },
    to: { type: 'string', pattern: DAY_PATTERN.source },
    psdId: UINT32_ID_SCHEMA,
  },
} as const;

function filterOf(q: RangeQuery): ReportFilter {
  return { ...parseDayRange(q.from, q.to), psdId: q.psdId };
}

function sendCsv(reply: FastifyReply, name: string, filter: ReportFilter, csv: string): FastifyReply {
  const file = `${name}-${dayToString(filter.from)}-${dayToString(filter.to)}.csv`;
  return reply.type(CSV_CONTENT_TYPE).header('content-disposition', `attachment; filename="${file}"`).send(csv);
}

/** POST /v1/reports, GET /v1/reports, GET /v1/reports.csv, GET /v1/reconciliation, GET /v1/reconciliation.csv. */
export function reportRoutes(app: FastifyInstance, ctx: AuthorityContext, requireRole: RequireRole, options: ReportRouteOptions = {}): void {
  app.post(
    '/v1/reports',
    { onRequest: requireRole('vendor'), bodyLimit: options.bodyLimitBytes ?? DEFAULT_REPORT_BODY_LIMIT_BYTES, schema: { body: REPORT_BODY_SCHEMA } },
    async (request, reply) => {
      const { summary, created } = await receiveReport(ctx, request.body, request.id);
      if (!created) reply.header('idempotent-replayed', 'true');
      return reply.code(created ? 201 : 200).send(reportSummaryView(summary));
    },
  );

  const rangeRoute = { schema: { querystring: RANGE_QUERY_SCHEMA } };
  app.get<{ Querystring: RangeQuery }>('/v1/reports', { ...rangeRoute, onRequest: requireRole('vendor', 'operator') }, async (request) => {
    const filter = filterOf(request.query);
    const reports = await listReportSummaries(ctx.db, filter);
    return { from: dayToString(filter.from), to: dayToString(filter.to), reports: reports.map(reportSummaryView) };
  });

  app.get<{ Querystring: RangeQuery }>('/v1/reports.csv', { ...rangeRoute, onRequest: requireRole('vendor', 'operator') }, async (request, reply) => {
    const filter = filterOf(request.query);
    return sendCsv(reply, 'reports', filter, reportsCsv(await listReportSummaries(ctx.db, filter)));
  });

  app.get<{ Querystring: RangeQuery }>('/v1/reconciliation', { ...rangeRoute, onRequest: requireRole('operator') }, async (request) =>
    reconciliationView(await reconcileRange(ctx, filterOf(request.query))),
  );

  app.get<{ Querystring: RangeQuery }>('/v1/reconciliation.csv', { ...rangeRoute, onRequest: requireRole('operator') }, async (request, reply) => {
    const filter = filterOf(request.query);
    return sendCsv(reply, 'reconciliation', filter, flagsCsv((await reconcileRange(ctx, filter)).flags));
  });
}
