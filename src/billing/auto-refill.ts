// Auto-refill before a prepaid purchase (docs/customers.md, "Billing modes and auto-refill"): when the
// purchase would leave the balance under the threshold and the month's cap allows one more refill, the
// default card is charged for the refill amount first. Only one refill per account runs at a time in
// this process; the monthly cap bounds the total across processes.
import type { Mills } from '../core/money.js';
import { cardExpired, decideRefill, monthStartMs, type BillingSettings } from './billing-settings.js';
import type { BillingContext } from './billing-context.js';
import { recordChargeAttempt } from './charge-attempt.js';

/** What an auto-refill before a purchase came to. */
export type RefillStatus = 'none' | 'succeeded' | 'declined' | 'unknown' | 'no_card';

/** Auto-refills of the accounts, serialized per account within this process. */
export class AutoRefill {
  // One auto-refill at a time per account in this process, so that concurrent purchases do not each charge the card.
  private readonly refilling = new Map<string, Promise<RefillStatus>>();

  constructor(private readonly ctx: BillingContext) {}

  /** Refills the balance when due, one refill per account at a time; what came of it. */
  async refillIfDue(accountId: string, s: BillingSettings, totalMills: Mills): Promise<RefillStatus> {
    const { ctx } = this;
    let last: RefillStatus | undefined;
    for (;;) {
      const inflight = this.refilling.get(accountId);
      if (inflight !== undefined) {
        last = await inflight;
        continue;
      }
      // A refill that another purchase just tried and that did not succeed is not tried again for this one.
      if (last !== undefined && last !== 'succeeded') return last;
      const balance = (await ctx.ledger.totals(ctx.db, accountId)).balance;
      const used = await ctx.charges.refillsSince(ctx.db, accountId, monthStartMs(ctx.clock()));
      if (this.refilling.has(accountId)) continue; // another purchase started one meanwhile: wait for it
      const decision = decideRefill(s.autoRefill, balance, totalMills, used);
      if (!decision.refill) return last ?? 'none';
      const run = this.runRefill(accountId, decision.amountMills).finally(() => this.refilling.delete(accountId));
      this.refilling.set(accountId, run);
      return run;
    }
  }

  private async runRefill(accountId: string, amount: Mills): Promise<RefillStatus> {
    const { ctx } = this;
    const card = await ctx.cards.findDefault(ctx.db, accountId);
    if (card === null) return 'no_card';
    if (cardExpired(card.expMonth, card.expYear, ctx.clock())) return 'declined';
    const id = ctx.newId();
    await ctx.charges.insert(ctx.db, {
      id,
      accountId,
      cardId: card.id,
      purpose: 'auto_refill',
      purchaseId: null,
      amountMills: amount,
      idempotencyKey: null,
      requestHash: null,
      createdAtMs: ctx.clock(),
    });
    const outcome = await recordChargeAttempt(ctx, (await ctx.charges.find(ctx.db, id))!, card.gatewayToken);
    return outcome.kind === 'succeeded' ? 'succeeded' : outcome.kind === 'refused' ? 'declined' : 'unknown';
  }
}
