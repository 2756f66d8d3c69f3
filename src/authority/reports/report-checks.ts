// The checks reconciliation makes of one transaction report: its header against its rows, its pieces
// against each other (no gap in the piece counts; the ascending registers chain: AR of piece n minus
// its postage is the AR of piece n − 1), the day against the reports before it, and its resets against
// the authority's own reset records. Pure.
import type { ResetRecord } from '../records.js';
import { dayToString } from './report-day.js';
import type { ReportPiece, TransactionReportFields } from './transaction-report.js';

/** What a flag says is wrong. */
export type FlagKind = 'uncovered-scan' | 'piece-gap' | 'register-chain' | 'report-inconsistent' | 'reset-mismatch' | 'reset-unreported';

/** Every kind, in the order flags of one PSD and day are listed. */
export const FLAG_KINDS: readonly FlagKind[] = ['piece-gap', 'register-chain', 'report-inconsistent', 'reset-mismatch', 'reset-unreported', 'uncovered-scan'];

/** One thing reconciliation found wrong. Money in `expected` and `found` is in mills. */
export interface ReconciliationFlag {
  readonly kind: FlagKind;
  readonly psdId: number;
  /** YYYY-MM-DD: the report's day, or the day of the sighting or reset. */
  readonly day: string;
  readonly pieceCount: number | null;
  readonly transactionId: string | null;
  readonly expected: string | null;
  readonly found: string | null;
  readonly detail: string;
}

/** Where a PSD's reports up to some day leave it: the closing AR and the last piece count reported. */
export interface ChainState {
  readonly closingAscendingMills: bigint;
  /** 0 when no report claims a piece. */
  readonly lastPieceCount: number;
}

/** The state of a PSD before its first report: nothing dispensed. */
export const FRESH_CHAIN: ChainState = { closingAscendingMills: 0n, lastPieceCount: 0 };

type Extra = Partial<Pick<ReconciliationFlag, 'pieceCount' | 'transactionId' | 'expected' | 'found'>>;
type Flagger = (kind: FlagKind, detail: string, extra?: Extra) => void;

/** Flags of one report read after `before`, and the state it leaves. */
export function checkReport(
  r: TransactionReportFields,
  before: ChainState,
  resetRecords: ReadonlyMap<string, ResetRecord>,
): { flags: ReconciliationFlag[]; after: ChainState } {
  const flags: ReconciliationFlag[] = [];
  const day = dayToString(r.day);
  const flag: Flagger = (kind, detail, extra = {}) =>
    flags.push({ kind, psdId: r.psdId, day, pieceCount: null, transactionId: null, expected: null, found: null, ...extra, detail });
  checkHeader(r, flag);
  checkAgainstEarlierDays(r, before, flag);
  checkPieces(r, flag);
  checkResets(r, resetRecords, flag);
  const after: ChainState = {
    closingAscendingMills: r.lastAscendingMills ?? r.ascendingBeforeMills,
    lastPieceCount: Math.max(before.lastPieceCount, r.lastPieceCount ?? 0),
  };
  return { flags, after };
}

function checkHeader(r: TransactionReportFields, flag: Flagger): void {
  const closing = r.lastAscendingMills ?? r.ascendingBeforeMills;
  if (r.postageTotalMills !== closing - r.ascendingBeforeMills) {
    flag('report-inconsistent', `The postage total is ${r.postageTotalMills} mills, but the AR moves from ${r.ascendingBeforeMills} to ${closing} mills`, {
      expected: (closing - r.ascendingBeforeMills).toString(),
      found: r.postageTotalMills.toString(),
    });
  }
}

function checkAgainstEarlierDays(r: TransactionReportFields, before: ChainState, flag: Flagger): void {
  if (r.ascendingBeforeMills !== before.closingAscendingMills) {
    flag('register-chain', `The day starts at AR ${r.ascendingBeforeMills} mills, but the reports before it end at ${before.closingAscendingMills}`, {
      expected: before.closingAscendingMills.toString(),
      found: r.ascendingBeforeMills.toString(),
    });
  }
  if (r.firstPieceCount === null) return;
  const expected = before.lastPieceCount + 1;
  if (r.firstPieceCount > expected) {
    flag('piece-gap', `${pieces(expected, r.firstPieceCount - 1)} in no report: the reports before this day end at piece ${before.lastPieceCount}`, {
      pieceCount: expected,
      expected: String(expected),
      found: String(r.firstPieceCount),
    });
  } else if (r.firstPieceCount < expected) {
    flag('report-inconsistent', `${pieces(r.firstPieceCount, expected - 1)} already reported on an earlier day`, {
      pieceCount: r.firstPieceCount,
      expected: String(expected),
      found: String(r.firstPieceCount),
    });
  }
}

