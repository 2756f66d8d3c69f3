// The purchase hooks of billing (docs/customers.md, "The purchase path", steps 7 to 12): how a purchase
// will be paid, the hold written with the pending purchase, the card charge of a per-purchase account,
// the settlement or release in the transaction that completes or fails the purchase, the low-balance
// warning after it, the credit of an approved stamp refund, and how a purchase was paid for receipts.
// They take account ids: the lead's purchase path has checked the principal.
import type { Queryable } from '../db/database.js';
import { formatDollars, type Mills } from '../core/money.js';
import { AppError } from '../errors/app-error.js';
import { millsToCents } from '../payment/card-amount.js';
import { cardExpired, isLowBalance } from './billing-settings.js';
import type { BillingContext } from './billing-context.js';
import type { AutoRefill, RefillStatus } from './auto-refill.js';
import { expiredCard, recordChargeAttempt, storedRefusal } from './charge-attempt.js';
import { entry, move, stampRefundLines } from './ledger.js';
import { BookTooLowError } from './ledger.repository.js';

/** How a purchase will be paid, decided by preparePayment() and handed to holdInTx(). */
export type PaymentPlan =
  | { readonly method: 'balance'; readonly refill: RefillStatus }
  | { readonly method: 'card'; readonly cardId: string; readonly brand: string; readonly last4: string };

/** How a purchase was paid, for receipts. */
export interface PaymentOf {
  readonly method: 'balance' | 'card';
  readonly brand?: string;
  readonly last4?: string;
  readonly chargeId?: string;
}

/** The purchase hooks: see the file comment. */
export class PurchasePayments {
  constructor(
    private readonly ctx: BillingContext,
    private readonly autoRefill: AutoRefill,
  ) {}

  /**
   * Before anything is recorded: prepaid — refill from the default card first when the purchase would
   * leave the balance under the auto-refill threshold (and the month's cap allows), then the balance must
   * cover the total (BALANCE_INSUFFICIENT); per purchase — a default card that has not expired
   * (CARD_REQUIRED, CARD_EXPIRED) and a total of whole cents.
   */
  async preparePayment(accountId: string, totalMills: Mills): Promise<PaymentPlan> {
    const { ctx } = this;
    const s = await ctx.settings.get(ctx.db, accountId);
    if (s.mode === 'per_purchase') {
      millsToCents(totalMills);
      const card = await ctx.cards.findDefault(ctx.db, accountId);
      if (card === null) throw new AppError('CARD_REQUIRED', 'The account pays per purchase and has no card on file');
      if (cardExpired(card.expMonth, card.expYear, ctx.clock())) throw expiredCard(card);
      return { method: 'card', cardId: card.id, brand: card.brand, last4: card.last4 };
    }
    const refill = await this.autoRefill.refillIfDue(accountId, s, totalMills);
    const balance = (await ctx.ledger.totals(ctx.db, accountId)).balance;
    if (balance < totalMills) throw insufficient(balance, totalMills, refill);
    return { method: 'balance', refill };
  }

  /**
   * Inside the transaction that records the pending purchase: prepaid — balance −P, held +P, refused with
   * BALANCE_INSUFFICIENT when a concurrent purchase spent the balance (a conditional UPDATE, so no two
   * purchases overspend on either dialect); per purchase — the charge row 'pending' and the hold.
   */
  async holdInTx(tx: Queryable, input: { accountId: string; purchaseId: string; totalMills: Mills; plan: PaymentPlan }): Promise<void> {
    const { ctx } = this;
    const { accountId, purchaseId, totalMills, plan } = input;
    if (totalMills <= 0n) throw new Error(`purchase ${purchaseId} has a total of ${totalMills} mills`);
    const now = ctx.clock();
    if (plan.method === 'balance') {
      try {
        const posted = await ctx.ledger.post(tx, entry(accountId, 'purchase_hold', purchaseId, `Purchase ${purchaseId} held`, move('balance', 'held', totalMills)));
        if (posted === null) return; // held already
      } catch (err) {
        if (err instanceof BookTooLowError) {
          const balance = (await ctx.ledger.totals(tx, accountId)).balance;
          throw insufficient(balance, totalMills, 'none');
        }
        throw err;
      }
      await ctx.holds.insert(tx, { purchaseId, accountId, amountMills: totalMills, method: 'balance', chargeId: null, createdAtMs: now });
      return;
    }
    if ((await ctx.holds.find(tx, purchaseId)) !== null) return;
    const chargeId = ctx.newId();
    await ctx.charges.insert(tx, {
      id: chargeId,
      accountId,
      cardId: plan.cardId,
      purpose: 'purchase',
      purchaseId,
      amountMills: totalMills,
      idempotencyKey: null,
      requestHash: null,
      createdAtMs: now,
    });
    await ctx.holds.insert(tx, { purchaseId, accountId, amountMills: totalMills, method: 'card', chargeId, createdAtMs: now });
  }

