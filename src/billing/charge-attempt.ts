// One recorded attempt at the gateway for a card charge row, and the refusals that more than one part of
// billing throws. Top-ups, auto-refills, per-purchase charges and the sweeps all go through
// recordChargeAttempt(), so that a charge is credited to the ledger in exactly one place: in the same
// transaction that marks the row succeeded.
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalogue.js';
import type { BillingContext } from './billing-context.js';
import type { CardRecord } from './card.repository.js';
import type { ChargePurpose, ChargeRecord } from './charge.repository.js';
import { attemptCharge, type ChargeOutcome } from './gateway-outcome.js';
import { entry, move, type LedgerKind } from './ledger.js';

/**
 * One attempt at the gateway for a charge row in pending or unknown, recorded: succeeded (and for a
 * top-up or refill, the balance credited in the same transaction), declined, or unknown.
 */
export async function recordChargeAttempt(ctx: BillingContext, c: ChargeRecord, token: string): Promise<ChargeOutcome> {
  await ctx.charges.countAttempt(ctx.db, c.id, ctx.clock());
  const outcome = await attemptCharge(ctx.gateway, c, token);
  const now = ctx.clock();
  if (outcome.kind === 'succeeded') {
    await ctx.db.transaction(async (tx) => {
      if (!(await ctx.charges.transition(tx, c.id, ['pending', 'unknown'], 'succeeded', now, { gatewayChargeId: outcome.result.chargeId, errorCode: null }))) return;
      const kind: LedgerKind = c.purpose === 'topup' ? 'topup' : c.purpose === 'auto_refill' ? 'auto_refill' : 'purchase_charge';
      if (c.purpose === 'purchase') {
        await ctx.ledger.post(tx, entry(c.accountId, kind, c.purchaseId!, `Purchase ${c.purchaseId} charged to the card`, move('card', 'held', c.amountMills)));
      } else {
        await ctx.ledger.post(tx, entry(c.accountId, kind, c.id, purposeMemo(c.purpose), move('card', 'balance', c.amountMills)));
        await ctx.settings.rearmWarning(tx, c.accountId, (await ctx.ledger.totals(tx, c.accountId)).balance);
      }
    });
    ctx.log.info({ chargeId: c.id, purpose: c.purpose }, 'card charged');
  } else if (outcome.kind === 'refused') {
    await ctx.charges.transition(ctx.db, c.id, ['pending', 'unknown'], 'declined', now, { errorCode: outcome.error.code });
    ctx.log.info({ chargeId: c.id, purpose: c.purpose, code: outcome.error.code }, 'card charge refused');
  } else {
    await ctx.charges.transition(ctx.db, c.id, ['pending', 'unknown'], 'unknown', now, { errorCode: outcome.error.code });
    ctx.log.warn({ chargeId: c.id, purpose: c.purpose, code: outcome.error.code }, 'card charge outcome unknown');
  }
  return outcome;
}

function purposeMemo(purpose: ChargePurpose): string {
  return purpose === 'topup' ? 'Top-up by card' : 'Auto-refill by card';
}

/** CARD_EXPIRED for a card whose expiry month has passed. */
export function expiredCard(card: CardRecord): AppError {
  return new AppError('CARD_EXPIRED', `The default card ending ${card.last4} expired at the end of ${card.expYear}-${String(card.expMonth).padStart(2, '0')}`, {
    cardId: card.id,
  });
}

/** The refusal recorded for a declined charge, thrown again on a retry. */
export function storedRefusal(c: ChargeRecord): AppError {
  return new AppError((c.errorCode ?? 'CARD_DECLINED') as ErrorCode, undefined, { chargeId: c.id });
}
