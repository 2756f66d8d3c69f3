// The operator's PSD operations that involve the postal authority: an inspection (report first, then
// record, so that a refused report leaves the PSD as it was) and a withdrawal (freeze the PSD first, so
// that it dispenses nothing more, then have the authority credit its DR back to the deposit).
import { AppError, isAppError } from '../errors/app-error.js';
import type { InspectionReport } from '../ledger/psd-lifecycle.js';
import type { PsdLedger } from '../ledger/psd-ledger.js';
import type { Registers } from '../ledger/registers.js';
import type { AuthorityReporter, InspectionReceipt, WithdrawalReceipt } from './authority-port.js';

/** The ledger operations used here. */
export type OperationsLedger = Pick<PsdLedger, 'getPsd' | 'recordInspection' | 'withdrawPsd'>;

/** An inspection reported and recorded. */
export interface InspectionOutcome {
  readonly inspection: InspectionReport;
  readonly receipt: InspectionReceipt;
}

/** Reports the PSD's registers and audit head to the authority, then records the inspection in the ledger. */
export async function inspectPsd(ledger: OperationsLedger, authority: AuthorityReporter | undefined, psdId: number): Promise<InspectionOutcome> {
  const reporter = requireAuthority(authority);
  const psd = await ledger.getPsd(psdId);
  if (psd.status !== 'active') throw new AppError('PSD_NOT_ACTIVE', `PSD ${psdId} is withdrawn and is not inspected`, { psdId });
  const receipt = await reporter.reportInspection({ psdId, registers: psd.registers, auditHead: psd.auditHead });
  const inspection = await ledger.recordInspection(psdId);
  return { inspection, receipt };
}

/** A withdrawal as done now or earlier, and the authority's receipt. */
export interface WithdrawalOutcome {
  readonly psdId: number;
  /** The frozen registers. */
  readonly registers: Registers;
  /** Milliseconds since 1970-01-01 UTC. */
  readonly withdrawnAtMs: number;
  /** False when the ledger had withdrawn the PSD before (this call only reported it again). */
  readonly withdrawnNow: boolean;
  readonly receipt: WithdrawalReceipt;
}

/**
 * Withdraws the PSD in the ledger (unless it is already) and reports it to the authority. Reporting
 * again is harmless, so a withdrawal whose report failed is finished by calling this again.
 */
export async function withdrawPsd(ledger: OperationsLedger, authority: AuthorityReporter | undefined, psdId: number): Promise<WithdrawalOutcome> {
  const reporter = requireAuthority(authority);
  let withdrawnNow = false;
  if ((await ledger.getPsd(psdId)).status === 'active') {
    try {
      await ledger.withdrawPsd(psdId);
      withdrawnNow = true;
    } catch (err) {
      if (!isAppError(err, 'PSD_NOT_ACTIVE')) throw err; // withdrawn meanwhile by another call: report it
    }
  }
  const psd = await ledger.getPsd(psdId);
  if (psd.withdrawnAtMs === null) throw new AppError('LEDGER_INVARIANT_VIOLATED', `PSD ${psdId} is ${psd.status} without a withdrawal time`, { psdId });
  const receipt = await reporter.reportWithdrawal(psdId, psd.registers);
  return { psdId, registers: psd.registers, withdrawnAtMs: psd.withdrawnAtMs, withdrawnNow, receipt };
}

function requireAuthority(authority: AuthorityReporter | undefined): AuthorityReporter {
  if (authority === undefined) {
    throw new AppError('CONFIG_INVALID', 'This processing server has no postal authority configured, so it cannot report to it');
  }
  return authority;
}
