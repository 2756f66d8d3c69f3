// A PSD's transaction report of one UTC day, read from the ledger's own tables: the day's pieces (from
// indicium_records) and resets (from the reset entries of the audit chain). Reading only: the ledger's
// records and audit entries are append-only, so a finished day always reads the same.
//
// The day's pieces are those whose piece counts lie after the last piece committed before the day began
// and up to the last one committed before it ended. Counted that way every piece belongs to exactly one
// day and consecutive days chain, even if the clock stepped back around midnight.
import type { Queryable } from '../../db/database.js';
import { asBigInt, asBuffer, asNumber } from '../../db/row-values.js';
import type { PsdRecord } from '../../ledger/psd-store.js';
import { dayStartMs } from '../../authority/reports/report-day.js';
import type { ReportPiece, ReportReset, TransactionReportFields } from '../../authority/reports/transaction-report.js';

/** The last piece before a day: its count and the AR after it (0 and 0 before the first piece). */
export interface PieceMark {
  readonly pieceCount: number;
  readonly ascendingMills: bigint;
}

/** What a day's report is assembled from. */
export interface DayActivity {
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly day: number;
  /** The last piece committed before the day began. */
  readonly before: PieceMark;
  /** The day's pieces in piece-count order. */
  readonly pieces: readonly ReportPiece[];
  /** The day's resets in the order applied. */
  readonly resets: readonly ReportReset[];
}

/** The report's fields from a day's activity (pure): range, registers and totals follow from the pieces. */
export function assembleReport(a: DayActivity): TransactionReportFields {
  const first = a.pieces[0];
  const last = a.pieces.at(-1);
  return {
    licenseNumber: a.licenseNumber,
    psdId: a.psdId,
    day: a.day,
    firstPieceCount: first?.pieceCount ?? null,
    lastPieceCount: last?.pieceCount ?? null,
    ascendingBeforeMills: a.before.ascendingMills,
    firstAscendingMills: first?.ascendingMills ?? null,
    lastAscendingMills: last?.ascendingMills ?? null,
    postageTotalMills: a.pieces.reduce((sum, p) => sum + p.postageMills, 0n),
    pieces: a.pieces,
    resets: a.resets,
  };
}

/** Reads the day's activity of `psd` from the ledger database and assembles its report (unsigned). */
export async function readDailyReport(db: Queryable, psd: PsdRecord, day: number): Promise<TransactionReportFields> {
  const start = dayStartMs(day);
  const end = dayStartMs(day + 1);
  const before = await lastPieceBefore(db, psd.psdId, start);
  const upTo = await lastPieceBefore(db, psd.psdId, end);
  const rows = await db.query(
    `SELECT piece_count, postage, ascending_register FROM indicium_records
     WHERE psd_id = ? AND piece_count > ? AND piece_count <= ? ORDER BY piece_count`,
    [psd.psdId, before.pieceCount, upTo.pieceCount],
  );
  const pieces = rows.map((r) => ({
    pieceCount: asNumber(r.piece_count, 'piece_count'),
    postageMills: asBigInt(r.postage, 'postage'),
    ascendingMills: asBigInt(r.ascending_register, 'ascending_register'),
  }));
  const resets = await resetsBetween(db, psd.psdId, start, end);
  return assembleReport({ licenseNumber: psd.licenseNumber, psdId: psd.psdId, day, before, pieces, resets });
}

/**
 * The highest piece committed before `ms`. Read downwards from the newest piece, so for a recent day it
 * passes only the pieces committed since (the ledger has no index on commit times).
 */
async function lastPieceBefore(db: Queryable, psdId: number, ms: number): Promise<PieceMark> {
  const rows = await db.query(
    'SELECT piece_count, ascending_register FROM indicium_records WHERE psd_id = ? AND created_at_ms < ? ORDER BY piece_count DESC LIMIT 1',
    [psdId, ms],
  );
  const r = rows[0];
  return r === undefined ? { pieceCount: 0, ascendingMills: 0n } : { pieceCount: asNumber(r.piece_count, 'piece_count'), ascendingMills: asBigInt(r.ascending_register, 'ascending_register') };
}

/** The reset entries of the audit chain in [start, end): the registers they store are those after the reset. */
async function resetsBetween(db: Queryable, psdId: number, start: number, end: number): Promise<ReportReset[]> {
  const rows = await db.query(
    `SELECT amount, control_total, reference, created_at_ms FROM audit_entries
     WHERE psd_id = ? AND kind = 'reset' AND created_at_ms >= ? AND created_at_ms < ? ORDER BY sequence`,
    [psdId, start, end],
  );
  return rows.map((r) => {
    const amountMills = asBigInt(r.amount, 'amount');
    const newControlTotalMills = asBigInt(r.control_total, 'control_total');
    return {
      transactionId: asBuffer(r.reference, 'reference').toString('utf8'),
      amountMills,
      oldControlTotalMills: newControlTotalMills - amountMills,
      newControlTotalMills,
      appliedAtMs: asNumber(r.created_at_ms, 'created_at_ms'),
    };
  });
}
