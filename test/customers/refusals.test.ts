// Issue #4: "each refusal in sections 2 and 3 is covered by a test that also checks that no register
// moved". Purchases go through the real web app (POST /v1/stamps) to a real processing server with a real
// PSD ledger, paid from a prepaid balance or by card through the payment simulator. For every refusal of
// the user, the card or the medium, expectRefused() checks the answer's own catalogued code, that no
// purchase is left pending, that the PSD's registers (AR, DR, piece count) read from the processing ledger
// did not move, that the account's balance, held money and card book are unchanged and that the gateway
// holds no charge. Each refusal is followed by a good purchase (expectBought) that does move the registers
// by exactly its postage, so the register check is shown able to fail.
//
// openProcessingWorld registers its cleanup on the running test, so a world cannot be opened in beforeAll:
// each `it` below opens one world and runs a group of cases in it (about a second per world).
import { describe, expect, it } from 'vitest';
import { decodeIndicium } from '../../src/core/indicium/codec.js';
import { formatMediumSerial, packMedium } from '../../src/core/media-serial.js';
import type { ErrorCode } from '../../src/errors/catalogue.js';
import { forEachDialect } from '../helpers/dialects.js';
import {
  addCard,
  buy,
  call,
  customerWithoutAddress,
  expectBought,
  expectRefused,
  letter,
  openPurchaseWorld,
  perPurchaseCustomer,
  prepaidCustomer,
  snapshot,
  type PurchaseWorld,
} from './purchase-world.js';
import { TEST_ADDRESS } from '../accounts/ready-account.js';

/** $100 of prepaid postage: plenty for a few letters. */
const CREDIT = 100_000n;
const GOOD_CARD = '4242424242424242';

/** The issuer refusals of the simulator's documented test cards (src/payment/simulator/test-cards.ts). */
const REFUSING_CARDS: readonly { readonly number: string; readonly what: string; readonly code: ErrorCode }[] = [
  { number: '4000000000000002', what: 'a declined card', code: 'CARD_DECLINED' },
  { number: '4000000000009995', what: 'a card with insufficient funds', code: 'CARD_INSUFFICIENT_FUNDS' },
  { number: '4000000000000127', what: 'a card failing the CVC check', code: 'CARD_CVC_FAILED' },
  { number: '4000000000000069', what: 'a card the issuer says expired', code: 'CARD_EXPIRED' },
];
const TIMEOUT_CARD = '4000000000000119';

/** The PSD's own audit (registers against records and the audit chain) is clean at the end of every test. */
async function expectCleanAudit(w: PurchaseWorld): Promise<void> {
  const audit = await w.processing.ledger.auditPsd(w.psdId);
  expect(audit.problems).toEqual([]);
  expect(audit.ok).toBe(true);
}

/** The states of the account's card charges, oldest first. */
async function chargeStates(w: PurchaseWorld, accountId: string): Promise<string[]> {
  const rows = await w.db.query<{ state: string }>('SELECT state FROM card_charges WHERE account_id = ? ORDER BY created_at_ms, id', [accountId]);
  return rows.map((r) => r.state);
}

