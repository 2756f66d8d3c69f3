// Billing of an account: cards, the prepaid balance and its double-entry ledger, top-ups, auto-refill,
// charges per purchase and the refunds owed after a failed purchase or a refunded stamp
// (docs/customers.md, "The purchase path" and "The account ledger").
//
// Money moves only through ledger transactions whose lines sum to zero. Card charges are written as
// rows before the gateway is called, and the row id is the gateway's idempotency key: a retry, a sweeper
// or a crash can ask again and never charge twice. The purchase hooks take account ids (the lead's
// purchase path has checked the principal); the user-facing methods take the Principal.
//
// BillingService is the one public face of billing; the work is done by parts that share one
// BillingContext (billing-context.ts): CardService (card.service.ts), AccountBilling (top-ups, settings,
// balance, ledger, credits, audit: account-billing.ts), PurchasePayments (the purchase hooks:
// purchase-payments.ts) with AutoRefill (auto-refill.ts), and OwedMoney (the sweeps: owed-money.ts).
import type { Database, Queryable } from '../db/database.js';
import type { Mills } from '../core/money.js';
import type { Principal } from '../accounts/principal.js';
import type { PaymentGateway } from '../payment/gateway-port.js';
import { createIdGenerator } from '../web/ids.js';
import { AccountBilling, type BalanceView, type LedgerPage, type SettingsView, type TopUpView } from './account-billing.js';
import { AutoRefill } from './auto-refill.js';
import { NO_LOG, type BillingContext, type BillingLogger } from './billing-context.js';
import type { BillingSettingsInput } from './billing-settings.js';
import { CardRepository } from './card.repository.js';
import { CardService, type CardView, type NewCardInput } from './card.service.js';
import { ChargeRepository } from './charge.repository.js';
import { HoldRepository } from './hold.repository.js';
import { LedgerRepository, type LedgerAuditReport } from './ledger.repository.js';
import { SILENT_NOTIFIER, type Notifier } from './notifier.js';
import { OwedMoney } from './owed-money.js';
import { PurchasePayments, type PaymentOf, type PaymentPlan } from './purchase-payments.js';
import { SettingsRepository } from './settings.repository.js';

export type { BalanceView, LedgerPage, SettingsView, TopUpView } from './account-billing.js';
export type { RefillStatus } from './auto-refill.js';
export type { BillingLogger } from './billing-context.js';
export type { PaymentOf, PaymentPlan } from './purchase-payments.js';

/** What BillingService is built from. */
export interface BillingServiceOptions {
  readonly db: Database;
  readonly gateway: PaymentGateway;
  /** Where the low-balance warning goes; dropped when not given. */
  readonly notifier?: Notifier;
  /** Now in milliseconds; Date.now by default. */
  readonly clock?: () => number;
  /** Makes ids (UUIDv7 by default). */
  readonly newId?: () => string;
  readonly logger?: BillingLogger;
}

/** Billing of accounts: see the file comment. */
export class BillingService {
  private readonly cardService: CardService;
  private readonly account: AccountBilling;
  private readonly purchases: PurchasePayments;
  private readonly owed: OwedMoney;

  constructor(options: BillingServiceOptions) {
    const clock = options.clock ?? Date.now;
    const newId = options.newId ?? createIdGenerator(clock);
    const ctx: BillingContext = {
      db: options.db,
      gateway: options.gateway,
      notifier: options.notifier ?? SILENT_NOTIFIER,
      clock,
      newId,
      log: options.logger ?? NO_LOG,
      ledger: new LedgerRepository(newId, clock),
      cards: new CardRepository(),
      charges: new ChargeRepository(),
      holds: new HoldRepository(),
      settings: new SettingsRepository(),
    };
    this.cardService = new CardService(ctx.db, ctx.cards, ctx.gateway, ctx.clock, ctx.newId);
    this.account = new AccountBilling(ctx);
    this.purchases = new PurchasePayments(ctx, new AutoRefill(ctx));
    this.owed = new OwedMoney(ctx);
  }

  // ---- Cards (owners only) -------------------------------------------------------------------

  /** POST /v1/cards. */
  addCard(principal: Principal, input: NewCardInput): Promise<CardView> {
    return this.cardService.add(principal, input);
  }

  /** GET /v1/cards. */
  listCards(principal: Principal): Promise<CardView[]> {
    return this.cardService.list(principal);
  }

