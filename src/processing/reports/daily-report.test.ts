import { describe, expect, it } from 'vitest';
import { checkReportFields } from '../../authority/reports/transaction-report.js';
import { assembleReport } from './daily-report.js';

const RESET = { transactionId: 'tx-1', amountMills: 1_000_000n, oldControlTotalMills: 500n, newControlTotalMills: 1_000_500n, appliedAtMs: 1_000 };

describe('assembleReport', () => {
  it('takes the range, registers and total from the pieces, and the AR before from the last earlier piece', () => {
    const pieces = [
      { pieceCount: 8, postageMills: 740n, ascendingMills: 5_740n },
      { pieceCount: 9, postageMills: 1_000n, ascendingMills: 6_740n },
    ];
    const report = assembleReport({ licenseNumber: 7, psdId: 3, day: 20_000, before: { pieceCount: 7, ascendingMills: 5_000n }, pieces, resets: [RESET] });
    expect(report).toEqual({
      licenseNumber: 7, psdId: 3, day: 20_000, firstPieceCount: 8, lastPieceCount: 9, ascendingBeforeMills: 5_000n,
      firstAscendingMills: 5_740n, lastAscendingMills: 6_740n, postageTotalMills: 1_740n, pieces, resets: [RESET],
    });
    expect(() => checkReportFields(report)).not.toThrow();
  });

  it('reports a day without pieces with a null range and the AR it stood at', () => {
    const report = assembleReport({ licenseNumber: 7, psdId: 3, day: 20_001, before: { pieceCount: 9, ascendingMills: 6_740n }, pieces: [], resets: [] });
    expect(report).toMatchObject({ firstPieceCount: null, lastPieceCount: null, firstAscendingMills: null, lastAscendingMills: null, ascendingBeforeMills: 6_740n, postageTotalMills: 0n });
    expect(() => checkReportFields(report)).not.toThrow();
  });
});
