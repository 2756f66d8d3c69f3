import { describe, expect, it } from 'vitest';
import type { ResetRecord } from '../records.js';
import { reconcile, type ReconciliationInput } from './reconciliation.js';
import { parseDay, MS_PER_DAY } from './report-day.js';
import { consistentDay } from './report-test-support.js';
import type { TransactionReportFields } from './transaction-report.js';

const D1 = parseDay('2026-03-01')!;
const D2 = D1 + 1;
const LICENSE = 40001234;
const AT = D1 * MS_PER_DAY + 8 * 3_600_000;

function resetRecord(over: Partial<ResetRecord> = {}): ResetRecord {
  return {
    transactionId: 'tx-1',
    requestHash: 'h',
    licenseNumber: LICENSE,
    psdId: 3,
    oldControlTotalMills: 0n,
    newControlTotalMills: 1_000_000n,
    signatureBase64: '',
    depositEntryId: 1,
    authorizedAtMs: AT,
    ...over,
  };
}

const RESET = { transactionId: 'tx-1', amountMills: 1_000_000n, oldControlTotalMills: 0n, newControlTotalMills: 1_000_000n, appliedAtMs: AT + 5 };
const dayOne = (): TransactionReportFields => consistentDay({ licenseNumber: LICENSE, psdId: 3, day: D1, postages: [740n, 740n, 1_000n, 740n], resets: [RESET] });
const dayTwo = (): TransactionReportFields =>
  consistentDay({ licenseNumber: LICENSE, psdId: 3, day: D2, piecesBefore: 4, ascendingBeforeMills: 3_220n, postages: [500n, 500n] });

function input(over: Partial<ReconciliationInput> = {}): ReconciliationInput {
  const reports = over.reports ?? [dayOne(), dayTwo()];
  return {
    todayDay: D2 + 1,
    reports,
    chainBefore: new Map(),
    uncoveredSightings: [],
    authorizedResets: [{ record: resetRecord(), reported: true }],
    resetRecords: new Map([['tx-1', resetRecord()]]),
    totals: new Map([[3, { latestDay: Math.max(...reports.map((r) => r.day)), maxPieceCount: Math.max(0, ...reports.map((r) => r.lastPieceCount ?? 0)) }]]),
    ...over,
  };
}

const kinds = (i: ReconciliationInput) => reconcile(i).flags.map((f) => [f.kind, f.day, f.pieceCount]);