  /**
   * Per purchase only (nothing for a prepaid one): charges the card with the charge row's id as
   * idempotency key; success → card −P, held +P. A refusal marks the charge declined and throws the card's
   * error (CARD_DECLINED, CARD_INSUFFICIENT_FUNDS, CARD_CVC_FAILED, CARD_EXPIRED); a time-out is retried
   * once with the same key, then the charge is 'unknown' and PAYMENT_GATEWAY_TIMEOUT is thrown.
   */
  async chargeHeld(purchaseId: string): Promise<void> {
    const { ctx } = this;
    const hold = await ctx.holds.find(ctx.db, purchaseId);
    if (hold === null) throw new Error(`purchase ${purchaseId} has no payment hold`);
    if (hold.method === 'balance') return;
    let charge = (await ctx.charges.find(ctx.db, hold.chargeId!))!;
    if (charge.state === 'succeeded') return;
    if (charge.state === 'declined') throw storedRefusal(charge);
    if (charge.state !== 'pending' && charge.state !== 'unknown') throw new Error(`the charge of purchase ${purchaseId} is ${charge.state}`);
    const card = (await ctx.cards.findById(ctx.db, charge.cardId))!;
    let outcome = await recordChargeAttempt(ctx, charge, card.gatewayToken);
    if (outcome.kind === 'unknown') {
      charge = (await ctx.charges.find(ctx.db, charge.id))!;
      outcome = await recordChargeAttempt(ctx, charge, card.gatewayToken);
    }
    if (outcome.kind !== 'succeeded') throw outcome.error;
  }

  /** In the purchase's completing transaction: held −P, postage +P; the hold is settled. */
  async settleInTx(tx: Queryable, purchaseId: string): Promise<void> {
    const { ctx } = this;
    const hold = await ctx.holds.find(tx, purchaseId);
    if (hold === null) throw new Error(`purchase ${purchaseId} has no payment hold`);
    if (hold.state === 'settled') return;
    if (hold.state === 'released') throw new Error(`purchase ${purchaseId} was released and cannot be settled`);
    if (hold.method === 'card') {
      const charge = await ctx.charges.find(tx, hold.chargeId!);
      if (charge?.state !== 'succeeded') throw new Error(`the card charge of purchase ${purchaseId} is ${charge?.state ?? 'missing'}, not succeeded`);
    }
    if (!(await ctx.holds.transition(tx, purchaseId, 'held', 'settled', ctx.clock()))) return;
    await ctx.ledger.post(tx, entry(hold.accountId, 'purchase_settle', purchaseId, `Purchase ${purchaseId} completed`, move('held', 'postage', hold.amountMills)));
  }

  /** After the completing transaction commits: the low-balance warning, once per crossing under the level. */
  async afterSettle(accountId: string): Promise<void> {
    const { ctx } = this;
    const s = await ctx.settings.get(ctx.db, accountId);
    if (s.mode !== 'prepaid') return;
    const balance = (await ctx.ledger.totals(ctx.db, accountId)).balance;
    if (!isLowBalance(balance, s.lowBalanceWarningMills)) {
      // Only a warning that was sent needs re-arming: most purchases write nothing here.
      if (s.lowBalanceWarnedAtMs !== null) await ctx.settings.rearmWarning(ctx.db, accountId, balance);
      return;
    }
    const at = ctx.clock();
    if (!(await ctx.settings.claimWarning(ctx.db, accountId, at))) return;
    try {
      await ctx.notifier.notifyAccount(
        accountId,
        `Your postage balance is low: ${formatDollars(balance)}`,
        `Your prepaid postage balance is ${formatDollars(balance)}, under the ${formatDollars(s.lowBalanceWarningMills)} you asked to be warned at. ` +
          'Top it up with POST /v1/topups, or turn on auto-refill with PUT /v1/billing.',
      );
    } catch (err) {
      // Not sent: give the claim back so that the next completed purchase tries again.
      await ctx.settings.unclaimWarning(ctx.db, accountId, at);
      ctx.log.warn({ accountId, err: (err as Error)?.message }, 'low-balance warning not sent');
    }
  }

