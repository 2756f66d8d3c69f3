// Billing of an account: cards, the prepaid balance and its double-entry ledger, top-ups, auto-refill,
// charges per purchase and the refunds owed after a failed purchase or a refunded stamp
// (docs/customers.md, "The purchase path" and "The account ledger").
//
// Money moves only through ledger transactions whose lines sum to zero. Card charges are written as
// rows before the gateway is called, and the row id is the gateway's idempotency key: a retry, a sweeper
// or a crash can ask again and never charge twice. The purchase hooks take account ids (the lead's
// purchase path has checked the principal); the user-facing methods take the Principal.
import type { Database, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/constraint-errors.js';
import { formatDollars, type Mills } from '../core/money.js';
import { AppError, isAppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/catalogue.js';
import { requireOwner, type Principal } from '../accounts/principal.js';
import { millsToCents } from '../payment/card-amount.js';
import type { PaymentGateway } from '../payment/gateway-port.js';
import { createIdGenerator } from '../web/ids.js';
import {
  cardExpired,
  decideRefill,
  isLowBalance,
  monthStartMs,
  parseSettings,
  parseTopUpAmount,
  type BillingSettings,
  type BillingSettingsInput,
} from './billing-settings.js';
import { CardRepository, type CardRecord } from './card.repository.js';
import { CardService, type CardView, type NewCardInput } from './card.service.js';
import { ChargeRepository, type ChargePurpose, type ChargeRecord } from './charge.repository.js';
import { attemptCharge, refundKey, type ChargeOutcome } from './gateway-outcome.js';
import { HoldRepository } from './hold.repository.js';
import { entry, move, stampRefundLines, type LedgerKind } from './ledger.js';
import { BookTooLowError, LedgerRepository, type LedgerAuditReport, type LedgerTransactionView } from './ledger.repository.js';
import { SILENT_NOTIFIER, type Notifier } from './notifier.js';
import { SettingsRepository } from './settings.repository.js';

/** What an auto-refill before a purchase came to. */
export type RefillStatus = 'none' | 'succeeded' | 'declined' | 'unknown' | 'no_card';

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

/** A top-up as the API answers it (the same answer for every retry with its Idempotency-Key). */
export interface TopUpView {
  readonly id: string;
  readonly state: 'succeeded';
  readonly amountMills: string;
  readonly amountDollars: string;
  readonly card: { readonly id: string; readonly brand: string; readonly last4: string };
  readonly createdAtMs: number;
}

/** GET /v1/balance. */
export interface BalanceView {
  readonly balanceMills: string;
  readonly heldMills: string;
  readonly balanceDollars: string;
  readonly lowBalance: boolean;
  readonly lowBalanceWarningMills: string;
  readonly mode: BillingSettings['mode'];
  readonly autoRefill: {
    readonly enabled: boolean;
    readonly thresholdMills: string;
    readonly amountMills: string;
    readonly monthlyCapMills: string;
    readonly usedThisMonthMills: string;
  };
}

/** GET|PUT /v1/billing. */
export interface SettingsView {
  readonly mode: BillingSettings['mode'];
  readonly autoRefill: { readonly enabled: boolean; readonly thresholdMills: string; readonly amountMills: string; readonly monthlyCapMills: string };
  readonly lowBalanceWarningMills: string;
}

/** One page of GET /v1/ledger. */
export interface LedgerPage {
  readonly entries: readonly {
    readonly id: string;
    readonly kind: LedgerKind;
    readonly reference: string;
    readonly memo: string;
    readonly createdAtMs: number;
    readonly lines: readonly { readonly book: string; readonly amountMills: string }[];
  }[];
  readonly nextCursor: string | null;
}

/** A line of a log, as pino takes it; billing logs ids and codes, never card data. */
export interface BillingLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

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

// Rows a sweeper handles per call.
const SWEEP_BATCH = 100;
const NO_LOG: BillingLogger = { info: () => undefined, warn: () => undefined };

/** Billing of accounts: see the file comment. */
export class BillingService {
  private readonly db: Database;
  private readonly gateway: PaymentGateway;
  private readonly notifier: Notifier;
  private readonly clock: () => number;
  private readonly newId: () => string;
  private readonly log: BillingLogger;
  private readonly ledger: LedgerRepository;
  private readonly cards = new CardRepository();
  private readonly charges = new ChargeRepository();
  private readonly holds = new HoldRepository();
  private readonly settings = new SettingsRepository();
  private readonly cardService: CardService;
  // One auto-refill at a time per account in this process, so that concurrent purchases do not each charge the card.
  private readonly refilling = new Map<string, Promise<RefillStatus>>();

  constructor(options: BillingServiceOptions) {
    this.db = options.db;
    this.gateway = options.gateway;
    this.notifier = options.notifier ?? SILENT_NOTIFIER;
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId ?? createIdGenerator(this.clock);
    this.log = options.logger ?? NO_LOG;
    this.ledger = new LedgerRepository(this.newId, this.clock);
    this.cardService = new CardService(this.db, this.cards, this.gateway, this.clock, this.newId);
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

  // ---- Top-ups -------------------------------------------------------------------------------

  /**
   * Charges a card and credits the balance (card −X, balance +X). The same Idempotency-Key and request
   * give the same answer and charge once; the same key with another amount or card is
   * TOPUP_IDEMPOTENCY_KEY_REUSED. A gateway time-out leaves the charge 'unknown' (PAYMENT_GATEWAY_TIMEOUT):
   * a retry with the key, or resolveUnknownCharges(), asks the gateway again with the same key.
   */
  async topUp(principal: Principal, idempotencyKey: string, input: { amountDollars: string; cardId?: string }): Promise<TopUpView> {
    requireOwner(principal, 'top up the balance');
    const accountId = principal.accountId;
    const amount = parseTopUpAmount(input.amountDollars);
    const requestHash = `amount=${amount};card=${input.cardId ?? 'default'}`;
    let charge = await this.charges.findByIdempotencyKey(this.db, accountId, idempotencyKey);
    if (charge === null) {
      const card = await this.usableCard(accountId, input.cardId);
      const id = this.newId();
      try {
        await this.charges.insert(this.db, {
          id,
          accountId,
          cardId: card.id,
          purpose: 'topup',
          purchaseId: null,
          amountMills: amount,
          idempotencyKey,
          requestHash,
          createdAtMs: this.clock(),
        });
      } catch (err) {
        // A concurrent request with the same key inserted first: answer as its retry.
        if (!isUniqueViolation(err)) throw err;
      }
      charge = (await this.charges.findByIdempotencyKey(this.db, accountId, idempotencyKey))!;
    }
    if (charge.requestHash !== requestHash) {
      throw new AppError('TOPUP_IDEMPOTENCY_KEY_REUSED', `The Idempotency-Key was used for a top-up of ${formatDollars(charge.amountMills)}`, {
        amountMills: charge.amountMills.toString(),
      });
    }
    if (charge.state === 'pending' || charge.state === 'unknown') {
      const card = (await this.cards.findById(this.db, charge.cardId))!;
      const outcome = await this.attempt(charge, card.gatewayToken);
      if (outcome.kind !== 'succeeded') throw outcome.error;
      charge = (await this.charges.find(this.db, charge.id))!;
    }
    if (charge.state === 'declined') throw storedRefusal(charge);
    if (charge.state !== 'succeeded') throw new Error(`top-up ${charge.id} is in state ${charge.state}`);
    const card = (await this.cards.findById(this.db, charge.cardId))!;
    return {
      id: charge.id,
      state: 'succeeded',
      amountMills: charge.amountMills.toString(),
      amountDollars: formatDollars(charge.amountMills),
      card: { id: card.id, brand: card.brand, last4: card.last4 },
      createdAtMs: charge.createdAtMs,
    };
  }

  /**
   * Asks the gateway again, with the same idempotency key, about top-ups and auto-refills whose outcome
   * is unknown (a time-out): a charge that was made is credited now, a refusal is recorded. Returns how
   * many were resolved.
   */
  async resolveUnknownCharges(): Promise<number> {
    let resolved = 0;
    for (const c of await this.charges.listInStates(this.db, ['unknown'], SWEEP_BATCH)) {
      if (c.purpose === 'purchase') continue; // a purchase's charge is resolved by its release (void_owed)
      const card = await this.cards.findById(this.db, c.cardId);
      if (card === null) continue;
      const outcome = await this.attempt(c, card.gatewayToken);
      if (outcome.kind !== 'unknown') resolved += 1;
    }
    return resolved;
  }

  // ---- Settings, balance and ledger ----------------------------------------------------------

  /** GET /v1/billing. */
  async getSettings(principal: Principal): Promise<SettingsView> {
    return settingsView(await this.settings.get(this.db, principal.accountId));
  }

  /** PUT /v1/billing (owners only; BILLING_SETTINGS_INVALID). */
  async putSettings(principal: Principal, input: BillingSettingsInput): Promise<SettingsView> {
    requireOwner(principal, 'change the billing settings');
    const parsed = parseSettings(input);
    await this.db.transaction(async (tx) => {
      await this.settings.put(tx, principal.accountId, parsed, this.clock());
      // A new warning level may put the balance above it again.
      await this.settings.rearmWarning(tx, principal.accountId, (await this.ledger.totals(tx, principal.accountId)).balance);
    });
    return settingsView(parsed);
  }

  /** GET /v1/balance. */
  async balance(principal: Principal): Promise<BalanceView> {
    const accountId = principal.accountId;
    const [totals, s, used] = await Promise.all([
      this.ledger.totals(this.db, accountId),
      this.settings.get(this.db, accountId),
      this.charges.refillsSince(this.db, accountId, monthStartMs(this.clock())),
    ]);
    return {
      balanceMills: totals.balance.toString(),
      heldMills: totals.held.toString(),
      balanceDollars: formatDollars(totals.balance),
      lowBalance: s.mode === 'prepaid' && isLowBalance(totals.balance, s.lowBalanceWarningMills),
      lowBalanceWarningMills: s.lowBalanceWarningMills.toString(),
      mode: s.mode,
      autoRefill: { ...settingsView(s).autoRefill, usedThisMonthMills: used.toString() },
    };
  }

  /** GET /v1/ledger: the account's transactions with their lines, newest first (LEDGER_CURSOR_INVALID). */
  async ledgerPage(principal: Principal, limit: number, cursor?: string): Promise<LedgerPage> {
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows = await this.ledger.list(this.db, principal.accountId, limit + 1, before);
    const page = rows.slice(0, limit);
    return {
      entries: page.map(viewOfTransaction),
      nextCursor: rows.length > limit && page.length > 0 ? encodeCursor(page[page.length - 1]!.id) : null,
    };
  }

  // ---- The purchase hooks (docs/customers.md, "The purchase path") -----------------------------

  /**
   * Before anything is recorded: prepaid — refill from the default card first when the purchase would
   * leave the balance under the auto-refill threshold (and the month's cap allows), then the balance must
   * cover the total (BALANCE_INSUFFICIENT); per purchase — a default card that has not expired
   * (CARD_REQUIRED, CARD_EXPIRED) and a total of whole cents.
   */
  async preparePayment(accountId: string, totalMills: Mills): Promise<PaymentPlan> {
    const s = await this.settings.get(this.db, accountId);
    if (s.mode === 'per_purchase') {
      millsToCents(totalMills);
      const card = await this.cards.findDefault(this.db, accountId);
      if (card === null) throw new AppError('CARD_REQUIRED', 'The account pays per purchase and has no card on file');
      if (cardExpired(card.expMonth, card.expYear, this.clock())) throw expiredCard(card);
      return { method: 'card', cardId: card.id, brand: card.brand, last4: card.last4 };
    }
    const refill = await this.refillIfDue(accountId, s, totalMills);
    const balance = (await this.ledger.totals(this.db, accountId)).balance;
    if (balance < totalMills) throw insufficient(balance, totalMills, refill);
    return { method: 'balance', refill };
  }

  /**
   * Inside the transaction that records the pending purchase: prepaid — balance −P, held +P, refused with
   * BALANCE_INSUFFICIENT when a concurrent purchase spent the balance (a conditional UPDATE, so no two
   * purchases overspend on either dialect); per purchase — the charge row 'pending' and the hold.
   */
  async holdInTx(tx: Queryable, input: { accountId: string; purchaseId: string; totalMills: Mills; plan: PaymentPlan }): Promise<void> {
    const { accountId, purchaseId, totalMills, plan } = input;
    if (totalMills <= 0n) throw new Error(`purchase ${purchaseId} has a total of ${totalMills} mills`);
    const now = this.clock();
    if (plan.method === 'balance') {
      try {
        const posted = await this.ledger.post(tx, entry(accountId, 'purchase_hold', purchaseId, `Purchase ${purchaseId} held`, move('balance', 'held', totalMills)));
        if (posted === null) return; // held already
      } catch (err) {
        if (err instanceof BookTooLowError) {
          const balance = (await this.ledger.totals(tx, accountId)).balance;
          throw insufficient(balance, totalMills, 'none');
        }
        throw err;
      }
      await this.holds.insert(tx, { purchaseId, accountId, amountMills: totalMills, method: 'balance', chargeId: null, createdAtMs: now });
      return;
    }
    if ((await this.holds.find(tx, purchaseId)) !== null) return;
    const chargeId = this.newId();
    await this.charges.insert(tx, {
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
    await this.holds.insert(tx, { purchaseId, accountId, amountMills: totalMills, method: 'card', chargeId, createdAtMs: now });
  }

  /**
   * Per purchase only (nothing for a prepaid one): charges the card with the charge row's id as
   * idempotency key; success → card −P, held +P. A refusal marks the charge declined and throws the card's
   * error (CARD_DECLINED, CARD_INSUFFICIENT_FUNDS, CARD_CVC_FAILED, CARD_EXPIRED); a time-out is retried
   * once with the same key, then the charge is 'unknown' and PAYMENT_GATEWAY_TIMEOUT is thrown.
   */
  async chargeHeld(purchaseId: string): Promise<void> {
    const hold = await this.holds.find(this.db, purchaseId);
    if (hold === null) throw new Error(`purchase ${purchaseId} has no payment hold`);
    if (hold.method === 'balance') return;
    let charge = (await this.charges.find(this.db, hold.chargeId!))!;
    if (charge.state === 'succeeded') return;
    if (charge.state === 'declined') throw storedRefusal(charge);
    if (charge.state !== 'pending' && charge.state !== 'unknown') throw new Error(`the charge of purchase ${purchaseId} is ${charge.state}`);
    const card = (await this.cards.findById(this.db, charge.cardId))!;
    let outcome = await this.attempt(charge, card.gatewayToken);
    if (outcome.kind === 'unknown') {
      charge = (await this.charges.find(this.db, charge.id))!;
      outcome = await this.attempt(charge, card.gatewayToken);
    }
    if (outcome.kind !== 'succeeded') throw outcome.error;
  }

  /** In the purchase's completing transaction: held −P, postage +P; the hold is settled. */
  async settleInTx(tx: Queryable, purchaseId: string): Promise<void> {
    const hold = await this.holds.find(tx, purchaseId);
    if (hold === null) throw new Error(`purchase ${purchaseId} has no payment hold`);
    if (hold.state === 'settled') return;
    if (hold.state === 'released') throw new Error(`purchase ${purchaseId} was released and cannot be settled`);
    if (hold.method === 'card') {
      const charge = await this.charges.find(tx, hold.chargeId!);
      if (charge?.state !== 'succeeded') throw new Error(`the card charge of purchase ${purchaseId} is ${charge?.state ?? 'missing'}, not succeeded`);
    }
    if (!(await this.holds.transition(tx, purchaseId, 'held', 'settled', this.clock()))) return;
    await this.ledger.post(tx, entry(hold.accountId, 'purchase_settle', purchaseId, `Purchase ${purchaseId} completed`, move('held', 'postage', hold.amountMills)));
  }

  /** After the completing transaction commits: the low-balance warning, once per crossing under the level. */
  async afterSettle(accountId: string): Promise<void> {
    const s = await this.settings.get(this.db, accountId);
    if (s.mode !== 'prepaid') return;
    const balance = (await this.ledger.totals(this.db, accountId)).balance;
    if (!isLowBalance(balance, s.lowBalanceWarningMills)) {
      // Only a warning that was sent needs re-arming: most purchases write nothing here.
      if (s.lowBalanceWarnedAtMs !== null) await this.settings.rearmWarning(this.db, accountId, balance);
      return;
    }
    const at = this.clock();
    if (!(await this.settings.claimWarning(this.db, accountId, at))) return;
    try {
      await this.notifier.notifyAccount(
        accountId,
        `Your postage balance is low: ${formatDollars(balance)}`,
        `Your prepaid postage balance is ${formatDollars(balance)}, under the ${formatDollars(s.lowBalanceWarningMills)} you asked to be warned at. ` +
          'Top it up with POST /v1/topups, or turn on auto-refill with PUT /v1/billing.',
      );
    } catch (err) {
      // Not sent: give the claim back so that the next completed purchase tries again.
      await this.settings.unclaimWarning(this.db, accountId, at);
      this.log.warn({ accountId, err: (err as Error)?.message }, 'low-balance warning not sent');
    }
  }

  /**
   * In the transaction that fails the purchase for good; valid in every state and idempotent. Prepaid:
   * held −P, balance +P. Card charged: held −P, card +P and the charge 'refund_owed'. Charge pending or of
   * unknown outcome: 'void_owed' (asked again and refunded if made); declined: nothing to do.
   */
  async releaseInTx(tx: Queryable, purchaseId: string): Promise<void> {
    const hold = await this.holds.find(tx, purchaseId);
    if (hold === null || hold.state === 'released') return;
    if (hold.state === 'settled') throw new Error(`purchase ${purchaseId} was completed and cannot be released`);
    const now = this.clock();
    if (!(await this.holds.transition(tx, purchaseId, 'held', 'released', now))) return;
    const memo = `Purchase ${purchaseId} failed`;
    if (hold.method === 'balance') {
      await this.ledger.post(tx, entry(hold.accountId, 'purchase_release', purchaseId, memo, move('held', 'balance', hold.amountMills)));
      await this.settings.rearmWarning(tx, hold.accountId, (await this.ledger.totals(tx, hold.accountId)).balance);
      return;
    }
    const charge = (await this.charges.find(tx, hold.chargeId!))!;
    if (charge.state === 'succeeded') {
      await this.ledger.post(tx, entry(hold.accountId, 'purchase_release', purchaseId, `${memo}: refund to the card`, move('held', 'card', hold.amountMills)));
      await this.charges.transition(tx, charge.id, ['succeeded'], 'refund_owed', now);
    } else if (charge.state === 'pending' || charge.state === 'unknown') {
      await this.charges.transition(tx, charge.id, ['pending', 'unknown'], 'void_owed', now);
    }
  }

  /**
   * Pays what is owed at the gateway: whole refunds of charges of failed purchases, partial refunds of
   * refunded stamps, and charges of failed purchases whose outcome was unknown (asked again with the same
   * key; refunded when they had been made). Also resolves unknown top-ups and refills. Returns how many
   * were settled; what the gateway cannot answer now stays owed for the next call.
   */
  async payOwedRefunds(): Promise<number> {
    let done = 0;
    for (const c of await this.charges.listInStates(this.db, ['refund_owed', 'void_owed'], SWEEP_BATCH)) {
      if (c.state === 'void_owed') {
        const card = await this.cards.findById(this.db, c.cardId);
        if (card === null) continue;
        const outcome = await attemptCharge(this.gateway, c, card.gatewayToken);
        await this.charges.countAttempt(this.db, c.id, this.clock());
        if (outcome.kind === 'unknown') continue;
        if (outcome.kind === 'refused') {
          // Never made: nothing to give back.
          if (await this.charges.transition(this.db, c.id, ['void_owed'], 'declined', this.clock(), { errorCode: outcome.error.code })) done += 1;
          continue;
        }
        await this.charges.transition(this.db, c.id, ['void_owed'], 'void_owed', this.clock(), { gatewayChargeId: outcome.result.chargeId });
        if (await this.refundWhole({ ...c, gatewayChargeId: outcome.result.chargeId }, 'void_owed')) done += 1;
      } else if (await this.refundWhole(c, 'refund_owed')) {
        done += 1;
      }
    }
    for (const r of await this.charges.listOwedRefunds(this.db, SWEEP_BATCH)) {
      const charge = await this.charges.find(this.db, r.chargeId);
      if (charge?.gatewayChargeId == null) continue;
      try {
        const result = await this.gateway.refund({ chargeId: charge.gatewayChargeId, amountMills: r.amountMills, idempotencyKey: refundKey(r.id) });
        if (await this.charges.markRefund(this.db, r.id, this.clock(), { gatewayRefundId: result.refundId })) done += 1;
      } catch (err) {
        await this.charges.markRefund(this.db, r.id, this.clock(), { errorCode: isAppError(err) ? err.code : 'INTERNAL' });
        this.log.warn({ cardRefundId: r.id, code: isAppError(err) ? err.code : undefined }, 'stamp refund to a card not paid yet');
      }
    }
    return done + (await this.resolveUnknownCharges());
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
    const { accountId, purchaseId, stampId, amountMills, refundId } = input;
    if (amountMills <= 0n) throw new Error(`stamp ${stampId} refund of ${amountMills} mills`);
    const reference = `${refundId}:${stampId}`;
    if (await this.ledger.exists(tx, 'stamp_refund', reference)) return;
    const hold = await this.holds.find(tx, purchaseId);
    if (hold !== null && hold.accountId !== accountId) throw new Error(`purchase ${purchaseId} is not of account ${accountId}`);
    // A purchase without a hold was made before billing existed: its refund goes to the balance.
    const method = hold?.method ?? 'balance';
    const { lines, toCardMills } = stampRefundLines(method, amountMills);
    await this.ledger.post(tx, entry(accountId, 'stamp_refund', reference, `Refund ${refundId} of stamp ${stampId}`, lines));
    if (toCardMills > 0n && hold?.chargeId) {
      await this.charges.insertRefund(tx, { id: this.newId(), accountId, chargeId: hold.chargeId, refundRef: refundId, stampId, amountMills: toCardMills }, this.clock());
    }
    if (toCardMills < amountMills) await this.settings.rearmWarning(tx, accountId, (await this.ledger.totals(tx, accountId)).balance);
  }

  /** An operator's credit (promotion −X, balance +X); returns the ledger transaction id. */
  async creditPromotion(accountId: string, mills: Mills, memo: string): Promise<string> {
    if (mills <= 0n) throw new AppError('MONEY_OUT_OF_RANGE', `A credit must be more than $0.00, not ${formatDollars(mills)}`, { mills: mills.toString() });
    const reference = this.newId();
    return this.db.transaction(async (tx) => {
      const id = await this.ledger.post(tx, entry(accountId, 'promotion', reference, memo || 'Credit', move('promotion', 'balance', mills)));
      await this.settings.rearmWarning(tx, accountId, (await this.ledger.totals(tx, accountId)).balance);
      return id!;
    });
  }

  /** How a purchase was paid, for receipts; null when billing has no record of it. */
  async paymentOf(purchaseId: string): Promise<PaymentOf | null> {
    const hold = await this.holds.find(this.db, purchaseId);
    if (hold === null) return null;
    if (hold.method === 'balance') return { method: 'balance' };
    const charge = await this.charges.find(this.db, hold.chargeId!);
    const card = charge === null ? null : await this.cards.findById(this.db, charge.cardId);
    return {
      method: 'card',
      ...(card !== null ? { brand: card.brand, last4: card.last4 } : {}),
      ...(charge !== null ? { chargeId: charge.gatewayChargeId ?? charge.id } : {}),
    };
  }

  /** Recomputes every running total from the lines and lists differences and unbalanced transactions. */
  audit(): Promise<LedgerAuditReport> {
    return this.ledger.audit(this.db);
  }

  // ---- Inside --------------------------------------------------------------------------------

  /** The card a top-up names, or the default one (CARD_NOT_FOUND, CARD_REQUIRED, CARD_EXPIRED). */
  private async usableCard(accountId: string, cardId: string | undefined): Promise<CardRecord> {
    const card = cardId === undefined ? await this.cards.findDefault(this.db, accountId) : await this.cards.find(this.db, accountId, cardId);
    if (card === null || card.removedAtMs !== null) {
      if (cardId === undefined) throw new AppError('CARD_REQUIRED', 'The account has no card on file to top up from');
      throw new AppError('CARD_NOT_FOUND', `No card ${cardId} is on file for this account`, { cardId });
    }
    if (cardExpired(card.expMonth, card.expYear, this.clock())) throw expiredCard(card);
    return card;
  }

  /**
   * One attempt at the gateway for a charge row in pending or unknown, recorded: succeeded (and for a
   * top-up or refill, the balance credited in the same transaction), declined, or unknown.
   */
  private async attempt(c: ChargeRecord, token: string): Promise<ChargeOutcome> {
    await this.charges.countAttempt(this.db, c.id, this.clock());
    const outcome = await attemptCharge(this.gateway, c, token);
    const now = this.clock();
    if (outcome.kind === 'succeeded') {
      await this.db.transaction(async (tx) => {
        if (!(await this.charges.transition(tx, c.id, ['pending', 'unknown'], 'succeeded', now, { gatewayChargeId: outcome.result.chargeId, errorCode: null }))) return;
        const kind: LedgerKind = c.purpose === 'topup' ? 'topup' : c.purpose === 'auto_refill' ? 'auto_refill' : 'purchase_charge';
        if (c.purpose === 'purchase') {
          await this.ledger.post(tx, entry(c.accountId, kind, c.purchaseId!, `Purchase ${c.purchaseId} charged to the card`, move('card', 'held', c.amountMills)));
        } else {
          await this.ledger.post(tx, entry(c.accountId, kind, c.id, purposeMemo(c.purpose), move('card', 'balance', c.amountMills)));
          await this.settings.rearmWarning(tx, c.accountId, (await this.ledger.totals(tx, c.accountId)).balance);
        }
      });
      this.log.info({ chargeId: c.id, purpose: c.purpose }, 'card charged');
    } else if (outcome.kind === 'refused') {
      await this.charges.transition(this.db, c.id, ['pending', 'unknown'], 'declined', now, { errorCode: outcome.error.code });
      this.log.info({ chargeId: c.id, purpose: c.purpose, code: outcome.error.code }, 'card charge refused');
    } else {
      await this.charges.transition(this.db, c.id, ['pending', 'unknown'], 'unknown', now, { errorCode: outcome.error.code });
      this.log.warn({ chargeId: c.id, purpose: c.purpose, code: outcome.error.code }, 'card charge outcome unknown');
    }
    return outcome;
  }

  /** Refunds the whole of a made charge (key derived from the charge id) and closes it; false when the gateway did not answer. */
  private async refundWhole(c: ChargeRecord, from: 'refund_owed' | 'void_owed'): Promise<boolean> {
    if (c.gatewayChargeId === null) return false;
    try {
      const result = await this.gateway.refund({ chargeId: c.gatewayChargeId, amountMills: c.amountMills, idempotencyKey: refundKey(c.id) });
      return await this.charges.transition(this.db, c.id, [from], 'refunded', this.clock(), { gatewayRefundId: result.refundId });
    } catch (err) {
      const code = isAppError(err) ? err.code : 'INTERNAL';
      await this.charges.transition(this.db, c.id, [from], from, this.clock(), { errorCode: code });
      this.log.warn({ chargeId: c.id, code }, 'card refund not paid yet');
      return false;
    }
  }

  /** Refills the balance when due, one refill per account at a time; what came of it. */
  private async refillIfDue(accountId: string, s: BillingSettings, totalMills: Mills): Promise<RefillStatus> {
    let last: RefillStatus | undefined;
    for (;;) {
      const inflight = this.refilling.get(accountId);
      if (inflight !== undefined) {
        last = await inflight;
        continue;
      }
      // A refill that another purchase just tried and that did not succeed is not tried again for this one.
      if (last !== undefined && last !== 'succeeded') return last;
      const balance = (await this.ledger.totals(this.db, accountId)).balance;
      const used = await this.charges.refillsSince(this.db, accountId, monthStartMs(this.clock()));
      if (this.refilling.has(accountId)) continue; // another purchase started one meanwhile: wait for it
      const decision = decideRefill(s.autoRefill, balance, totalMills, used);
      if (!decision.refill) return last ?? 'none';
      const run = this.runRefill(accountId, decision.amountMills).finally(() => this.refilling.delete(accountId));
      this.refilling.set(accountId, run);
      return run;
    }
  }

  private async runRefill(accountId: string, amount: Mills): Promise<RefillStatus> {
    const card = await this.cards.findDefault(this.db, accountId);
    if (card === null) return 'no_card';
    if (cardExpired(card.expMonth, card.expYear, this.clock())) return 'declined';
    const id = this.newId();
    await this.charges.insert(this.db, {
      id,
      accountId,
      cardId: card.id,
      purpose: 'auto_refill',
      purchaseId: null,
      amountMills: amount,
      idempotencyKey: null,
      requestHash: null,
      createdAtMs: this.clock(),
    });
    const outcome = await this.attempt((await this.charges.find(this.db, id))!, card.gatewayToken);
    return outcome.kind === 'succeeded' ? 'succeeded' : outcome.kind === 'refused' ? 'declined' : 'unknown';
  }
}

function purposeMemo(purpose: ChargePurpose): string {
  return purpose === 'topup' ? 'Top-up by card' : 'Auto-refill by card';
}

function settingsView(s: BillingSettings): SettingsView {
  return {
    mode: s.mode,
    autoRefill: {
      enabled: s.autoRefill.enabled,
      thresholdMills: s.autoRefill.thresholdMills.toString(),
      amountMills: s.autoRefill.amountMills.toString(),
      monthlyCapMills: s.autoRefill.monthlyCapMills.toString(),
    },
    lowBalanceWarningMills: s.lowBalanceWarningMills.toString(),
  };
}

function viewOfTransaction(t: LedgerTransactionView): LedgerPage['entries'][number] {
  return {
    id: t.id,
    kind: t.kind,
    reference: t.reference,
    memo: t.memo,
    createdAtMs: t.createdAtMs,
    lines: t.lines.map((l) => ({ book: l.book, amountMills: l.amountMills.toString() })),
  };
}

// Cursors are the last transaction id of a page, wrapped so that clients treat them as opaque.
function encodeCursor(id: string): string {
  return Buffer.from(`l1:${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^l1:([0-9A-Za-z-]{1,64})$/.exec(text);
  if (match === null) throw new AppError('LEDGER_CURSOR_INVALID', undefined, { field: 'cursor' });
  return match[1]!;
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

function expiredCard(card: CardRecord): AppError {
  return new AppError('CARD_EXPIRED', `The default card ending ${card.last4} expired at the end of ${card.expYear}-${String(card.expMonth).padStart(2, '0')}`, {
    cardId: card.id,
  });
}

/** The refusal recorded for a declined charge, thrown again on a retry. */
function storedRefusal(c: ChargeRecord): AppError {
  return new AppError((c.errorCode ?? 'CARD_DECLINED') as ErrorCode, undefined, { chargeId: c.id });
}