  /** DELETE /v1/cards/{id}. */
  removeCard(principal: Principal, id: string): Promise<void> {
    return this.cardService.remove(principal, id);
  }

  /** POST /v1/cards/{id}/default. */
  makeDefaultCard(principal: Principal, id: string): Promise<CardView> {
    return this.cardService.makeDefault(principal, id);
  }

  // ---- Top-ups, settings, balance, ledger, credits (account-billing.ts) ----------------------

  /** POST /v1/topups (owners only): see AccountBilling.topUp. */
  topUp(principal: Principal, idempotencyKey: string, input: { amountDollars: string; cardId?: string }): Promise<TopUpView> {
    return this.account.topUp(principal, idempotencyKey, input);
  }

  /** GET /v1/billing. */
  getSettings(principal: Principal): Promise<SettingsView> {
    return this.account.getSettings(principal);
  }

  /** PUT /v1/billing (owners only; BILLING_SETTINGS_INVALID). */
  putSettings(principal: Principal, input: BillingSettingsInput): Promise<SettingsView> {
    return this.account.putSettings(principal, input);
  }

  /** GET /v1/balance. */
  balance(principal: Principal): Promise<BalanceView> {
    return this.account.balance(principal);
  }

  /** GET /v1/ledger: the account's transactions with their lines, newest first (LEDGER_CURSOR_INVALID). */
  ledgerPage(principal: Principal, limit: number, cursor?: string): Promise<LedgerPage> {
    return this.account.ledgerPage(principal, limit, cursor);
  }

  /** An operator's credit (promotion −X, balance +X); returns the ledger transaction id. */
  creditPromotion(accountId: string, mills: Mills, memo: string): Promise<string> {
    return this.account.creditPromotion(accountId, mills, memo);
  }

  /** Recomputes every running total from the lines and lists differences and unbalanced transactions. */
  audit(): Promise<LedgerAuditReport> {
    return this.account.audit();
  }

  // ---- The purchase hooks (docs/customers.md, "The purchase path"; purchase-payments.ts) -------

  /** Step 7: how the purchase will be paid (BALANCE_INSUFFICIENT, CARD_REQUIRED, CARD_EXPIRED, …). */
  preparePayment(accountId: string, totalMills: Mills): Promise<PaymentPlan> {
    return this.purchases.preparePayment(accountId, totalMills);
  }

  /** Step 8, in the transaction that records the pending purchase: the money hold. */
  holdInTx(tx: Queryable, input: { accountId: string; purchaseId: string; totalMills: Mills; plan: PaymentPlan }): Promise<void> {
    return this.purchases.holdInTx(tx, input);
  }

  /** Step 9, per purchase only: charges the card for the hold. */
  chargeHeld(purchaseId: string): Promise<void> {
    return this.purchases.chargeHeld(purchaseId);
  }

  /** Step 11, in the purchase's completing transaction: held −P, postage +P. */
  settleInTx(tx: Queryable, purchaseId: string): Promise<void> {
    return this.purchases.settleInTx(tx, purchaseId);
  }

  /** After the completing transaction commits: the low-balance warning. */
  afterSettle(accountId: string): Promise<void> {
    return this.purchases.afterSettle(accountId);
  }

  /** Step 12, in the transaction that fails the purchase for good: the money goes back. */
  releaseInTx(tx: Queryable, purchaseId: string): Promise<void> {
    return this.purchases.releaseInTx(tx, purchaseId);
  }

  /** An approved refund of one stamp, in the refund's transaction; idempotent per refund and stamp. */
  creditStampRefundInTx(
    tx: Queryable,
    input: { accountId: string; purchaseId: string; stampId: string; amountMills: Mills; refundId: string },
  ): Promise<void> {
    return this.purchases.creditStampRefundInTx(tx, input);
  }

  /** How a purchase was paid, for receipts; null when billing has no record of it. */
  paymentOf(purchaseId: string): Promise<PaymentOf | null> {
    return this.purchases.paymentOf(purchaseId);
  }

  // ---- Money owed at the gateway (owed-money.ts) ----------------------------------------------

  /** Pays refunds owed and resolves charges of unknown outcome; how many were settled. */
  payOwedRefunds(): Promise<number> {
    return this.owed.payOwedRefunds();
  }

  /** Asks the gateway again about top-ups and auto-refills of unknown outcome; how many were resolved. */
  resolveUnknownCharges(): Promise<number> {
    return this.owed.resolveUnknownCharges();
  }
}