function checkPieces(r: TransactionReportFields, flag: Flagger): void {
  const { firstPieceCount: first, lastPieceCount: last } = r;
  if (first === null || last === null) {
    if (r.pieces.length > 0) flag('report-inconsistent', `${r.pieces.length} pieces are listed, but the report states no range of piece counts`);
    return;
  }
  if (first > last) {
    flag('report-inconsistent', `The first piece count ${first} is after the last ${last}`, { expected: `<= ${last}`, found: String(first) });
    return;
  }
  let prev: ReportPiece | null = null;
  for (const p of r.pieces) {
    if (prev !== null && p.pieceCount <= prev.pieceCount) {
      flag('report-inconsistent', `Piece ${p.pieceCount} is listed after piece ${prev.pieceCount}`, { pieceCount: p.pieceCount });
      continue;
    }
    if (p.pieceCount < first || p.pieceCount > last) {
      flag('report-inconsistent', `Piece ${p.pieceCount} lies outside the reported range ${first} to ${last}`, { pieceCount: p.pieceCount });
      continue;
    }
    const expected = prev === null ? first : prev.pieceCount + 1;
    if (p.pieceCount > expected) {
      flag('piece-gap', `${pieces(expected, p.pieceCount - 1)} missing from the report`, { pieceCount: expected, expected: String(expected), found: String(p.pieceCount) });
    } else {
      checkLink(p, prev === null ? r.ascendingBeforeMills : prev.ascendingMills, flag);
    }
    prev = p;
  }
  const lastListed = prev?.pieceCount ?? first - 1;
  if (lastListed < last) {
    flag('piece-gap', `${pieces(lastListed + 1, last)} missing from the report`, { pieceCount: lastListed + 1, expected: String(lastListed + 1), found: String(last + 1) });
  }
  const firstRow = r.pieces[0];
  if (firstRow?.pieceCount === first && firstRow.ascendingMills !== r.firstAscendingMills) {
    flag('report-inconsistent', `The first AR is stated as ${r.firstAscendingMills} mills, piece ${first} carries ${firstRow.ascendingMills}`, {
      pieceCount: first, expected: firstRow.ascendingMills.toString(), found: String(r.firstAscendingMills),
    });
  }
  if (prev?.pieceCount === last && prev.ascendingMills !== r.lastAscendingMills) {
    flag('report-inconsistent', `The last AR is stated as ${r.lastAscendingMills} mills, piece ${last} carries ${prev.ascendingMills}`, {
      pieceCount: last, expected: prev.ascendingMills.toString(), found: String(r.lastAscendingMills),
    });
  }
}

// AR(n) − postage(n) must be AR(n − 1): the AR before the piece.
function checkLink(p: ReportPiece, arBefore: bigint, flag: Flagger): void {
  const implied = p.ascendingMills - p.postageMills;
  if (implied === arBefore) return;
  flag('register-chain', `Piece ${p.pieceCount}: AR ${p.ascendingMills} − postage ${p.postageMills} = ${implied} mills, but the AR before it is ${arBefore}`, {
    pieceCount: p.pieceCount,
    expected: arBefore.toString(),
    found: implied.toString(),
  });
}

function checkResets(r: TransactionReportFields, records: ReadonlyMap<string, ResetRecord>, flag: Flagger): void {
  for (const x of r.resets) {
    const found = `amount ${x.amountMills}, control total ${x.oldControlTotalMills} -> ${x.newControlTotalMills}`;
    const record = records.get(x.transactionId);
    if (record === undefined || record.psdId !== r.psdId) {
      flag('reset-mismatch', `Reset ${x.transactionId} was never authorized for PSD ${r.psdId}`, { transactionId: x.transactionId, found });
      continue;
    }
    const amount = record.newControlTotalMills - record.oldControlTotalMills;
    const expected = `amount ${amount}, control total ${record.oldControlTotalMills} -> ${record.newControlTotalMills}`;
    const same = x.amountMills === amount && x.oldControlTotalMills === record.oldControlTotalMills && x.newControlTotalMills === record.newControlTotalMills;
    if (!same) flag('reset-mismatch', `Reset ${x.transactionId} is reported as ${found} mills; the authority authorized ${expected}`, { transactionId: x.transactionId, expected, found });
  }
}

function pieces(from: number, to: number): string {
  return from === to ? `Piece ${from} is` : `Pieces ${from} to ${to} are`;
}
