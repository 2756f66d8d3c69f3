// Test support: consistent transaction reports made without a ledger, and signing with a key held in
// the test (as a PSD's crypto module would). Used by the unit tests here and the integration tests in
// test/authority/reports/.
import { sign, type KeyObject } from 'node:crypto';
import type { ReportPiece, ReportReset, TransactionReport, TransactionReportFields } from './transaction-report.js';
import { reportSignedMessage } from './transaction-report.js';

/** What a made-up day holds. */
export interface DaySpec {
  readonly licenseNumber: number;
  readonly psdId: number;
  readonly day: number;
  /** The piece count of the last piece before the day; 0 by default. */
  readonly piecesBefore?: number;
  /** The AR before the day's first piece, mills; 0 by default. */
  readonly ascendingBeforeMills?: bigint;
  /** The postage of each of the day's pieces, mills, in order. */
  readonly postages: readonly bigint[];
  readonly resets?: readonly ReportReset[];
}

/** A report whose pieces follow on from `piecesBefore` and whose registers chain. */
export function consistentDay(spec: DaySpec): TransactionReportFields {
  let ar = spec.ascendingBeforeMills ?? 0n;
  const pieces: ReportPiece[] = spec.postages.map((postageMills, i) => {
    ar += postageMills;
    return { pieceCount: (spec.piecesBefore ?? 0) + i + 1, postageMills, ascendingMills: ar };
  });
  const first = pieces[0];
  const last = pieces.at(-1);
  return {
    licenseNumber: spec.licenseNumber,
    psdId: spec.psdId,
    day: spec.day,
    firstPieceCount: first?.pieceCount ?? null,
    lastPieceCount: last?.pieceCount ?? null,
    ascendingBeforeMills: spec.ascendingBeforeMills ?? 0n,
    firstAscendingMills: first?.ascendingMills ?? null,
    lastAscendingMills: last?.ascendingMills ?? null,
    postageTotalMills: pieces.reduce((s, p) => s + p.postageMills, 0n),
    pieces,
    resets: spec.resets ?? [],
  };
}

/** Signs a report with a P-256 or Ed25519 private key, the way a PSD's crypto module does. */
export function signReportWith(fields: TransactionReportFields, privateKey: KeyObject): TransactionReport {
  const message = reportSignedMessage(fields);
  const signature =
    privateKey.asymmetricKeyType === 'ed25519' ? sign(null, message, privateKey) : sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  return { ...fields, signature };
}
