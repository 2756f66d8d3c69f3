// The account-facing operations of billing (docs/customers.md, "Paying" and "The account ledger"):
// top-ups, the billing settings, the balance, pages of the ledger, operator credits and the ledger
// audit. The user-facing methods take the Principal and touch only its account; owners alone may top up
// or change the settings.
import { isUniqueViolation } from '../db/constraint-errors.js';
import { formatDollars, type Mills } from '../core/money.js';
import { AppError } from '../errors/app-error.js';
import { requireOwner, type Principal } from '../accounts/principal.js';
import { cardExpired, isLowBalance, monthStartMs, parseSettings, parseTopUpAmount, type BillingSettings, type BillingSettingsInput } from './billing-settings.js';
import type { BillingContext } from './billing-context.js';
import type { CardRecord } from './card.repository.js';
import { expiredCard, recordChargeAttempt, storedRefusal } from './charge-attempt.js';
import { entry, move, type LedgerKind } from './ledger.js';
import type { LedgerAuditReport, LedgerTransactionView } from './ledger.repository.js';

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

/** The account-facing operations: see the file comment. */
export class AccountBilling {
  constructor(private readonly ctx: BillingContext) {}

  /**
   * Charges a card and credits the balance (card −X, balance +X). The same Idempotency-Key and request
   * give the same answer and charge once; the same key with another amount or card is
   * TOPUP_IDEMPOTENCY_KEY_REUSED. A gateway time-out leaves the charge 'unknown' (PAYMENT_GATEWAY_TIMEOUT):
   * a retry with the key, or resolveUnknownCharges(), asks the gateway again with the same key.
   */
  async topUp(principal: Principal, idempotencyKey: string, input: { amountDollars: string; cardId?: string }): Promise<TopUpView> {
    const { ctx } = this;
    requireOwner(principal, 'top up the balance');
    const accountId = principal.accountId;
    const amount = parseTopUpAmount(input.amountDollars);
    const requestHash = `amount=${amount};card=${input.cardId ?? 'default'}`;
    let charge = await ctx.charges.findByIdempotencyKey(ctx.db, accountId, idempotencyKey);
    if (charge === null) {
      const card = await this.usableCard(accountId, input.cardId);
      const id = ctx.newId();
      try {
        await ctx.charges.insert(ctx.db, {
          id,
          accountId,
          cardId: card.id,
          purpose: 'topup',
          purchaseId: null,
          amountMills: amount,
          idempotencyKey,
          requestHash,
          createdAtMs: ctx.clock(),
        });
      } catch (err) {
        // A concurrent request with the same key inserted first: answer as its retry.
        if (!isUniqueViolation(err)) throw err;
      }
      charge = (await ctx.charges.findByIdempotencyKey(ctx.db, accountId, idempotencyKey))!;
    }
    if (charge.requestHash !== requestHash) {
      throw new AppError('TOPUP_IDEMPOTENCY_KEY_REUSED', `The Idempotency-Key was used for a top-up of ${formatDollars(charge.amountMills)}`, {
        amountMills: charge.amountMills.toString(),
      });
    }
    if (charge.state === 'pending' || charge.state === 'unknown') {
      const card = (await ctx.cards.findById(ctx.db, charge.cardId))!;
      const outcome = await recordChargeAttempt(ctx, charge, card.gatewayToken);
      if (outcome.kind !== 'succeeded') throw outcome.error;
      charge = (await ctx.charges.find(ctx.db, charge.id))!;
    }
    if (charge.state === 'declined') throw storedRefusal(charge);
    if (charge.state !== 'succeeded') throw new Error(`top-up ${charge.id} is in state ${charge.state}`);
    const card = (await ctx.cards.findById(ctx.db, charge.cardId))!;
    return {
      id: charge.id,
      state: 'succeeded',
      amountMills: charge.amountMills.toString(),
      amountDollars: formatDollars(charge.amountMills),
      card: { id: card.id, brand: card.brand, last4: card.last4 },
      createdAtMs: charge.createdAtMs,
    };
  }

  /** GET /v1/billing. */
  async getSettings(principal: Principal): Promise<SettingsView> {
    const { ctx } = this;
    return settingsView(await ctx.settings.get(ctx.db, principal.accountId));
  }

  /** PUT /v1/billing (owners only; BILLING_SETTINGS_INVALID). */
  async putSettings(principal: Principal, input: BillingSettingsInput): Promise<SettingsView> {
    const { ctx } = this;
    requireOwner(principal, 'change the billing settings');
    const parsed = parseSettings(input);
    await ctx.db.transaction(async (tx) => {
      await ctx.settings.put(tx, principal.accountId, parsed, ctx.clock());
      // A new warning level may put the balance above it again.
      await ctx.settings.rearmWarning(tx, principal.accountId, (await ctx.ledger.totals(tx, principal.accountId)).balance);
    });
    return settingsView(parsed);
  }

  /** GET /v1/balance. */
  async balance(principal: Principal): Promise<BalanceView> {
    const { ctx } = this;
    const accountId = principal.accountId;
    const [totals, s, used] = await Promise.all([
      ctx.ledger.totals(ctx.db, accountId),
      ctx.settings.get(ctx.db, accountId),
      ctx.charges.refillsSince(ctx.db, accountId, monthStartMs(ctx.clock())),
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
    const { ctx } = this;
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows = await ctx.ledger.list(ctx.db, principal.accountId, limit + 1, before);
    const page = rows.slice(0, limit);
    return {
      entries: page.map(viewOfTransaction),
      nextCursor: rows.length > limit && page.length > 0 ? encodeCursor(page[page.length - 1]!.id) : null,
    };
  }

  /** An operator's credit (promotion −X, balance +X); returns the ledger transaction id. */
  async creditPromotion(accountId: string, mills: Mills, memo: string): Promise<string> {
    const { ctx } = this;
    if (mills <= 0n) throw new AppError('MONEY_OUT_OF_RANGE', `A credit must be more than $0.00, not ${formatDollars(mills)}`, { mills: mills.toString() });
    const reference = ctx.newId();
    return ctx.db.transaction(async (tx) => {
      const id = await ctx.ledger.post(tx, entry(accountId, 'promotion', reference, memo || 'Credit', move('promotion', 'balance', mills)));
      await ctx.settings.rearmWarning(tx, accountId, (await ctx.ledger.totals(tx, accountId)).balance);
      return id!;
    });
  }

  /** Recomputes every running total from the lines and lists differences and unbalanced transactions. */
  audit(): Promise<LedgerAuditReport> {
    return this.ctx.ledger.audit(this.ctx.db);
  }

  /** The card a top-up names, or the default one (CARD_NOT_FOUND, CARD_REQUIRED, CARD_EXPIRED). */
  private async usableCard(accountId: string, cardId: string | undefined): Promise<CardRecord> {
    const { ctx } = this;
    const card = cardId === undefined ? await ctx.cards.findDefault(ctx.db, accountId) : await ctx.cards.find(ctx.db, accountId, cardId);
    if (card === null || card.removedAtMs !== null) {
      if (cardId === undefined) throw new AppError('CARD_REQUIRED', 'The account has no card on file to top up from');
      throw new AppError('CARD_NOT_FOUND', `No card ${cardId} is on file for this account`, { cardId });
    }
    if (cardExpired(card.expMonth, card.expYear, ctx.clock())) throw expiredCard(card);
    return card;
  }
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
