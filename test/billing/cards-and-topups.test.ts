// Cards and top-ups against the payment simulator, on SQLite and PostgreSQL: every test card's outcome,
// idempotent top-ups, the sweeper of unknown outcomes, owners only, and accounts kept apart.
import { describe, expect, it } from 'vitest';
import type { PaymentGateway } from '../../src/payment/gateway-port.js';
import { AppError } from '../../src/errors/app-error.js';
import { forEachDialect } from '../helpers/dialects.js';
import { CARDS, addCard, balanceOf, codeOf, expectCleanAudit, member, owner, startBillingWorld, testCard } from './billing-fixture.js';

forEachDialect((_dialect, open) => {
  describe('cards', () => {
    it('adds, lists, makes default and removes cards; the first is the default; only the owner may', async () => {
      const w = await startBillingWorld(open);
      const visa = await addCard(w, 'A', CARDS.approve);
      const mc = await addCard(w, 'A', CARDS.mastercard);
      let list = await w.billing.listCards(owner('A'));
      expect(list.map((c) => [c.id, c.brand, c.last4, c.isDefault, c.expired])).toEqual([
        [visa, 'visa', '4242', true, false],
        [mc, 'mastercard', '4444', false, false],
      ]);
      expect((await w.billing.makeDefaultCard(owner('A'), mc)).isDefault).toBe(true);
      list = await w.billing.listCards(owner('A'));
      expect(list.filter((c) => c.isDefault).map((c) => c.id)).toEqual([mc]);
      await w.billing.removeCard(owner('A'), mc);
      list = await w.billing.listCards(owner('A'));
      expect(list.map((c) => [c.id, c.isDefault])).toEqual([[visa, true]]);
      expect(await codeOf(w.billing.removeCard(owner('A'), mc))).toBe('CARD_NOT_FOUND');
      expect(await codeOf(w.billing.listCards(member('A')))).toBe('ROLE_FORBIDDEN');
      expect(await codeOf(w.billing.addCard(member('A'), testCard(CARDS.approve)))).toBe('ROLE_FORBIDDEN');
      expect(await codeOf(w.billing.topUp(member('A'), 'k', { amountDollars: '10.00' }))).toBe('ROLE_FORBIDDEN');
    });

    it('checks a card before anything: invalid numbers, expiry and CVC never reach the gateway', async () => {
      let tokenized = 0;
      const w = await startBillingWorld(open, {
        wrapGateway: (g) => ({ ...bind(g), tokenize: (c) => ((tokenized += 1), g.tokenize(c)) }),
      });
      expect(await codeOf(w.billing.addCard(owner('A'), { ...testCard(CARDS.approve), number: '4242424242424241' }))).toBe('CARD_NUMBER_INVALID');
      expect(await codeOf(w.billing.addCard(owner('A'), { ...testCard(CARDS.approve), expMonth: 13 }))).toBe('CARD_EXPIRY_INVALID');
      expect(await codeOf(w.billing.addCard(owner('A'), { ...testCard(CARDS.approve), expYear: 2025 }))).toBe('CARD_EXPIRED');
      expect(await codeOf(w.billing.addCard(owner('A'), { ...testCard(CARDS.approve), cvc: '12' }))).toBe('CARD_CVC_INVALID');
      expect(await codeOf(w.billing.addCard(owner('A'), testCard('3566002020360505')))).toBe('CARD_BRAND_UNSUPPORTED');
      expect(tokenized).toBe(0);
      expect(await w.billing.listCards(owner('A'))).toEqual([]);
    });

    it('keeps accounts apart: B cannot see, remove, default or top up from A\'s card, nor see A\'s ledger', async () => {
      const w = await startBillingWorld(open);
      const cardA = await addCard(w, 'A', CARDS.approve);
      await w.billing.topUp(owner('A'), 'a-1', { amountDollars: '20.00' });
      expect(await w.billing.listCards(owner('B'))).toEqual([]);
      expect(await codeOf(w.billing.removeCard(owner('B'), cardA))).toBe('CARD_NOT_FOUND');
      expect(await codeOf(w.billing.makeDefaultCard(owner('B'), cardA))).toBe('CARD_NOT_FOUND');
      expect(await codeOf(w.billing.topUp(owner('B'), 'b-1', { amountDollars: '20.00', cardId: cardA }))).toBe('CARD_NOT_FOUND');
      expect(await codeOf(w.billing.topUp(owner('B'), 'b-2', { amountDollars: '20.00' }))).toBe('CARD_REQUIRED');
      expect((await w.billing.ledgerPage(owner('B'), 50)).entries).toEqual([]);
      expect(await balanceOf(w, 'B')).toBe(0n);
      // The same Idempotency-Key in another account is another top-up.
      await addCard(w, 'B', CARDS.mastercard);
      await w.billing.topUp(owner('B'), 'a-1', { amountDollars: '7.00' });
      expect(await balanceOf(w, 'A')).toBe(20_000n);
      expect(await balanceOf(w, 'B')).toBe(7_000n);
      expect((await w.billing.ledgerPage(owner('A'), 50)).entries).toHaveLength(1);
      await expectCleanAudit(w);
    });
  });

  describe('top-ups', () => {
    it('every test card: approve credits the balance; declines, CVC failure, insufficient funds and issuer expiry refuse; time-out is unknown', async () => {
      const w = await startBillingWorld(open);
      const outcomes: Record<string, string> = {};
      for (const [name, number] of Object.entries(CARDS)) {
        const account = `acct-${name}`;
        await addCard(w, account, number);
        outcomes[name] = await codeOf(w.billing.topUp(owner(account), `key-${name}`, { amountDollars: '25.00' }));
        const rows = await w.db.query('SELECT state, error_code FROM card_charges WHERE account_id = ?', [account]);
        outcomes[`${name}.state`] = `${String(rows[0]?.state)}/${String(rows[0]?.error_code)}`;
        outcomes[`${name}.balance`] = String(await balanceOf(w, account));
      }
      expect(outcomes).toEqual({
        approve: 'resolved',
        'approve.state': 'succeeded/null',
        'approve.balance': '25000',
        mastercard: 'resolved',
        'mastercard.state': 'succeeded/null',
        'mastercard.balance': '25000',
        decline: 'CARD_DECLINED',
        'decline.state': 'declined/CARD_DECLINED',
        'decline.balance': '0',
        cvcFail: 'CARD_CVC_FAILED',
        'cvcFail.state': 'declined/CARD_CVC_FAILED',
        'cvcFail.balance': '0',
        insufficient: 'CARD_INSUFFICIENT_FUNDS',
        'insufficient.state': 'declined/CARD_INSUFFICIENT_FUNDS',
        'insufficient.balance': '0',
        expired: 'CARD_EXPIRED',
        'expired.state': 'declined/CARD_EXPIRED',
        'expired.balance': '0',
        timeout: 'PAYMENT_GATEWAY_TIMEOUT',
        'timeout.state': 'unknown/PAYMENT_GATEWAY_TIMEOUT',
        'timeout.balance': '0',
      });
      expect(w.sim.simulator.store.charges.size).toBe(2);
      // A declined top-up retried with its key is declined again, without asking the gateway.
      const before = w.sim.simulator.store.idempotency.size;
      expect(await codeOf(w.billing.topUp(owner('acct-decline'), 'key-decline', { amountDollars: '25.00' }))).toBe('CARD_DECLINED');
      expect(w.sim.simulator.store.idempotency.size).toBe(before);
      await expectCleanAudit(w);
    });

    it('the same Idempotency-Key gives the same answer and one charge; another amount under it is refused', async () => {
      const w = await startBillingWorld(open);
      await addCard(w, 'A', CARDS.approve);
      const first = await w.billing.topUp(owner('A'), 'same-key', { amountDollars: '25.00' });
      const again = await w.billing.topUp(owner('A'), 'same-key', { amountDollars: '25.00' });
      const concurrent = await Promise.all(Array.from({ length: 5 }, () => w.billing.topUp(owner('A'), 'key-2', { amountDollars: '10.00' })));
      expect(again).toEqual(first);
      expect(new Set(concurrent.map((t) => t.id)).size).toBe(1);
      expect(first).toMatchObject({ state: 'succeeded', amountMills: '25000', amountDollars: '$25.00', card: { brand: 'visa', last4: '4242' } });
      expect(w.sim.simulator.store.charges.size).toBe(2);
      expect(await balanceOf(w, 'A')).toBe(35_000n);
      expect(await codeOf(w.billing.topUp(owner('A'), 'same-key', { amountDollars: '30.00' }))).toBe('TOPUP_IDEMPOTENCY_KEY_REUSED');
      expect(await codeOf(w.billing.topUp(owner('A'), 'k3', { amountDollars: '4.99' }))).toBe('MONEY_OUT_OF_RANGE');
      expect(await codeOf(w.billing.topUp(owner('A'), 'k4', { amountDollars: '5.005' }))).toBe('PAYMENT_AMOUNT_FRACTIONAL_CENT');
      await expectCleanAudit(w);
    });

    it('a charge whose answer was lost stays unknown until resolveUnknownCharges asks again with the same key, and is credited once', async () => {
      let loseAnswers = true;
      const w = await startBillingWorld(open, {
        wrapGateway: (g) => ({
          ...bind(g),
          // The charge reaches the gateway and is made, but the answer never comes back.
          charge: async (request) => {
            const result = await g.charge(request);
            if (loseAnswers) throw new AppError('PAYMENT_GATEWAY_TIMEOUT', 'answer lost');
            return result;
          },
        }),
      });
      await addCard(w, 'A', CARDS.approve);
      expect(await codeOf(w.billing.topUp(owner('A'), 'lost', { amountDollars: '40.00' }))).toBe('PAYMENT_GATEWAY_TIMEOUT');
      expect(await balanceOf(w, 'A')).toBe(0n);
      expect(await w.billing.resolveUnknownCharges()).toBe(0);
      loseAnswers = false;
      expect(await w.billing.resolveUnknownCharges()).toBe(1);
      expect(await w.billing.resolveUnknownCharges()).toBe(0);
      expect(await balanceOf(w, 'A')).toBe(40_000n);
      // Made once at the gateway although asked three times.
      expect(w.sim.simulator.store.charges.size).toBe(1);
      // The user's retry now gets the success.
      expect((await w.billing.topUp(owner('A'), 'lost', { amountDollars: '40.00' })).state).toBe('succeeded');
      expect(await balanceOf(w, 'A')).toBe(40_000n);
      await expectCleanAudit(w);
    });

    it('the time-out card: the sweeper asks again and it stays unknown, never credited', async () => {
      const w = await startBillingWorld(open, { gatewayTimeoutMs: 200 });
      await addCard(w, 'A', CARDS.timeout);
      expect(await codeOf(w.billing.topUp(owner('A'), 't', { amountDollars: '10.00' }))).toBe('PAYMENT_GATEWAY_TIMEOUT');
      expect(await w.billing.resolveUnknownCharges()).toBe(0);
      const rows = await w.db.query('SELECT state, attempts FROM card_charges');
      expect(rows.map((r) => [r.state, Number(r.attempts)])).toEqual([['unknown', 2]]);
      expect(await balanceOf(w, 'A')).toBe(0n);
    });
  });
});

/** The gateway's methods bound to it, so that a test can replace one. */
function bind(g: PaymentGateway): PaymentGateway {
  return { tokenize: (c) => g.tokenize(c), charge: (r) => g.charge(r), refund: (r) => g.refund(r) };
}
