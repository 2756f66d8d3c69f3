// The authority's transaction report calls, as a processing server makes them with the vendor's token:
// sending a signed report and asking which days of a PSD the authority already holds.
import { AppError } from '../../errors/app-error.js';
import { dayToString, parseDay } from '../../authority/reports/report-day.js';
import type { TransactionReportJson } from '../../authority/reports/report-json.js';
import { callAuthority, type AuthorityHttpOptions } from '../authority-http.js';

/** What the authority answered for a report it holds. */
export interface ReportReceipt {
  readonly psdId: number;
  /** YYYY-MM-DD. */
  readonly day: string;
  /** SHA-256 of the canonical bytes the authority stored. */
  readonly contentSha256: string;
  readonly receivedAt: string;
}

/** The report calls a sender needs (the HTTP client below, or anything with these shapes in tests). */
export interface ReportTransport {
  /** POST /v1/reports: stores the report (the same report again answers the stored one). */
  sendReport(report: TransactionReportJson): Promise<ReportReceipt>;
  /** GET /v1/reports: the days from `from` to `to` (inclusive, at most 366) of one PSD the authority holds. */
  reportedDays(psdId: number, from: number, to: number): Promise<ReadonlyMap<number, ReportReceipt>>;
}

/** The report calls over HTTP. */
export class ReportClient implements ReportTransport {
  constructor(private readonly http: AuthorityHttpOptions) {}

  /** POST /v1/reports. */
  async sendReport(report: TransactionReportJson): Promise<ReportReceipt> {
    return receiptOf(await callAuthority(this.http, { method: 'POST', path: '/v1/reports', body: report }), 'POST /v1/reports');
  }

  /** GET /v1/reports?psdId=&from=&to=. */
  async reportedDays(psdId: number, from: number, to: number): Promise<ReadonlyMap<number, ReportReceipt>> {
    const where = 'GET /v1/reports';
    const query = new URLSearchParams({ from: dayToString(from), to: dayToString(to), psdId: String(psdId) });
    const body = (await callAuthority(this.http, { method: 'GET', path: `/v1/reports?${query.toString()}` })) as { reports?: unknown };
    if (!Array.isArray(body?.reports)) throw invalidAnswer(where, 'reports');
    const days = new Map<number, ReportReceipt>();
    for (const entry of body.reports) {
      const receipt = receiptOf(entry, where);
      const day = parseDay(receipt.day);
      if (day === null) throw invalidAnswer(where, 'day');
      days.set(day, receipt);
    }
    return days;
  }
}

function receiptOf(value: unknown, where: string): ReportReceipt {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof o.psdId !== 'number') throw invalidAnswer(where, 'psdId');
  if (typeof o.day !== 'string') throw invalidAnswer(where, 'day');
  if (typeof o.contentSha256 !== 'string') throw invalidAnswer(where, 'contentSha256');
  if (typeof o.receivedAt !== 'string') throw invalidAnswer(where, 'receivedAt');
  return { psdId: o.psdId, day: o.day, contentSha256: o.contentSha256, receivedAt: o.receivedAt };
}

function invalidAnswer(where: string, field: string): AppError {
  return new AppError('AUTHORITY_ANSWER_INVALID', `${where} answered without a valid ${field}`, { field });
}