describe('reconciliation', () => {
  it('finds nothing in consistent days whose resets the authority authorized', () => {
    expect(reconcile(input())).toEqual({ flags: [], pending: { scans: 0, resets: 0 } });
  });

  it('flags a piece missing from the middle, the start or the end of a report as a gap', () => {
    const middle = { ...dayOne(), pieces: dayOne().pieces.filter((p) => p.pieceCount !== 2) };
    expect(reconcile(input({ reports: [middle, dayTwo()] })).flags).toEqual([
      { kind: 'piece-gap', psdId: 3, day: '2026-03-01', pieceCount: 2, transactionId: null, expected: '2', found: '3', detail: 'Piece 2 is missing from the report' },
    ]);
    const start = { ...dayOne(), pieces: dayOne().pieces.slice(1) };
    expect(kinds(input({ reports: [start, dayTwo()] }))).toEqual([['piece-gap', '2026-03-01', 1]]);
    const end = { ...dayOne(), pieces: dayOne().pieces.slice(0, 2) };
    expect(reconcile(input({ reports: [end, dayTwo()] })).flags.map((f) => [f.kind, f.pieceCount, f.detail])).toEqual([
      ['piece-gap', 3, 'Pieces 3 to 4 are missing from the report'],
    ]);
  });

  it('flags registers that do not chain within a report: AR of piece n − its postage ≠ AR of piece n − 1', () => {
    const pieces = dayOne().pieces.map((p) => (p.pieceCount === 3 ? { ...p, postageMills: p.postageMills + 10n } : p));
    expect(reconcile(input({ reports: [{ ...dayOne(), pieces }, dayTwo()] })).flags).toEqual([
      {
        kind: 'register-chain', psdId: 3, day: '2026-03-01', pieceCount: 3, transactionId: null, expected: '1480', found: '1470',
        detail: 'Piece 3: AR 2480 − postage 1010 = 1470 mills, but the AR before it is 1480',
      },
    ]);
  });

  it('flags days that do not chain: the AR and piece count a day starts at against the day before', () => {
    const jumped = consistentDay({ licenseNumber: LICENSE, psdId: 3, day: D2, piecesBefore: 6, ascendingBeforeMills: 3_220n, postages: [500n] });
    expect(kinds(input({ reports: [dayOne(), jumped] }))).toEqual([['piece-gap', '2026-03-02', 5]]);
    const shifted = consistentDay({ licenseNumber: LICENSE, psdId: 3, day: D2, piecesBefore: 4, ascendingBeforeMills: 3_000n, postages: [500n] });
    expect(kinds(input({ reports: [dayOne(), shifted] }))).toEqual([['register-chain', '2026-03-02', null]]);
    const overlapping = consistentDay({ licenseNumber: LICENSE, psdId: 3, day: D2, piecesBefore: 3, ascendingBeforeMills: 3_220n, postages: [500n] });
    expect(kinds(input({ reports: [dayOne(), overlapping] }))).toEqual([['report-inconsistent', '2026-03-02', 4]]);
    // The state the reports before the range left is the starting point.
    expect(kinds(input({ reports: [dayTwo()], chainBefore: new Map([[3, { closingAscendingMills: 3_220n, lastPieceCount: 4 }]]) }))).toEqual([]);
    expect(kinds(input({ reports: [dayTwo()] }))).toEqual([
      ['register-chain', '2026-03-02', null],
      ['piece-gap', '2026-03-02', 1],
    ]);
  });

  it('flags a header that disagrees with the rows', () => {
    expect(kinds(input({ reports: [{ ...dayOne(), postageTotalMills: 1n }, dayTwo()] }))).toEqual([['report-inconsistent', '2026-03-01', null]]);
    expect(kinds(input({ reports: [{ ...dayOne(), firstAscendingMills: 1n }, dayTwo()] }))).toEqual([['report-inconsistent', '2026-03-01', 1]]);
    const repeated = { ...dayOne(), pieces: [...dayOne().pieces.slice(0, 2), dayOne().pieces[1]!, ...dayOne().pieces.slice(2)] };
    expect(kinds(input({ reports: [repeated, dayTwo()] }))).toEqual([['report-inconsistent', '2026-03-01', 2]]);
  });

  it('flags a reported reset that differs from the authority record or that it never authorized', () => {
    const wrongAmount = { ...dayOne(), resets: [{ ...RESET, amountMills: 2_000_000n, newControlTotalMills: 2_000_000n }] };
    const flags = reconcile(input({ reports: [wrongAmount, dayTwo()] })).flags;
    expect(flags.map((f) => [f.kind, f.transactionId, f.expected, f.found])).toEqual([
      ['reset-mismatch', 'tx-1', 'amount 1000000, control total 0 -> 1000000', 'amount 2000000, control total 0 -> 2000000'],
    ]);
    const unknown = { ...dayOne(), resets: [RESET, { ...RESET, transactionId: 'tx-forged' }] };
    expect(kinds(input({ reports: [unknown, dayTwo()] }))).toEqual([['reset-mismatch', '2026-03-01', null]]);
    const otherPsd = new Map([['tx-1', resetRecord({ psdId: 4 })]]);
    expect(kinds(input({ resetRecords: otherPsd }))).toEqual([['reset-mismatch', '2026-03-01', null]]);
  });

  it('flags an authorized reset no report lists once it is due, and counts it pending before', () => {
    const unreported = [{ record: resetRecord({ transactionId: 'tx-2', authorizedAtMs: AT + MS_PER_DAY }), reported: false }];
    // Authorized on day 2 with no later report: pending on day 2 and day 3 (it may be applied the next day).
    expect(reconcile(input({ todayDay: D2 + 1, authorizedResets: unreported }))).toEqual({ flags: [], pending: { scans: 0, resets: 1 } });
    expect(kinds(input({ todayDay: D2 + 2, authorizedResets: unreported }))).toEqual([['reset-unreported', '2026-03-02', null]]);
    // A report of a later day that leaves it out makes it due at once.
    const early = [{ record: resetRecord({ transactionId: 'tx-2' }), reported: false }];
    expect(reconcile(input({ todayDay: D2, authorizedResets: early })).flags.map((f) => [f.kind, f.transactionId])).toEqual([['reset-unreported', 'tx-2']]);
  });

  it('flags a sighted piece no report covers once due, and counts it pending while its PSD has not reported that far', () => {
    const seen = (pieceCount: number, dayNumber: number) => ({ licenseNumber: LICENSE, psdId: 3, pieceCount, firstSeenAtMs: dayNumber * MS_PER_DAY + 1000 });
    // Piece 7 seen today, beyond the 6 reported: not due yet.
    expect(reconcile(input({ todayDay: D2, uncoveredSightings: [seen(7, D2)] })).pending).toEqual({ scans: 1, resets: 0 });
    expect(kinds(input({ todayDay: D2 + 1, uncoveredSightings: [seen(7, D2)] }))).toEqual([['uncovered-scan', '2026-03-02', 7]]);
    // Piece 5 seen today, within the range reported: due at once.
    const flags = reconcile(input({ todayDay: D2, uncoveredSightings: [seen(5, D2)] })).flags;
    expect(flags.map((f) => [f.kind, f.pieceCount, f.detail])).toEqual([
      ['uncovered-scan', 5, `License ${LICENSE} PSD 3 piece 5 was scanned at 2026-03-02T00:00:01.000Z, but no report lists it`],
    ]);
  });

  it('lists flags by PSD, day and piece count', () => {
    const other = consistentDay({ licenseNumber: LICENSE, psdId: 2, day: D2, postages: [740n, 740n, 740n] });
    const gapped = { ...other, pieces: other.pieces.filter((p) => p.pieceCount !== 2) };
    const broken = { ...dayOne(), pieces: dayOne().pieces.filter((p) => p.pieceCount !== 3) };
    const flags = reconcile(input({ reports: [dayTwo(), broken, gapped], totals: new Map() })).flags;
    expect(flags.map((f) => [f.psdId, f.day, f.kind, f.pieceCount])).toEqual([
      [2, '2026-03-02', 'piece-gap', 2],
      [3, '2026-03-01', 'piece-gap', 3],
    ]);
  });
});