  /**
   * In the transaction that fails the purchase for good; valid in every state and idempotent. Prepaid:
   * held −P, balance +P. Card charged: held −P, card +P and the charge 'refund_owed'. Charge pending or of
   * unknown outcome: 'void_owed' (asked again and refunded if made); declined: nothing to do.
   */
  async releaseInTx(tx: Queryable, purchaseId: string): Promise<void> {
    const { ctx } = this;
    const hold = await ctx.holds.find(tx, purchaseId);
    if (hold === null || hold.state === 'released') return;
    if (hold.state === 'settled') throw new Error(`purchase ${purchaseId} was completed and cannot be released`);
    const now = ctx.clock();
    if (!(await ctx.holds.transition(tx, purchaseId, 'held', 'released', now))) return;
    const memo = `Purchase ${purchaseId} failed`;
    if (hold.method === 'balance') {
      await ctx.ledger.post(tx, entry(hold.accountId, 'purchase_release', purchaseId, memo, move('held', 'balance', hold.amountMills)));
      await ctx.settings.rearmWarning(tx, hold.accountId, (await ctx.ledger.totals(tx, hold.accountId)).balance);
      return;
    }
    const charge = (await ctx.charges.find(tx, hold.chargeId!))!;
    if (charge.state === 'succeeded') {
      await ctx.ledger.post(tx, entry(hold.accountId, 'purchase_release', purchaseId, `${memo}: refund to the card`, move('held', 'card', hold.amountMills)));
      await ctx.charges.transition(tx, charge.id, ['succeeded'], 'refund_owed', now);
    } else if (charge.state === 'pending' || charge.state === 'unknown') {
      await ctx.charges.transition(tx, charge.id, ['pending', 'unknown'], 'void_owed', now);
    }
  }

  /**
   * An approved refund of one stamp, in the refund's transaction; idempotent per refund and stamp.
   * Paid from the balance: postage −S, balance +S. Paid by card: postage −S, card +S (whole cents; a
   * fraction of a cent goes to the balance) and a partial card refund owed, paid by payOwedRefunds().
   */
  async creditStampRefundInTx(
    tx: Queryable,
    input: { accountId: string; purchaseId: string; stampId: string; amountMills: Mills; refundId: string },
  ): Promise<void> {
    const { ctx } = this;
    const { accountId, purchaseId, stampId, amountMills, refundId } = input;
    if (amountMills <= 0n) throw new Error(`stamp ${stampId} refund of ${amountMills} mills`);
    const reference = `${refundId}:${stampId}`;
    if (await ctx.ledger.exists(tx, 'stamp_refund', reference)) return;
    const hold = await ctx.holds.find(tx, purchaseId);
    if (hold !== null && hold.accountId !== accountId) throw new Error(`purchase ${purchaseId} is not of account ${accountId}`);
    // A purchase without a hold was made before billing existed: its refund goes to the balance.
    const method = hold?.method ?? 'balance';
    const { lines, toCardMills } = stampRefundLines(method, amountMills);
    await ctx.ledger.post(tx, entry(accountId, 'stamp_refund', reference, `Refund ${refundId} of stamp ${stampId}`, lines));
    if (toCardMills > 0n && hold?.chargeId) {
      await ctx.charges.insertRefund(tx, { id: ctx.newId(), accountId, chargeId: hold.chargeId, refundRef: refundId, stampId, amountMills: toCardMills }, ctx.clock());
    }
    if (toCardMills < amountMills) await ctx.settings.rearmWarning(tx, accountId, (await ctx.ledger.totals(tx, accountId)).balance);
  }

  /** How a purchase was paid, for receipts; null when billing has no record of it. */
  async paymentOf(purchaseId: string): Promise<PaymentOf | null> {
    const { ctx } = this;
    const hold = await ctx.holds.find(ctx.db, purchaseId);
    if (hold === null) return null;
    if (hold.method === 'balance') return { method: 'balance' };
    const charge = await ctx.charges.find(ctx.db, hold.chargeId!);
    const card = charge === null ? null : await ctx.cards.findById(ctx.db, charge.cardId);
    return {
      method: 'card',
      ...(card !== null ? { brand: card.brand, last4: card.last4 } : {}),
      ...(charge !== null ? { chargeId: charge.gatewayChargeId ?? charge.id } : {}),
    };
  }
}

function insufficient(balance: Mills, total: Mills, refill: RefillStatus): AppError {
  const missing = total - balance;
  const why =
    refill === 'declined'
      ? '; the auto-refill from the default card was declined'
      : refill === 'unknown'
        ? '; the auto-refill from the default card got no answer from the payment gateway'
        : refill === 'no_card'
          ? '; auto-refill is on but the account has no card on file'
          : '';
  return new AppError(
    'BALANCE_INSUFFICIENT',
    `The balance is ${formatDollars(balance)} and the purchase costs ${formatDollars(total)}: ${formatDollars(missing > 0n ? missing : 0n)} is missing${why}`,
    { balanceMills: balance.toString(), totalMills: total.toString(), missingMills: (missing > 0n ? missing : 0n).toString(), autoRefill: refill },
  );
}
