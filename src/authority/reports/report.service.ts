// Receiving a transaction report: parsed strictly, checked to be of this license and of a day the PSD
// can report, its signature verified with the PSD's certified public key, then stored once per PSD and
// day. The same report sent again answers the stored one; a different one for that day is refused.
import { AppError } from '../../errors/app-error.js';
import type { AuthorityContext } from '../context.js';
import { parsePsdPublicKey } from '../psd-public-key.js';
import type { PsdRecord } from '../records.js';
import { findPsd } from '../repositories/psd.repository.js';
import { requireLicense } from '../services/license.service.js';
import { unknownPsd } from '../services/psd.service.js';
import { dayOfMs, dayToString } from './report-day.js';
import { transactionReportFromJson } from './report-json.js';
import { findReportSummary, insertReport, type ReportSummary } from './report.repository.js';
import { reportContentSha256, verifyReportSignature, type TransactionReport } from './transaction-report.js';

/** A stored report, and whether this call stored it. */
export interface ReceivedReport {
  readonly summary: ReportSummary;
  readonly created: boolean;
}

/** Receives the JSON form of a signed report (POST /v1/reports). */
export async function receiveReport(ctx: AuthorityContext, body: unknown, requestId: string): Promise<ReceivedReport> {
  const report = transactionReportFromJson(body);
  const license = await requireLicense(ctx.db);
  if (report.licenseNumber !== license.licenseNumber) {
    throw new AppError('REPORT_INVALID', `The report names license ${report.licenseNumber}; the authority assigned ${license.licenseNumber}`, {
      licenseNumber: report.licenseNumber,
    });
  }
  const psd = await findPsd(ctx.db, report.psdId);
  if (psd === null || psd.licenseNumber !== license.licenseNumber) throw unknownPsd(report.psdId);
  checkDay(psd, report, dayOfMs(ctx.clock().getTime()));
  // A key the authority stored and certified; parsing it again gives the KeyObject to verify with.
  const key = parsePsdPublicKey(psd.publicKeyPem, psd.algorithm).key;
  if (!verifyReportSignature(report, psd.algorithm, key)) {
    throw new AppError('REPORT_SIGNATURE_INVALID', `The report of PSD ${psd.psdId} for ${dayToString(report.day)} is not signed by that PSD's key`, {
      psdId: psd.psdId,
      day: dayToString(report.day),
    });
  }
  const contentSha256 = reportContentSha256(report);
  return ctx.db.transaction(async (tx) => {
    // The PSD's row lock queues two reports of one PSD; the second then finds the first's.
    await findPsd(tx, psd.psdId, { lock: true });
    const existing = await findReportSummary(tx, psd.psdId, report.day);
    if (existing !== null) {
      if (existing.contentSha256 === contentSha256) return { summary: existing, created: false };
      throw new AppError(
        'REPORT_CONFLICT',
        `PSD ${psd.psdId} already reported ${dayToString(report.day)} (SHA-256 ${existing.contentSha256} received ${new Date(existing.receivedAtMs).toISOString()}); this report differs (SHA-256 ${contentSha256})`,
        { psdId: psd.psdId, day: dayToString(report.day), storedSha256: existing.contentSha256, sentSha256: contentSha256 },
      );
    }
    await insertReport(tx, report, { contentSha256, receivedAtMs: ctx.clock().getTime(), requestId });
    const stored = await findReportSummary(tx, psd.psdId, report.day);
    if (stored === null) throw new Error(`The report of PSD ${psd.psdId} for ${dayToString(report.day)} vanished inside its transaction`);
    return { summary: stored, created: true };
  });
}

// A day can be reported from the PSD's registration (UTC) to today at the authority.
function checkDay(psd: PsdRecord, report: TransactionReport, todayDay: number): void {
  const day = dayToString(report.day);
  if (report.day > todayDay) {
    throw new AppError('REPORT_DAY_INVALID', `${day} has not begun at the authority (today is ${dayToString(todayDay)} UTC)`, { day });
  }
  const registered = dayOfMs(psd.registeredAtMs);
  if (report.day < registered) {
    throw new AppError('REPORT_DAY_INVALID', `PSD ${psd.psdId} was registered on ${dayToString(registered)}, after ${day}`, { day });
  }
}
