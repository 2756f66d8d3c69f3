// The purchase hooks the lead's purchase path calls, on SQLite and PostgreSQL, against the payment
// simulator: holds (concurrent ones included), settle, release in every state, per-purchase charges and
// their refunds, auto-refill and its cap, the low-balance warning, stamp refunds, the audit and the
// append-only journal.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import type { PaymentGateway } from '../../src/payment/gateway-port.js';
import type { PaymentPlan } from '../../src/billing/billing.service.js';
import { forEachDialect } from '../helpers/dialects.js';
import { CARDS, addCard, balanceOf, chargeState, codeOf, expectCleanAudit, owner, startBillingWorld, type BillingWorld } from './billing-fixture.js';

const PREPAID_OFF = { enabled: false, thresholdMills: '0', amountMills: '5000', monthlyCapMills: '5000' };

/** The whole purchase path as the lead runs it: prepare, hold in a transaction, charge, then settle or release. */
async function buy(w: BillingWorld, accountId: string, purchaseId: string, total: bigint, outcome: 'complete' | 'fail' = 'complete'): Promise<PaymentPlan> {
  const plan = await w.billing.preparePayment(accountId, total);
  await w.db.transaction((tx) => w.billing.holdInTx(tx, { accountId, purchaseId, totalMills: total, plan }));
  try {
    await w.billing.chargeHeld(purchaseId);
  } catch (err) {
    await w.db.transaction((tx) => w.billing.releaseInTx(tx, purchaseId));
    throw err;
  }
  if (outcome === 'complete') {
    await w.db.transaction((tx) => w.billing.settleInTx(tx, purchaseId));
    await w.billing.afterSettle(accountId);
  } else {
    await w.db.transaction((tx) => w.billing.releaseInTx(tx, purchaseId));
  }
  return plan;
}

async function totals(w: BillingWorld, accountId: string): Promise<Record<string, string>> {
  const rows = await w.db.query('SELECT book, amount_mills FROM ledger_totals WHERE account_id = ? ORDER BY book', [accountId]);
  return Object.fromEntries(rows.map((r) => [String(r.book), String(r.amount_mills)]));
}

async function perPurchase(w: BillingWorld, accountId: string): Promise<void> {
  await w.billing.putSettings(owner(accountId), { mode: 'per_purchase', autoRefill: PREPAID_OFF, lowBalanceWarningMills: '0' });
}

