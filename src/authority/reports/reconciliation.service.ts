// Loads what a reconciliation of a range of days reads and runs the pure core over it.
import type { AuthorityContext } from '../context.js';
import { reconcile, type ReconciliationResult } from './reconciliation.js';
import { authorizedResets, countSightings, resetRecordsById, uncoveredSightings } from './reconciliation.repository.js';
import { dayOfMs } from './report-day.js';
import { chainStatesBefore, loadReports, reportTotalsByPsd, type ReportFilter } from './report.repository.js';

/** A reconciliation: what was read, when, and what was found. */
export interface Reconciliation extends ReconciliationResult {
  readonly filter: ReportFilter;
  /** The authority's clock when it ran, epoch milliseconds. */
  readonly asOfMs: number;
  readonly counts: { readonly reports: number; readonly pieces: number; readonly sightings: number; readonly authorizedResets: number };
}

/**
 * Reconciles the reports, sightings and resets of the range (one PSD when the filter names one). The
 * reads are not one snapshot: the reports are read first, so a report arriving meanwhile can only make
 * a sighting or reset read later look covered, never flag one falsely.
 */
export async function reconcileRange(ctx: AuthorityContext, filter: ReportFilter): Promise<Reconciliation> {
  const asOfMs = ctx.clock().getTime();
  const reports = await loadReports(ctx.db, filter);
  const totals = await reportTotalsByPsd(ctx.db);
  const chainBefore = await chainStatesBefore(ctx.db, filter.from, filter.psdId);
  const resetRecords = await resetRecordsById(ctx.db, reports.flatMap((r) => r.resets.map((x) => x.transactionId)));
  const sightings = await uncoveredSightings(ctx.db, filter);
  const resets = await authorizedResets(ctx.db, filter);
  const result = reconcile({
    todayDay: dayOfMs(asOfMs),
    reports,
    chainBefore,
    uncoveredSightings: sightings,
    authorizedResets: resets,
    resetRecords,
    totals,
  });
  return {
    ...result,
    filter,
    asOfMs,
    counts: {
      reports: reports.length,
      pieces: reports.reduce((n, r) => n + r.pieces.length, 0),
      sightings: await countSightings(ctx.db, filter),
      authorizedResets: resets.length,
    },
  };
}
