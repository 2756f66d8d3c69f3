// The operator's report routes: build, sign and send one PSD's report of one day now, or only build and
// sign it to see what would be sent. Like every route of the server they need the internal token.
import type { FastifyInstance } from 'fastify';
import { dayOfMs, dayToString, DAY_PATTERN, requireDay } from '../../authority/reports/report-day.js';
import { transactionReportToJson } from '../../authority/reports/report-json.js';
import { reportContentSha256, type TransactionReport } from '../../authority/reports/transaction-report.js';
import { PSD_ID_PARAMS_SCHEMA } from '../routes/schemas.js';
import { buildSignedReport, sendDailyReport, type ReportDeps } from './report-sender.js';

/** Path of the operator's report route. */
export const REPORT_PATH = '/internal/v1/psds/:id/report';

const DAY_QUERY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { day: { type: 'string', pattern: DAY_PATTERN.source } },
} as const;

interface ReportRequest {
  Params: { id: number };
  Querystring: { day?: string };
}

function summaryView(report: TransactionReport): Record<string, unknown> {
  return {
    psdId: report.psdId,
    day: dayToString(report.day),
    firstPieceCount: report.firstPieceCount,
    lastPieceCount: report.lastPieceCount,
    pieces: report.pieces.length,
    postageTotalMills: report.postageTotalMills.toString(),
    resets: report.resets.length,
    contentSha256: reportContentSha256(report),
  };
}

/**
 * POST /internal/v1/psds/:id/report?day=YYYY-MM-DD sends the report (today by default: the pieces so far;
 * the authority keeps the first report of a day, so send a day once it is over unless closing it early is
 * meant). GET answers the signed report in its JSON form without sending it.
 */
export function reportRoutes(app: FastifyInstance, deps: ReportDeps): void {
  const dayOf = (query: { day?: string }): number => (query.day === undefined ? dayOfMs(deps.nowMs()) : requireDay(query.day));
  const schema = { params: PSD_ID_PARAMS_SCHEMA, querystring: DAY_QUERY_SCHEMA };

  app.post<ReportRequest>(REPORT_PATH, { schema }, async (request) => {
    const { report, contentSha256, receipt } = await sendDailyReport(deps, request.params.id, dayOf(request.query));
    // The authority answers the report it holds: the same hash means this one, now or before.
    return { ...summaryView(report), authority: { ...receipt, sameReport: receipt.contentSha256 === contentSha256 } };
  });

  app.get<ReportRequest>(REPORT_PATH, { schema }, async (request) =>
    transactionReportToJson(await buildSignedReport(deps, request.params.id, dayOf(request.query))),
  );
}