forEachDialect((_dialect, open) => {
  describe('prepaid purchases', () => {
    it('hold, settle and release move the balance through held to postage or back', async () => {
      const w = await startBillingWorld(open);
      await w.billing.creditPromotion('A', 10_000n, 'welcome');
      await buy(w, 'A', 'p1', 740n);
      expect(await totals(w, 'A')).toEqual({ balance: '9260', held: '0', postage: '740', promotion: '-10000' });
      expect(await codeOf(buy(w, 'A', 'p2', 2_000n, 'fail'))).toBe('resolved');
      expect(await totals(w, 'A')).toEqual({ balance: '9260', held: '0', postage: '740', promotion: '-10000' });
      expect(await w.billing.paymentOf('p1')).toEqual({ method: 'balance' });
      expect(await w.billing.paymentOf('nope')).toBeNull();
      const err = await w.billing.preparePayment('A', 9_261n).catch((e: AppError) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('BALANCE_INSUFFICIENT');
      expect((err as AppError).message).toContain('$0.001 is missing');
      expect((err as AppError).message).toContain('POST /v1/topups');
      // Idempotent hooks: a second hold, settle or release of the same purchase changes nothing.
      await w.db.transaction((tx) => w.billing.settleInTx(tx, 'p1'));
      await w.db.transaction((tx) => w.billing.releaseInTx(tx, 'p2'));
      await w.db.transaction((tx) => w.billing.releaseInTx(tx, 'never-held'));
      expect(await totals(w, 'A')).toEqual({ balance: '9260', held: '0', postage: '740', promotion: '-10000' });
      await expectCleanAudit(w);
    });

    it('50 concurrent holds on a balance that covers 20: exactly 20 succeed and the balance never goes negative', async () => {
      const w = await startBillingWorld(open);
      // The test pool has five connections, so on PostgreSQL the holds truly race on separate connections.
      await w.billing.creditPromotion('A', 20_000n, 'for the race');
      const plan: PaymentPlan = { method: 'balance', refill: 'none' };
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          codeOf(w.db.transaction((tx) => w.billing.holdInTx(tx, { accountId: 'A', purchaseId: `race-${i}`, totalMills: 1_000n, plan }))),
        ),
      );
      expect(results.filter((r) => r === 'resolved')).toHaveLength(20);
      expect(results.filter((r) => r === 'BALANCE_INSUFFICIENT')).toHaveLength(30);
      expect(await totals(w, 'A')).toEqual({ balance: '0', held: '20000', promotion: '-20000' });
      expect(Number((await w.db.query("SELECT COUNT(*) AS n FROM purchase_holds WHERE state = 'held'"))[0]!.n)).toBe(20);
      await expectCleanAudit(w);
    });

    it('auto-refill charges the default card when a purchase would leave the balance under the threshold, up to the monthly cap', async () => {
      const w = await startBillingWorld(open);
      await addCard(w, 'A', CARDS.approve);
      await w.billing.putSettings(owner('A'), {
        mode: 'prepaid',
        autoRefill: { enabled: true, thresholdMills: '10000', amountMills: '20000', monthlyCapMills: '40000' },
        lowBalanceWarningMills: '0',
      });
      const plan = await buy(w, 'A', 'r1', 5_000n); // 0 - 5 < 10: refill 20, then 15 left
      expect(plan).toEqual({ method: 'balance', refill: 'succeeded' });
      expect(await balanceOf(w, 'A')).toBe(15_000n);
      expect((await buy(w, 'A', 'r2', 3_000n)).method).toBe('balance'); // 15 - 3 = 12 ≥ 10: no refill
      expect(await balanceOf(w, 'A')).toBe(12_000n);
      await buy(w, 'A', 'r3', 5_000n); // 12 - 5 < 10: second refill (40 of 40 used)
      expect(await balanceOf(w, 'A')).toBe(27_000n);
      await buy(w, 'A', 'r4', 20_000n); // would refill, but the cap is reached; 27 covers 20
      expect(await balanceOf(w, 'A')).toBe(7_000n);
      const err = (await w.billing.preparePayment('A', 8_000n).catch((e: AppError) => e)) as AppError;
      expect(err.code).toBe('BALANCE_INSUFFICIENT');
      expect(err.details).toMatchObject({ missingMills: '1000', autoRefill: 'none' });
      expect((await w.billing.balance(owner('A'))).autoRefill.usedThisMonthMills).toBe('40000');
      expect(w.sim.simulator.store.charges.size).toBe(2);
      await expectCleanAudit(w);
    });

    it('a declined auto-refill is named in BALANCE_INSUFFICIENT', async () => {
      const w = await startBillingWorld(open);
      await addCard(w, 'A', CARDS.decline);
      await w.billing.putSettings(owner('A'), {
        mode: 'prepaid',
        autoRefill: { enabled: true, thresholdMills: '10000', amountMills: '20000', monthlyCapMills: '40000' },
        lowBalanceWarningMills: '0',
      });
      const err = (await w.billing.preparePayment('A', 1_000n).catch((e: AppError) => e)) as AppError;
      expect(err.code).toBe('BALANCE_INSUFFICIENT');
      expect(err.message).toContain('declined');
      expect(err.details).toMatchObject({ autoRefill: 'declined' });
    });

    it('warns once when the balance falls under the warning level, and again only after it was back above', async () => {
      const w = await startBillingWorld(open);
      await addCard(w, 'A', CARDS.approve);
      await w.billing.putSettings(owner('A'), { mode: 'prepaid', autoRefill: PREPAID_OFF, lowBalanceWarningMills: '5000' });
      await w.billing.creditPromotion('A', 8_000n, 'start');
      await buy(w, 'A', 'w1', 2_000n); // 6: above
      expect(w.notices).toHaveLength(0);
      await buy(w, 'A', 'w2', 2_000n); // 4: under → warn
      await buy(w, 'A', 'w3', 1_000n); // 3: still under → no second warning
      expect(w.notices.map((n) => n.accountId)).toEqual(['A']);
      expect(w.notices[0]!.subject).toContain('$4.00');
      expect((await w.billing.balance(owner('A'))).lowBalance).toBe(true);
      await w.billing.topUp(owner('A'), 'refill', { amountDollars: '10.00' }); // 13: re-armed
      await buy(w, 'A', 'w4', 9_000n); // 4: under again → warn
      expect(w.notices).toHaveLength(2);
      await expectCleanAudit(w);
    });
  });

  describe('purchases paid per purchase', () => {
    it('needs a usable default card', async () => {
      const w = await startBillingWorld(open);
      await perPurchase(w, 'A');
      expect(await codeOf(w.billing.preparePayment('A', 740n))).toBe('CARD_REQUIRED');
      await addCard(w, 'A', CARDS.approve);
      await w.db.execute('UPDATE cards SET exp_year = 2026, exp_month = 7');
      expect(await codeOf(w.billing.preparePayment('A', 740n))).toBe('CARD_EXPIRED');
      await w.db.execute('UPDATE cards SET exp_year = 2030');
      expect(await codeOf(w.billing.preparePayment('A', 745n))).toBe('PAYMENT_AMOUNT_FRACTIONAL_CENT');
      expect(await w.billing.preparePayment('A', 740n)).toMatchObject({ method: 'card', brand: 'visa', last4: '4242' });
    });

    it('charges, settles and shows the card on the receipt; every refusal fails the purchase with the card\'s code', async () => {
      const w = await startBillingWorld(open);
      const codes: Record<string, string> = {};
      for (const [name, number] of Object.entries(CARDS)) {
        const account = `acct-${name}`;
        await perPurchase(w, account);
        await addCard(w, account, number);
        codes[name] = await codeOf(buy(w, account, `order-${name}`, 1_230n));
        const hold = await w.db.query('SELECT h.state AS h, c.state AS c FROM purchase_holds h JOIN card_charges c ON c.id = h.charge_id WHERE h.purchase_id = ?', [`order-${name}`]);
        codes[`${name}.states`] = `${String(hold[0]?.h)}/${String(hold[0]?.c)}`;
      }
      expect(codes).toEqual({
        approve: 'resolved',
        'approve.states': 'settled/succeeded',
        mastercard: 'resolved',
        'mastercard.states': 'settled/succeeded',
        decline: 'CARD_DECLINED',
        'decline.states': 'released/declined',
        cvcFail: 'CARD_CVC_FAILED',
        'cvcFail.states': 'released/declined',
        insufficient: 'CARD_INSUFFICIENT_FUNDS',
        'insufficient.states': 'released/declined',
        expired: 'CARD_EXPIRED',
        'expired.states': 'released/declined',
        timeout: 'PAYMENT_GATEWAY_TIMEOUT',
        'timeout.states': 'released/void_owed',
      });
      expect(await totals(w, 'acct-approve')).toEqual({ card: '-1230', held: '0', postage: '1230' });
      expect(await totals(w, 'acct-decline')).toEqual({});
      const receipt = await w.billing.paymentOf('order-approve');
      expect(receipt).toMatchObject({ method: 'card', brand: 'visa', last4: '4242' });
      expect(w.sim.simulator.store.charges.has(receipt!.chargeId!)).toBe(true);
      // The time-out card's charge was tried twice with one key (chargeHeld retries once).
      expect(Number((await w.db.query("SELECT attempts FROM card_charges WHERE purchase_id = 'order-timeout'"))[0]!.attempts)).toBe(2);
      await expectCleanAudit(w);
    });

    it('a charged purchase that then fails is refunded at the simulator by payOwedRefunds, once', async () => {
      const w = await startBillingWorld(open);
      await perPurchase(w, 'A');
      await addCard(w, 'A', CARDS.approve);
      await buy(w, 'A', 'fails-late', 2_500n, 'fail');
      expect(await totals(w, 'A')).toEqual({ card: '0', held: '0' });
      const row = (await w.db.query("SELECT id, state, gateway_charge_id FROM card_charges WHERE purchase_id = 'fails-late'"))[0]!;
      expect(row.state).toBe('refund_owed');
      expect(await w.billing.payOwedRefunds()).toBe(1);
      expect(await w.billing.payOwedRefunds()).toBe(0);
      expect(await chargeState(w, String(row.id))).toBe('refunded');
      const charge = w.sim.simulator.store.charges.get(String(row.gateway_charge_id))!;
      expect(charge.refundedCents).toBe(250n);
      expect(w.sim.simulator.store.refunds.size).toBe(1);
      await expectCleanAudit(w);
    });

    it('release in every state: pending → void_owed (asked again and refunded), declined → closed, unknown → void_owed', async () => {
      const w = await startBillingWorld(open);
      await perPurchase(w, 'A');
      await addCard(w, 'A', CARDS.approve);
      // Pending: the process died before the card was charged; the failed purchase is released.
      const plan = await w.billing.preparePayment('A', 990n);
      await w.db.transaction((tx) => w.billing.holdInTx(tx, { accountId: 'A', purchaseId: 'crashed', totalMills: 990n, plan }));
      await w.db.transaction((tx) => w.billing.releaseInTx(tx, 'crashed'));
      await w.db.transaction((tx) => w.billing.releaseInTx(tx, 'crashed'));
      const id = String((await w.db.query("SELECT id FROM card_charges WHERE purchase_id = 'crashed'"))[0]!.id);
      expect(await chargeState(w, id)).toBe('void_owed');
      // payOwedRefunds asks again with the same key: the charge is made now, and refunded at once.
      expect(await w.billing.payOwedRefunds()).toBe(1);
      expect(await chargeState(w, id)).toBe('refunded');
      const made = [...w.sim.simulator.store.charges.values()];
      expect(made.map((c) => [c.amountCents, c.refundedCents])).toEqual([[99n, 99n]]);
      expect(await totals(w, 'A')).toEqual({});
      await expectCleanAudit(w);
    });

    it('a charge made but whose answer was lost: void_owed, then asked again, found made, refunded', async () => {
      let lose = true;
      const w = await startBillingWorld(open, {
        wrapGateway: (g: PaymentGateway) => ({
          tokenize: (c) => g.tokenize(c),
          refund: (r) => g.refund(r),
          charge: async (r) => {
            const result = await g.charge(r);
            if (lose) throw new AppError('PAYMENT_GATEWAY_TIMEOUT', 'answer lost');
            return result;
          },
        }),
      });
      await perPurchase(w, 'A');
      await addCard(w, 'A', CARDS.approve);
      expect(await codeOf(buy(w, 'A', 'lost', 1_500n))).toBe('PAYMENT_GATEWAY_TIMEOUT');
      expect(await w.billing.payOwedRefunds()).toBe(0);
      lose = false;
      expect(await w.billing.payOwedRefunds()).toBe(1);
      const charges = [...w.sim.simulator.store.charges.values()];
      expect(charges.map((c) => [c.amountCents, c.refundedCents])).toEqual([[150n, 150n]]);
      expect(await totals(w, 'A')).toEqual({});
      await expectCleanAudit(w);
    });
  });

  describe('stamp refunds, promotions, the audit and the journal', () => {
    it('credits a refunded stamp to the balance or back to the card (a partial gateway refund), once per refund and stamp', async () => {
      const w = await startBillingWorld(open);
      await w.billing.creditPromotion('P', 5_000n, 'start');
      await buy(w, 'P', 'prepaid-order', 1_480n);
      const refund = { accountId: 'P', purchaseId: 'prepaid-order', stampId: 's1', amountMills: 740n, refundId: 'rf1' };
      await w.db.transaction((tx) => w.billing.creditStampRefundInTx(tx, refund));
      await w.db.transaction((tx) => w.billing.creditStampRefundInTx(tx, refund));
      expect(await totals(w, 'P')).toEqual({ balance: '4260', held: '0', postage: '740', promotion: '-5000' });

      await perPurchase(w, 'C');
      await addCard(w, 'C', CARDS.approve);
      await buy(w, 'C', 'card-order', 1_530n);
      const cardRefund = { accountId: 'C', purchaseId: 'card-order', stampId: 's9', amountMills: 785n, refundId: 'rf2' };
      await w.db.transaction((tx) => w.billing.creditStampRefundInTx(tx, cardRefund));
      await w.db.transaction((tx) => w.billing.creditStampRefundInTx(tx, cardRefund));
      expect(await totals(w, 'C')).toEqual({ balance: '5', card: '-750', held: '0', postage: '745' });
      expect(await w.billing.payOwedRefunds()).toBe(1);
      expect(await w.billing.payOwedRefunds()).toBe(0);
      const charge = [...w.sim.simulator.store.charges.values()][0]!;
      expect([charge.amountCents, charge.refundedCents]).toEqual([153n, 78n]);
      await expectCleanAudit(w);
    });

    it('the audit finds a running total that differs from its lines; the journal refuses UPDATE and DELETE', async () => {
      const w = await startBillingWorld(open);
      await w.billing.creditPromotion('A', 1_000n, 'x');
      await expectCleanAudit(w);
      expect((await w.billing.audit()).transactions).toBe(1);
      await expect(w.db.execute('UPDATE ledger_lines SET amount_mills = 2000')).rejects.toThrow(/append-only/);
      await expect(w.db.execute('DELETE FROM ledger_lines')).rejects.toThrow(/append-only/);
      await expect(w.db.execute('DELETE FROM ledger_transactions')).rejects.toThrow(/append-only/);
      await w.db.execute("UPDATE ledger_totals SET amount_mills = 999 WHERE book = 'balance'");
      const report = await w.billing.audit();
      expect(report.ok).toBe(false);
      expect(report.totalDifferences).toEqual([{ accountId: 'A', book: 'balance', totalMills: 999n, linesMills: 1_000n }]);
      expect(report.unbalanced).toEqual([]);
    });

    it('the ledger lists the account\'s own transactions newest first, a page at a time', async () => {
      const w = await startBillingWorld(open);
      for (let i = 1; i <= 5; i += 1) await w.billing.creditPromotion('A', BigInt(i * 1000), `credit ${i}`);
      await w.billing.creditPromotion('B', 1_000n, 'other');
      const first = await w.billing.ledgerPage(owner('A'), 2);
      expect(first.entries.map((e) => e.memo)).toEqual(['credit 5', 'credit 4']);
      expect(first.entries[0]!.lines).toEqual([
        { book: 'balance', amountMills: '5000' },
        { book: 'promotion', amountMills: '-5000' },
      ]);
      const second = await w.billing.ledgerPage(owner('A'), 2, first.nextCursor!);
      const third = await w.billing.ledgerPage(owner('A'), 2, second.nextCursor!);
      expect([...second.entries, ...third.entries].map((e) => e.memo)).toEqual(['credit 3', 'credit 2', 'credit 1']);
      expect(third.nextCursor).toBeNull();
      expect(await codeOf(w.billing.ledgerPage(owner('A'), 2, 'not-a-cursor'))).toBe('LEDGER_CURSOR_INVALID');
    });
  });
});
