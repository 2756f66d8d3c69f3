import { AppError } from '../../errors/app-error.js';
import type { AuthorityContext } from '../context.js';
import type { InspectionRecord } from '../records.js';
import { insertInspection, latestInspection } from '../repositories/inspection.repository.js';
import { findPsd } from '../repositories/psd.repository.js';
import { MS_PER_DAY } from '../time.js';
import { assertUsable, controlTotalMismatch, unknownPsd } from './psd.service.js';

/** What a PSD reports at an inspection: its registers in mills, piece count and audit chain head. */
export interface InspectionReport {
  readonly psdId: number;
  readonly ascendingMills: bigint;
  readonly descendingMills: bigint;
  readonly controlTotalMills: bigint;
  readonly pieceCount: bigint;
  /** SHA-256 head of the PSD's audit chain, 64 lowercase hex digits. */
  readonly auditHead: string;
}

/**
 * Records an inspection after checking the registers hold CT = AR + DR and AR ≥ piece count (every
 * stamp is worth at least a mill), that CT equals the authority's record, and that neither AR nor the
 * piece count went down since the last inspection (a rolled-back PSD). Returns it with its next due date.
 */
export async function recordInspection(ctx: AuthorityContext, report: InspectionReport): Promise<InspectionRecord> {
  const { ascendingMills: ar, descendingMills: dr, controlTotalMills: ct, pieceCount } = report;
  if (ar < 0n || dr < 0n || pieceCount < 0n || ar + dr !== ct) {
    throw new AppError('REGISTERS_INCONSISTENT', `AR ${ar} + DR ${dr} is not CT ${ct} mills`, { psdId: report.psdId });
  }
  if (ar < pieceCount) {
    throw new AppError('REGISTERS_INCONSISTENT', `AR ${ar} mills is less than the piece count ${pieceCount}, yet every stamp costs at least 1 mill`, {
      psdId: report.psdId,
    });
  }
  return ctx.db.transaction(async (tx) => {
    // The PSD row lock orders this inspection with a concurrent reset of the same PSD.
    const psd = await findPsd(tx, report.psdId, { lock: true });
    if (psd === null) throw unknownPsd(report.psdId);
    assertUsable(psd, { allowSuspended: true });
    if (ct !== psd.controlTotalMills) throw controlTotalMismatch(psd, ct);
    const last = await latestInspection(tx, psd.psdId);
    if (last !== null && (ar < last.ascendingMills || pieceCount < last.pieceCount)) {
      throw new AppError(
        'INSPECTION_REGISTERS_REGRESSED',
        `PSD ${psd.psdId} reports AR ${ar} and piece count ${pieceCount}; the last inspection saw ${last.ascendingMills} and ${last.pieceCount}`,
        { psdId: psd.psdId },
      );
    }
    const nowMs = ctx.clock().getTime();
    return insertInspection(tx, {
      psdId: psd.psdId,
      ascendingMills: ar,
      descendingMills: dr,
      controlTotalMills: ct,
      pieceCount,
      auditHead: report.auditHead,
      inspectedAtMs: nowMs,
      nextDueAtMs: nowMs + ctx.policy.inspectionIntervalDays * MS_PER_DAY,
    });
  });
}
