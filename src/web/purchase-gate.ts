// What a purchase must pass before any stamp is dispensed, and what its end does to the customer's money
// and media: the web server's side of docs/customers.md "The purchase path". The gate asks three parts,
// each behind a narrow port so that this file holds only the order of the steps:
//   user (accounts) -> medium (media registry) -> payment (billing), then reservations in the transaction
//   that records the purchase, the card charge (pay-per-purchase) before dispatch, and settlement or release
//   in the transaction that completes or fails it.
// Nothing is sent to a processing server until all of it has passed, so a refused user, card or medium
// never moves a PSD register.
import type { Principal } from '../accounts/principal.js';
import type { Queryable } from '../db/database.js';
import type { PricedStamp } from './purchase-request.js';
import type { PurchaseRecord } from './purchase.repository.js';
import type { StampRecord } from './stamp.repository.js';

/** The user check of the accounts part. */
export interface ReadinessPort {
  /** Throws ACCOUNT_SUSPENDED, USER_DISABLED, ACCOUNT_EMAIL_UNVERIFIED or ACCOUNT_ADDRESS_MISSING. */
  checkReadyToBuy(principal: Principal): Promise<void>;
}

/** A medium named by one stamp, as the registry checked it. */
export interface MediumUse {
  readonly itemIndex: number;
  readonly serial: bigint;
  readonly slot: number;
}

/** The media registry's part in a purchase. */
export interface MediaPort {
  check(accountId: string, items: readonly { index: number; serial: string; slot: number }[]): Promise<readonly { serial: bigint; slot: number }[]>;
  reserveInTx(tx: Queryable, purchaseId: string, accountId: string, items: readonly MediumUse[]): Promise<void>;
  confirmInTx(tx: Queryable, purchaseId: string, stampIdsByItemIndex: readonly string[]): Promise<unknown>;
  releaseInTx(tx: Queryable, purchaseId: string): Promise<unknown>;
}

/** How billing will take the money of one purchase (opaque to the gate). */
export type PaymentPlan = unknown;

/** Billing's part in a purchase. */
export interface BillingPort {
  preparePayment(accountId: string, totalMills: bigint): Promise<PaymentPlan>;
  holdInTx(tx: Queryable, hold: { accountId: string; purchaseId: string; totalMills: bigint; plan: PaymentPlan }): Promise<void>;
  chargeHeld(purchaseId: string): Promise<void>;
  settleInTx(tx: Queryable, purchaseId: string): Promise<void>;
  releaseInTx(tx: Queryable, purchaseId: string): Promise<void>;
  afterSettle(accountId: string): Promise<void>;
  payOwedRefunds(): Promise<number>;
}

/** What the purchase service needs to know after the gate admitted a purchase. */
export interface Admission {
  readonly totalMills: bigint;
  /** Reservations written in the transaction that records the purchase (may refuse by throwing). */
  reserveInTx(tx: Queryable, purchaseId: string): Promise<void>;
}

/** Where the work after a purchase's end is reported when it fails (it never fails the purchase). */
export interface GateLogger {
  warn(obj: object, msg: string): void;
}

/** The customer checks and money movements of purchases. */
export class PurchaseGate {
  constructor(
    private readonly accounts: ReadinessPort,
    private readonly media: MediaPort,
    private readonly billing: BillingPort,
    private readonly logger: GateLogger,
  ) {}

  /** Checks user, media and payment, in that order, recording nothing; the first failure throws its catalogued error. */
  async admit(principal: Principal, stamps: readonly PricedStamp[]): Promise<Admission> {
    await this.accounts.checkReadyToBuy(principal);
    const named = stamps.flatMap((s, index) => (s.mediumText === null ? [] : [{ index, serial: s.mediumText.serial, slot: s.mediumText.slot }]));
    const checked = named.length === 0 ? [] : await this.media.check(principal.accountId, named);
    const uses: MediumUse[] = checked.map((m, i) => ({ itemIndex: (named[i] as { index: number }).index, serial: m.serial, slot: m.slot }));
    const totalMills = stamps.reduce((sum, s) => sum + s.postage, 0n);
    const plan = await this.billing.preparePayment(principal.accountId, totalMills);
    return {
      totalMills,
      reserveInTx: async (tx, purchaseId) => {
        if (uses.length > 0) await this.media.reserveInTx(tx, purchaseId, principal.accountId, uses);
        await this.billing.holdInTx(tx, { accountId: principal.accountId, purchaseId, totalMills, plan });
      },
    };
  }

  /** Takes the money that is not yet taken (the card charge of pay-per-purchase); a refusal throws the card's error. */
  beforeDispatch(purchaseId: string): Promise<void> {
    return this.billing.chargeHeld(purchaseId);
  }

  /** In the completing transaction: the held money becomes postage sold and the media slots become used. */
  async completedInTx(tx: Queryable, purchase: PurchaseRecord, stamps: readonly StampRecord[]): Promise<void> {
    if (purchase.accountId === null) return;
    await this.billing.settleInTx(tx, purchase.id);
    if (stamps.some((s) => s.mediumSerial !== null)) await this.media.confirmInTx(tx, purchase.id, stamps.map((s) => s.id));
  }

  /** In the failing transaction: the held money goes back (to the balance, or as a card refund owed) and the slots are freed. */
  async failedInTx(tx: Queryable, purchase: PurchaseRecord): Promise<void> {
    if (purchase.accountId === null) return;
    await this.billing.releaseInTx(tx, purchase.id);
    await this.media.releaseInTx(tx, purchase.id);
  }

  /** After a completion is committed: the low-balance warning. */
  afterCompleted(purchase: PurchaseRecord): void {
    if (purchase.accountId === null) return;
    this.billing.afterSettle(purchase.accountId).catch((err: unknown) => this.logger.warn({ err, purchaseId: purchase.id }, 'low-balance check failed'));
  }

  /** After a failure is committed: pay the card refunds it left owed now rather than at the next sweep. */
  afterFailed(purchase: PurchaseRecord): void {
    if (purchase.accountId === null) return;
    this.billing.payOwedRefunds().catch((err: unknown) => this.logger.warn({ err, purchaseId: purchase.id }, 'paying owed card refunds failed; the sweeper will retry'));
  }
}
