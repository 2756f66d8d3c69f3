// Reconciliation of a range of days: the vendor's signed transaction reports against each other and
// against what the authority saw itself — the pieces its scanners sighted and the resets it authorized.
// Pure: the repository (reconciliation.repository.ts) loads the input, "today" is an argument.
//
// A report is due once its day is over. Until then what no report covers yet is counted as pending,
// not flagged: a piece sighted today beyond every piece its PSD has reported, a reset authorized today
// or yesterday (the vendor may apply a reset asked for just before midnight on the next day) that no
// report of a later day has left out.
import type { ResetRecord } from '../records.js';
import { dayOfMs, dayToString } from './report-day.js';
import { checkReport, FLAG_KINDS, FRESH_CHAIN, type ChainState, type ReconciliationFlag } from './report-checks.js';
import type { TransactionReportFields } from './transaction-report.js';

/** A piece that passed rules 1 to 5 at a scan and is listed in no stored report. */
export interface UncoveredSighting {
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly pieceCount: number;
  readonly firstSeenAtMs: number;
}

/** A reset the authority authorized in the range, and whether any stored report of its PSD lists it. */
export interface AuthorizedReset {
  readonly record: ResetRecord;
  readonly reported: boolean;
}

/** What the stored reports of one PSD say as a whole. */
export interface PsdReportTotals {
  readonly latestDay: number;
  /** The highest piece count any report claims; 0 when none claims a piece. */
  readonly maxPieceCount: number;
}

/** Everything a reconciliation reads. */
export interface ReconciliationInput {
  /** The authority's current UTC day (days since 1970-01-01). */
  readonly todayDay: number;
  /** The reports of the range, with their pieces and resets, in any order. */
  readonly reports: readonly TransactionReportFields[];
  /** For each PSD, the state its reports before the range leave; absent: it reported nothing before. */
  readonly chainBefore: ReadonlyMap<number, ChainState>;
  readonly uncoveredSightings: readonly UncoveredSighting[];
  readonly authorizedResets: readonly AuthorizedReset[];
  /** The authority's records of every reset the range's reports list, by transaction id. */
  readonly resetRecords: ReadonlyMap<string, ResetRecord>;
  /** Over every stored report, by PSD. */
  readonly totals: ReadonlyMap<number, PsdReportTotals>;
}

/** The flags, and what is not yet due. */
export interface ReconciliationResult {
  readonly flags: readonly ReconciliationFlag[];
  readonly pending: { readonly scans: number; readonly resets: number };
}

/** Reconciles the input; flags come sorted by PSD, day, piece count and kind. */
export function reconcile(input: ReconciliationInput): ReconciliationResult {
  const flags: ReconciliationFlag[] = [];
  const byPsd = new Map<number, TransactionReportFields[]>();
  for (const r of input.reports) byPsd.set(r.psdId, [...(byPsd.get(r.psdId) ?? []), r]);
  for (const [psdId, reports] of byPsd) {
    let state = input.chainBefore.get(psdId) ?? FRESH_CHAIN;
    for (const r of [...reports].sort((a, b) => a.day - b.day)) {
      const checked = checkReport(r, state, input.resetRecords);
      flags.push(...checked.flags);
      state = checked.after;
    }
  }
  const scans = sightingFlags(input, flags);
  const resets = resetFlags(input, flags);
  return { flags: flags.sort(compareFlags), pending: { scans, resets } };
}

/** Flags sighted pieces no report covers once they are due; returns how many are still pending. */
function sightingFlags(input: ReconciliationInput, flags: ReconciliationFlag[]): number {
  let pending = 0;
  for (const s of input.uncoveredSightings) {
    const seenDay = dayOfMs(s.firstSeenAtMs);
    const reportedBeyond = s.pieceCount <= (input.totals.get(s.psdId)?.maxPieceCount ?? 0);
    if (seenDay >= input.todayDay && !reportedBeyond) {
      pending += 1;
      continue;
    }
    flags.push({
      kind: 'uncovered-scan',
      psdId: s.psdId,
      day: dayToString(seenDay),
      pieceCount: s.pieceCount,
      transactionId: null,
      expected: null,
      found: null,
      detail: `License ${s.licenseNumber} PSD ${s.psdId} piece ${s.pieceCount} was scanned at ${new Date(s.firstSeenAtMs).toISOString()}, but no report lists it`,
    });
  }
  return pending;
}

/** Flags authorized resets no report lists once they are due; returns how many are still pending. */
function resetFlags(input: ReconciliationInput, flags: ReconciliationFlag[]): number {
  let pending = 0;
  for (const { record, reported } of input.authorizedResets) {
    if (reported) continue;
    const day = dayOfMs(record.authorizedAtMs);
    const laterReport = (input.totals.get(record.psdId)?.latestDay ?? -1) > day;
    if (day + 1 >= input.todayDay && !laterReport) {
      pending += 1;
      continue;
    }
    const amount = record.newControlTotalMills - record.oldControlTotalMills;
    flags.push({
      kind: 'reset-unreported',
      psdId: record.psdId,
      day: dayToString(day),
      pieceCount: null,
      transactionId: record.transactionId,
      expected: `amount ${amount}, control total ${record.oldControlTotalMills} -> ${record.newControlTotalMills}`,
      found: null,
      detail: `Reset ${record.transactionId} of ${amount} mills, authorized at ${new Date(record.authorizedAtMs).toISOString()}, is in no report`,
    });
  }
  return pending;
}

function compareFlags(a: ReconciliationFlag, b: ReconciliationFlag): number {
  return (
    a.psdId - b.psdId ||
    (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) ||
    (a.pieceCount ?? 0) - (b.pieceCount ?? 0) ||
    FLAG_KINDS.indexOf(a.kind) - FLAG_KINDS.indexOf(b.kind)
  );
}
