// Building, signing and sending one PSD's report of one day. The report is signed by the PSD's own key
// inside the crypto module (the authority verifies it with the PSD's certified public key); the signed
// message is reportSignedMessage's fixed 59 bytes, whatever the day's size.
import type { CryptoModule } from '../../crypto/crypto-module.js';
import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import type { PsdLedger } from '../../ledger/psd-ledger.js';
import type { PsdRecord } from '../../ledger/psd-store.js';
import { dayOfMs, dayToString } from '../../authority/reports/report-day.js';
import { transactionReportToJson } from '../../authority/reports/report-json.js';
import { reportContentSha256, reportSignedMessage, type TransactionReport } from '../../authority/reports/transaction-report.js';
import { readDailyReport } from './daily-report.js';
import type { ReportReceipt, ReportTransport } from './report-client.js';

/** What building and sending reports works with. */
export interface ReportDeps {
  /** The ledger's database. */
  readonly db: Queryable;
  readonly ledger: Pick<PsdLedger, 'getPsd' | 'listPsds'>;
  readonly crypto: Pick<CryptoModule, 'sign'>;
  readonly authority: ReportTransport;
  /** The clock, milliseconds since 1970-01-01 UTC. */
  readonly nowMs: () => number;
}

/** A report sent, and what the authority holds for its day. */
export interface SentReport {
  readonly report: TransactionReport;
  readonly contentSha256: string;
  readonly receipt: ReportReceipt;
}

/** The days `psd` can report up to `lastDay`: from its provisioning, and not past its withdrawal. */
export function reportableDays(psd: Pick<PsdRecord, 'provisionedAtMs' | 'withdrawnAtMs'>, firstDay: number, lastDay: number): number[] {
  const from = Math.max(firstDay, dayOfMs(psd.provisionedAtMs));
  const to = psd.withdrawnAtMs === null ? lastDay : Math.min(lastDay, dayOfMs(psd.withdrawnAtMs));
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/**
 * Builds and signs the report of one PSD and day: REPORT_DAY_INVALID for a day before the PSD was
 * provisioned or after today; PSD_NOT_FOUND for a PSD this server does not hold.
 */
export async function buildSignedReport(deps: ReportDeps, psdId: number, day: number): Promise<TransactionReport> {
  const psd = await deps.ledger.getPsd(psdId);
  const today = dayOfMs(deps.nowMs());
  if (reportableDays(psd, day, today)[0] !== day) {
    throw new AppError('REPORT_DAY_INVALID', `PSD ${psdId} cannot report ${dayToString(day)}: it was provisioned on ${dayToString(dayOfMs(psd.provisionedAtMs))}${
      psd.withdrawnAtMs === null ? '' : ` and withdrawn on ${dayToString(dayOfMs(psd.withdrawnAtMs))}`
    }, and today is ${dayToString(today)} (UTC)`, { psdId, day: dayToString(day) });
  }
  const fields = await readDailyReport(deps.db, psd, day);
  const signature = await deps.crypto.sign(psd.keyId, reportSignedMessage(fields));
  return { ...fields, signature };
}

/** Builds, signs and sends the report of one PSD and day. */
export async function sendDailyReport(deps: ReportDeps, psdId: number, day: number): Promise<SentReport> {
  const report = await buildSignedReport(deps, psdId, day);
  const receipt = await deps.authority.sendReport(transactionReportToJson(report));
  return { report, contentSha256: reportContentSha256(report), receipt };
}
