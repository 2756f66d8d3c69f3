// Money owed at the gateway, settled after the fact (docs/customers.md, "Cards and top-ups" and "Known
// limits"): whole refunds of the card charges of failed purchases, charges of failed purchases whose
// outcome was unknown (void_owed), partial refunds of refunded stamps, and top-ups and auto-refills whose
// outcome was unknown. Every request reuses a key derived from the row, so asking again never charges or
// refunds twice; what the gateway cannot answer now stays owed for the next sweep.
import { isAppError } from '../errors/app-error.js';
import type { BillingContext } from './billing-context.js';
import { recordChargeAttempt } from './charge-attempt.js';
import type { ChargeRecord } from './charge.repository.js';
import { attemptCharge, refundKey } from './gateway-outcome.js';

// Rows a sweeper handles per call.
const SWEEP_BATCH = 100;

/** The owed-money sweeps: see the file comment. */
export class OwedMoney {
  constructor(private readonly ctx: BillingContext) {}

  /**
   * Pays what is owed at the gateway: whole refunds of charges of failed purchases, partial refunds of
   * refunded stamps, and charges of failed purchases whose outcome was unknown (asked again with the same
   * key; refunded when they had been made). Also resolves unknown top-ups and refills. Returns how many
   * were settled; what the gateway cannot answer now stays owed for the next call.
   */
  async payOwedRefunds(): Promise<number> {
    const { ctx } = this;
    let done = 0;
    for (const c of await ctx.charges.listInStates(ctx.db, ['refund_owed', 'void_owed'], SWEEP_BATCH)) {
      if (c.state === 'void_owed') {
        const card = await ctx.cards.findById(ctx.db, c.cardId);
        if (card === null) continue;
        const outcome = await attemptCharge(ctx.gateway, c, card.gatewayToken);
        await ctx.charges.countAttempt(ctx.db, c.id, ctx.clock());
        if (outcome.kind === 'unknown') continue;
        if (outcome.kind === 'refused') {
          // Never made: nothing to give back.
          if (await ctx.charges.transition(ctx.db, c.id, ['void_owed'], 'declined', ctx.clock(), { errorCode: outcome.error.code })) done += 1;
          continue;
        }
        await ctx.charges.transition(ctx.db, c.id, ['void_owed'], 'void_owed', ctx.clock(), { gatewayChargeId: outcome.result.chargeId });
        if (await this.refundWhole({ ...c, gatewayChargeId: outcome.result.chargeId }, 'void_owed')) done += 1;
      } else if (await this.refundWhole(c, 'refund_owed')) {
        done += 1;
      }
    }
    for (const r of await ctx.charges.listOwedRefunds(ctx.db, SWEEP_BATCH)) {
      const charge = await ctx.charges.find(ctx.db, r.chargeId);
      if (charge?.gatewayChargeId == null) continue;
      try {
        const result = await ctx.gateway.refund({ chargeId: charge.gatewayChargeId, amountMills: r.amountMills, idempotencyKey: refundKey(r.id) });
        if (await ctx.charges.markRefund(ctx.db, r.id, ctx.clock(), { gatewayRefundId: result.refundId })) done += 1;
      } catch (err) {
        await ctx.charges.markRefund(ctx.db, r.id, ctx.clock(), { errorCode: isAppError(err) ? err.code : 'INTERNAL' });
        ctx.log.warn({ cardRefundId: r.id, code: isAppError(err) ? err.code : undefined }, 'stamp refund to a card not paid yet');
      }
    }
    return done + (await this.resolveUnknownCharges());
  }

  /**
   * Asks the gateway again, with the same idempotency key, about top-ups and auto-refills whose outcome
   * is unknown (a time-out): a charge that was made is credited now, a refusal is recorded. Returns how
   * many were resolved.
   */
  async resolveUnknownCharges(): Promise<number> {
    const { ctx } = this;
    let resolved = 0;
    for (const c of await ctx.charges.listInStates(ctx.db, ['unknown'], SWEEP_BATCH)) {
      if (c.purpose === 'purchase') continue; // a purchase's charge is resolved by its release (void_owed)
      const card = await ctx.cards.findById(ctx.db, c.cardId);
      if (card === null) continue;
      const outcome = await recordChargeAttempt(ctx, c, card.gatewayToken);
      if (outcome.kind !== 'unknown') resolved += 1;
    }
    return resolved;
  }

  /** Refunds the whole of a made charge (key derived from the charge id) and closes it; false when the gateway did not answer. */
  private async refundWhole(c: ChargeRecord, from: 'refund_owed' | 'void_owed'): Promise<boolean> {
    const { ctx } = this;
    if (c.gatewayChargeId === null) return false;
    try {
      const result = await ctx.gateway.refund({ chargeId: c.gatewayChargeId, amountMills: c.amountMills, idempotencyKey: refundKey(c.id) });
      return await ctx.charges.transition(ctx.db, c.id, [from], 'refunded', ctx.clock(), { gatewayRefundId: result.refundId });
    } catch (err) {
      const code = isAppError(err) ? err.code : 'INTERNAL';
      await ctx.charges.transition(ctx.db, c.id, [from], from, ctx.clock(), { errorCode: code });
      ctx.log.warn({ chargeId: c.id, code }, 'card refund not paid yet');
      return false;
    }
  }
}
