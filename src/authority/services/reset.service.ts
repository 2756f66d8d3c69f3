import { createHash } from 'node:crypto';
import { checkMoneyLimits } from '../../core/money.js';
import { AppError } from '../../errors/app-error.js';
import type { AuthorityContext } from '../context.js';
import type { ResetRecord } from '../records.js';
import { appendDepositEntry, depositBalance, lockDeposit } from '../repositories/deposit.repository.js';
import { findPsd, updateControlTotal } from '../repositories/psd.repository.js';
import { findReset, insertReset } from '../repositories/reset.repository.js';
import { signResetAuthorization, type ResetAuthorization } from '../reset-authorization.js';
import { requireLicense } from './license.service.js';
import { assertUsable, controlTotalMismatch, unknownPsd } from './psd.service.js';

/** A vendor's request to move `amountMills` from the deposit into one PSD (psd-ledger.md, "Reset"). */
export interface ResetRequest {
  readonly psdId: number;
  /** The control total the PSD holds now, in mills; it must equal the authority's record. */
  readonly currentControlTotalMills: bigint;
  readonly amountMills: bigint;
  readonly transactionId: string;
}

/**
 * Authorizes a reset in one transaction: checks the PSD, its control total and the deposit, debits
 * the deposit, records CT + amount and stores the signed authorization under the transaction id.
 * The same transaction id with the same request returns the stored authorization (money moves once);
 * with another request it is refused with RESET_TRANSACTION_ID_REUSED.
 */
export async function authorizeReset(ctx: AuthorityContext, req: ResetRequest): Promise<{ authorization: ResetAuthorization; replayed: boolean }> {
  const amountMills = checkMoneyLimits(req.amountMills, { min: 1n, max: ctx.policy.maxResetMills });
  const hash = resetRequestHash(req);
  return ctx.db.transaction(async (tx) => {
    // Every movement of the deposit holds its lock first: balance checks cannot interleave, and two
    // requests with one transaction id queue here, the second then finding the first's record.
    await lockDeposit(tx);
    const license = await requireLicense(tx);
    const prior = await findReset(tx, req.transactionId);
    if (prior !== null) {
      if (prior.requestHash !== hash) {
        throw new AppError('RESET_TRANSACTION_ID_REUSED', `Transaction id ${req.transactionId} was used for another reset of PSD ${prior.psdId}`, {
          transactionId: req.transactionId,
        });
      }
      return { authorization: fromRecord(prior), replayed: true };
    }
    const psd = await findPsd(tx, req.psdId, { lock: true });
    if (psd === null) throw unknownPsd(req.psdId);
    assertUsable(psd, { allowSuspended: false });
    if (req.currentControlTotalMills !== psd.controlTotalMills) throw controlTotalMismatch(psd, req.currentControlTotalMills);
    const balanceMills = await depositBalance(tx);
    if (balanceMills < amountMills) {
      throw new AppError('DEPOSIT_INSUFFICIENT', `The deposit holds ${balanceMills} mills, the reset asks for ${amountMills}`, {
        balanceMills: balanceMills.toString(),
        amountMills: amountMills.toString(),
      });
    }
    const authorization = signResetAuthorization(
      {
        licenseNumber: license.licenseNumber,
        psdId: psd.psdId,
        oldControlTotalMills: psd.controlTotalMills,
        newControlTotalMills: psd.controlTotalMills + amountMills,
        transactionId: req.transactionId,
      },
      ctx.keys.privateKey,
    );
    const nowMs = ctx.clock().getTime();
    const entry = await appendDepositEntry(tx, { kind: 'reset', amountMills: -amountMills, reference: req.transactionId, psdId: psd.psdId, createdAtMs: nowMs });
    if (!(await updateControlTotal(tx, psd.psdId, authorization.oldControlTotalMills, authorization.newControlTotalMills))) {
      throw new Error(`The control total of PSD ${psd.psdId} changed while its row was locked`);
    }
    await insertReset(tx, toRecord(authorization, hash, entry.entryId, nowMs));
    return { authorization, replayed: false };
  });
}

/** SHA-256 (hex) of the request without its transaction id, to tell a retry from a different request. */
export function resetRequestHash(req: ResetRequest): string {
  const canonical = JSON.stringify({
    psdId: req.psdId,
    currentControlTotalMills: req.currentControlTotalMills.toString(),
    amountMills: req.amountMills.toString(),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

function toRecord(a: ResetAuthorization, requestHash: string, depositEntryId: number, authorizedAtMs: number): ResetRecord {
  return {
    transactionId: a.transactionId,
    requestHash,
    licenseNumber: a.licenseNumber,
    psdId: a.psdId,
    oldControlTotalMills: a.oldControlTotalMills,
    newControlTotalMills: a.newControlTotalMills,
    signatureBase64: a.signature.toString('base64'),
    depositEntryId,
    authorizedAtMs,
  };
}

function fromRecord(r: ResetRecord): ResetAuthorization {
  return {
    licenseNumber: r.licenseNumber,
    psdId: r.psdId,
    oldControlTotalMills: r.oldControlTotalMills,
    newControlTotalMills: r.newControlTotalMills,
    transactionId: r.transactionId,
    signature: Buffer.from(r.signatureBase64, 'base64'),
  };
}