forEachDialect((_dialect, open) => {
  describe('§2 the user: refused before anything is recorded, no register moves', () => {
    it('refuses an unverified email, a missing address and a suspended account, each with its own code; fixed, each buys', async () => {
      const w = await openPurchaseWorld(open);
      const stamp = letter(w, w.letterRateMills);

      const unverified = await prepaidCustomer(w, CREDIT, { emailVerified: false });
      await expectRefused(w, unverified, 'email not verified', [stamp], 'ACCOUNT_EMAIL_UNVERIFIED');
      await w.admin.verifyEmail(unverified.email);
      await expectBought(w, unverified, 'after the email is verified', [stamp], 'balance');

      const noAddress = await customerWithoutAddress(w, CREDIT);
      await expectRefused(w, noAddress, 'no postal address', [stamp], 'ACCOUNT_ADDRESS_MISSING');
      await call(w, noAddress, 'PUT', '/v1/account/address', 200, TEST_ADDRESS);
      await expectBought(w, noAddress, 'after the address is given', [stamp], 'balance');

      const suspended = await prepaidCustomer(w, CREDIT);
      await w.admin.suspend(suspended.accountId);
      await expectRefused(w, suspended, 'account suspended', [stamp], 'ACCOUNT_SUSPENDED');
      await w.admin.reinstate(suspended.accountId);
      await expectBought(w, suspended, 'after the account is reinstated', [stamp], 'balance');

      await expectCleanAudit(w);
    });
  });

  describe('§2 prepaid payment and rates', () => {
    it('refuses a balance too low (BALANCE_INSUFFICIENT) and postage below the rate (POSTAGE_BELOW_RATE); a good purchase debits exactly the postage', async () => {
      const w = await openPurchaseWorld(open);
      const rate = w.letterRateMills;

      const poor = await prepaidCustomer(w, rate - 10n);
      const refused = await expectRefused(w, poor, 'balance too low', [letter(w, rate)], 'BALANCE_INSUFFICIENT');
      expect(refused.message).toBeTypeOf('string');
      await w.app.web.billing.creditPromotion(poor.accountId, 10n, 'the missing cent');
      await expectBought(w, poor, 'with the balance exactly covering the postage', [letter(w, rate)], 'balance');
      expect((await snapshot(w, poor)).balanceMills).toBe(0n);

      const customer = await prepaidCustomer(w, CREDIT);
      await expectRefused(w, customer, 'postage a cent below the rate', [letter(w, rate - 10n)], 'POSTAGE_BELOW_RATE');
      // One stamp below the rate refuses the whole purchase, the good ones with it.
      await expectRefused(w, customer, 'one stamp of three below the rate', [letter(w, rate), letter(w, rate - 1n), letter(w, rate)], 'POSTAGE_BELOW_RATE');
      await expectBought(w, customer, 'postage at the rate', [letter(w, rate)], 'balance');
      // More than the rate is allowed, and three stamps move the registers by their sum.
      await expectBought(w, customer, 'three stamps, one above the rate', [letter(w, rate), letter(w, rate + 1_230n), letter(w, rate)], 'balance');
      const after = await snapshot(w, customer);
      expect(after.balanceMills).toBe(CREDIT - 4n * rate - 1_230n);

      await expectCleanAudit(w);
    });
  });

  describe('§2 pay-per-purchase: the card', () => {
    it('refuses an account without a card (CARD_REQUIRED) and every issuer refusal with its own code, charging nothing; a good card is charged once for the total', async () => {
      const w = await openPurchaseWorld(open);
      const stamps = [letter(w, w.letterRateMills), letter(w, w.letterRateMills + 500n)];
      const total = 2n * w.letterRateMills + 500n;

      const cardless = await perPurchaseCustomer(w, null);
      await expectRefused(w, cardless, 'pay-per-purchase without a card', stamps, 'CARD_REQUIRED');
      await addCard(w, cardless, GOOD_CARD, true);
      await expectBought(w, cardless, 'once a card is on file', stamps, 'card');

      for (const card of REFUSING_CARDS) {
        const c = await perPurchaseCustomer(w, card.number);
        // The purchase is recorded (and its slots and payment held) before the card is charged; the refusal fails it.
        await expectRefused(w, c, card.what, stamps, card.code, 'after-recording');
        expect(await chargeStates(w, c.accountId), card.what).toEqual(['declined']);
        const holds = await w.db.query<{ state: string }>('SELECT state FROM purchase_holds WHERE account_id = ?', [c.accountId]);
        expect(holds.map((h) => h.state), card.what).toEqual(['released']);
        await addCard(w, c, GOOD_CARD, true);
        const bought = await expectBought(w, c, `${card.what}, then a good card`, stamps, 'card');
        expect(bought.map((s) => s.fields.postage)).toEqual(stamps.map((s) => s.postage));
        expect(await chargeStates(w, c.accountId), card.what).toEqual(['declined', 'succeeded']);
      }

      // The good card's one charge is of the whole order, in cents, and names the purchase.
      const good = await perPurchaseCustomer(w, GOOD_CARD);
      const chargesBefore = new Set(w.payments.simulator.store.charges.keys());
      await expectBought(w, good, 'a good card', stamps, 'card');
      const made = [...w.payments.simulator.store.charges.values()].filter((ch) => !chargesBefore.has(ch.id));
      expect(made.map((ch) => ch.amountCents)).toEqual([total / 10n]);
      const [purchase] = await w.db.query<{ id: string }>('SELECT id FROM purchases WHERE account_id = ?', [good.accountId]);
      expect(made[0]!.description).toContain(purchase!.id);

      // A user refusal comes before the card: a suspended account with a good card is not charged.
      await w.admin.suspend(good.accountId);
      await expectRefused(w, good, 'a suspended account with a good card', stamps, 'ACCOUNT_SUSPENDED');

      await expectCleanAudit(w);
    });

    it('fails a purchase whose card charge times out (PAYMENT_GATEWAY_TIMEOUT) and in the end nothing is charged', async () => {
      // The issuer holds the time-out card's charge for 800 ms; the client gives up after 250 ms.
      const w = await openPurchaseWorld(open, { holdMs: 800, gatewayTimeoutMs: 250 });
      const stamps = [letter(w, w.letterRateMills)];
      const c = await perPurchaseCustomer(w, TIMEOUT_CARD);
      const before = await snapshot(w, c);
      await expectRefused(w, c, 'a card charge that times out', stamps, 'PAYMENT_GATEWAY_TIMEOUT', 'after-recording');

      // What the outcome of the charge is, is not known: the charge is owed a void, which payOwedRefunds asks again.
      await w.app.web.billing.payOwedRefunds();
      const store = w.payments.simulator.store;
      // Wait until the issuer has let go of every held charge, so that "in the end" is the end.
      const deadline = Date.now() + 10_000;
      while (store.pendingIdempotency.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(store.pendingIdempotency.size).toBe(0);
      await w.app.web.billing.payOwedRefunds();
      while (store.pendingIdempotency.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

      const after = await snapshot(w, c);
      expect(after.registers).toEqual(before.registers);
      expect({ charges: after.gatewayCharges, net: after.gatewayNetCents, card: after.cardBookMills, balance: after.balanceMills, held: after.heldMills }).toEqual({
        charges: 0,
        net: 0n,
        card: 0n,
        balance: 0n,
        held: 0n,
      });
      expect(after.purchases).toEqual({ pending: 0, completed: 0, failed: 1 });
      // Never charged, never refunded: the row is still owed a void (the gateway can only ever answer time-out for this card).
      expect(await chargeStates(w, c.accountId)).toEqual(['void_owed']);
      expect([...store.refunds.values()]).toEqual([]);

      await addCard(w, c, GOOD_CARD, true);
      await expectBought(w, c, 'after the time-out, with a good card', stamps, 'card');
      await expectCleanAudit(w);
    });
  });

  describe('§3 media: every refusal has its own code, reserves no slot and moves no register', () => {
    it('refuses a wrong check digit, an unknown serial, another account\'s medium, a slot out of range, a used slot, a repeated slot and a voided medium; the indicium carries serial<<8|slot', async () => {
      const w = await openPurchaseWorld(open);
      const rate = w.letterRateMills;
      const c = await prepaidCustomer(w, CREDIT);
      const other = await prepaidCustomer(w, CREDIT);
      const [sheet] = (await w.app.web.media.issue({ accountId: c.accountId, layout: 'address-30up', count: 1 })).media;
      const [othersLabel] = (await w.app.web.media.issue({ accountId: other.accountId, layout: 'address-30up', count: 1 })).media;
      const [voided] = (await w.app.web.media.issue({ accountId: c.accountId, layout: 'address-30up', count: 1 })).media;
      await w.app.web.media.void(formatMediumSerial(voided!.serial), 'spoiled in the printer');
      const serial = formatMediumSerial(sheet!.serial);
      const on = (printed: string, slot: number, postage = rate) => letter(w, postage, { medium: { serial: printed, slot } });

      // The good path first, on slot 1: the indicium itself (decoded from its bytes) carries serial<<8|slot.
      const [stamp] = await expectBought(w, c, 'a stamp on slot 1', [on(serial, 1)], 'balance');
      const expected = packMedium(sheet!.serial, 1);
      expect(decodeIndicium(Buffer.from(stamp!.indicium, 'base64')).fields.medium).toBe(expected);
      expect(stamp!.fields.medium).toBe(expected.toString());

      const lastDigit = Number(serial.at(-1));
      const wrongDigit = `${serial.slice(0, -1)}${(lastDigit + 1) % 10}`;
      await expectRefused(w, c, 'wrong check digit', [on(wrongDigit, 2)], 'MEDIUM_SERIAL_CHECK_DIGIT');
      // A well-formed serial (right check digit) the vendor never issued.
      const unknown = formatMediumSerial(sheet!.serial === 999_999_999_999n ? 1n : sheet!.serial + 1_000_000n);
      await expectRefused(w, c, 'unknown serial', [on(unknown, 2)], 'MEDIUM_UNKNOWN');
      const notYours = await expectRefused(w, c, "another account's medium", [on(formatMediumSerial(othersLabel!.serial), 2)], 'MEDIUM_NOT_YOURS');
      expect(JSON.stringify(notYours)).not.toContain(other.accountId);
      await expectRefused(w, c, 'slot out of range', [on(serial, sheet!.slotCount + 1)], 'MEDIUM_SLOT_OUT_OF_RANGE');
      await expectRefused(w, c, 'slot already used', [on(serial, 1)], 'MEDIUM_SLOT_USED');
      await expectRefused(w, c, 'slot repeated in one purchase', [on(serial, 2), on(serial, 2)], 'MEDIUM_SLOT_REPEATED');
      await expectRefused(w, c, 'voided medium', [on(formatMediumSerial(voided!.serial), 2)], 'MEDIUM_VOIDED');
      // One bad medium among good stamps refuses them all.
      await expectRefused(w, c, 'a good stamp and a used slot', [on(serial, 3), on(serial, 1)], 'MEDIUM_SLOT_USED');

      // No refusal reserved anything: slots 2 and 3 are free, and a good purchase takes them and moves the registers.
      const detail = await call(w, c, 'GET', `/v1/media/${serial}`, 200);
      expect({ used: detail.usedSlots, reserved: detail.reservedSlots }).toEqual({ used: 1, reserved: 0 });
      const slots = detail.slots as { slot: number; state: 'free' | 'reserved' | 'used'; stampId: string | null }[];
      expect(slots.filter((s) => s.state !== 'free').map((s) => [s.slot, s.state, s.stampId])).toEqual([[1, 'used', stamp!.id]]);
      const bought = await expectBought(w, c, 'slots 2 and 3', [on(serial, 2), on(serial, 3, rate + 10n)], 'balance');
      expect(bought.map((s) => BigInt(s.fields.medium as string))).toEqual([packMedium(sheet!.serial, 2), packMedium(sheet!.serial, 3)]);

      // Pay-per-purchase: the medium is checked before the card, so a refused medium charges nothing.
      const payer = await perPurchaseCustomer(w, GOOD_CARD);
      const [label] = (await w.app.web.media.issue({ accountId: payer.accountId, layout: 'thermal-4x6', count: 1 })).media;
      const labelSerial = formatMediumSerial(label!.serial);
      // A label has one slot, 0.
      await expectRefused(w, payer, 'a card payer on a slot out of range', [on(labelSerial, 1)], 'MEDIUM_SLOT_OUT_OF_RANGE');
      await expectRefused(w, payer, "a card payer on another account's sheet", [on(serial, 4)], 'MEDIUM_NOT_YOURS');
      const [onLabel] = await expectBought(w, payer, 'a card payer on its label', [on(labelSerial, 0)], 'card');
      expect(BigInt(onLabel!.fields.medium as string) >> 8n).toBe(label!.serial);

      await expectCleanAudit(w);
    });
  });

  describe('refusals raised while recording: concurrent purchases race for one slot or one balance', () => {
    it('lets one of four concurrent purchases of one slot through (the others MEDIUM_SLOT_USED) and one of four a balance covers once (the others BALANCE_INSUFFICIENT); registers move once', async () => {
      const w = await openPurchaseWorld(open);
      const rate = w.letterRateMills;

      const c = await prepaidCustomer(w, CREDIT);
      const [sheet] = (await w.app.web.media.issue({ accountId: c.accountId, layout: 'stamp-sheet', count: 1 })).media;
      const serial = formatMediumSerial(sheet!.serial);
      let before = await snapshot(w, c);
      let answers = await Promise.all([1, 2, 3, 4].map(() => buy(w, c, [letter(w, rate, { medium: { serial, slot: 1 } })])));
      let codes = answers.map((r) => (r.statusCode === 201 ? 'created' : (r.json() as { code: string }).code)).sort();
      expect(codes).toEqual(['MEDIUM_SLOT_USED', 'MEDIUM_SLOT_USED', 'MEDIUM_SLOT_USED', 'created']);
      let after = await snapshot(w, c);
      expect(after.registers).toEqual({ ascending: before.registers.ascending + rate, descending: before.registers.descending - rate, pieceCount: before.registers.pieceCount + 1 });
      expect(after.purchases).toEqual({ pending: 0, completed: 1, failed: 0 });
      expect({ balance: after.balanceMills, held: after.heldMills }).toEqual({ balance: before.balanceMills - rate, held: 0n });

      // A balance that covers one letter and not two: the concurrent purchases pass preparePayment together,
      // and the hold inside the recording transaction refuses all but one.
      const poor = await prepaidCustomer(w, rate + rate / 2n);
      before = await snapshot(w, poor);
      answers = await Promise.all([1, 2, 3, 4].map(() => buy(w, poor, [letter(w, rate)])));
      codes = answers.map((r) => (r.statusCode === 201 ? 'created' : (r.json() as { code: string }).code)).sort();
      expect(codes).toEqual(['BALANCE_INSUFFICIENT', 'BALANCE_INSUFFICIENT', 'BALANCE_INSUFFICIENT', 'created']);
      after = await snapshot(w, poor);
      expect(after.registers).toEqual({ ascending: before.registers.ascending + rate, descending: before.registers.descending - rate, pieceCount: before.registers.pieceCount + 1 });
      expect(after.purchases).toEqual({ pending: 0, completed: 1, failed: 0 });
      expect({ balance: after.balanceMills, held: after.heldMills }).toEqual({ balance: rate / 2n, held: 0n });

      await expectCleanAudit(w);
    });
  });
});
