import { checkMoneyLimits } from '../../core/money.js';
import { AppError } from '../../errors/app-error.js';
import type { AuthorityContext } from '../context.js';
import type { DepositEntry } from '../records.js';
import { appendDepositEntry, depositBalance, findDepositEntry, listDepositEntries, lockDeposit } from '../repositories/deposit.repository.js';

/**
 * Credits the vendor's deposit (an operator call, after the money arrived; it needs no license yet). The reference is the
 * idempotency key: the same reference and amount return the first entry, another amount is refused.
 */
export async function fundDeposit(
  ctx: AuthorityContext,
  input: { amountMills: bigint; reference: string },
): Promise<{ entry: DepositEntry; balanceMills: bigint; created: boolean }> {
  const amountMills = checkMoneyLimits(input.amountMills, { min: 1n, max: ctx.policy.maxFundingMills });
  return ctx.db.transaction(async (tx) => {
    await lockDeposit(tx);
    const prior = await findDepositEntry(tx, 'funding', input.reference);
    if (prior !== null) {
      if (prior.amountMills !== amountMills) {
        throw new AppError('DEPOSIT_REFERENCE_REUSED', `Reference ${JSON.stringify(input.reference)} funded ${prior.amountMills} mills, not ${amountMills}`, {
          reference: input.reference,
        });
      }
      return { entry: prior, balanceMills: await depositBalance(tx), created: false };
    }
    const entry = await appendDepositEntry(tx, {
      kind: 'funding',
      amountMills,
      reference: input.reference,
      psdId: null,
      createdAtMs: ctx.clock().getTime(),
    });
    return { entry, balanceMills: await depositBalance(tx), created: true };
  });
}

/** The balance and the entries after `afterId` (oldest first, at most `limit`), read in one transaction. */
export async function depositStatement(
  ctx: AuthorityContext,
  page: { afterId: number; limit: number },
): Promise<{ balanceMills: bigint; entries: DepositEntry[] }> {
  return ctx.db.transaction(async (tx) => ({
    balanceMills: await depositBalance(tx),
    entries: await listDepositEntries(tx, page.afterId, page.limit),
  }));
}
