// The receipt of a completed order: who bought (the account's name and postal address), how it was paid,
// one line per stamp (rate category, postage, medium, date of mailing) and the total. A stamp refunded
// since is marked on its line and the approved refunds are summed beside the total, so that the receipt
// still shows what was charged and also what came back. Pure: the service gathers the inputs.
import type { Mills } from '../core/money.js';
import type { AccountInfo, PaymentInfo, PostalAddress, StampRefund } from './history-ports.js';
import type { OrderRow, StampRow } from './history.repository.js';
import { iso, stampFacts, type MediumSlotView } from './history-views.js';
import { dollarsWithMills } from './money-format.js';

/** One stamp on a receipt. */
export interface ReceiptLine {
  /** 1, 2, … in the order the stamps were bought. */
  readonly line: number;
  readonly stampId: string;
  readonly rateCategory: number;
  readonly rateCategoryName: string;
  readonly postageMills: string;
  readonly postageDollars: string;
  readonly medium: MediumSlotView | null;
  /** YYYY-MM-DD. */
  readonly dateOfMailing: string;
  readonly refund: StampRefund | null;
}

/** A completed order's receipt. */
export interface Receipt {
  /** The receipt is numbered by its order: one order, one receipt. */
  readonly receiptNumber: string;
  readonly orderId: string;
  readonly orderedAt: string;
  readonly completedAt: string;
  /** When this copy was made; the rest never changes but refunds. */
  readonly issuedAt: string;
  readonly currency: 'USD';
  readonly customer: { readonly name: string; readonly address: PostalAddress | null };
  /** null when billing holds no record of the payment. */
  readonly payment: PaymentInfo | null;
  readonly lines: readonly ReceiptLine[];
  /** What the order was charged. */
  readonly totalMills: string;
  readonly totalDollars: string;
  /** Postage of the lines whose refund was approved. */
  readonly refundedMills: string;
  readonly refundedDollars: string;
}

/** What a receipt is built from. */
export interface ReceiptInputs {
  readonly order: OrderRow;
  readonly stamps: readonly StampRow[];
  readonly refunds: ReadonlyMap<string, StampRefund>;
  readonly account: AccountInfo;
  readonly payment: PaymentInfo | null;
  readonly issuedAtMs: number;
}

/** Builds the receipt of a completed order. */
export function buildReceipt(input: ReceiptInputs): Receipt {
  let sum: Mills = 0n;
  let refunded: Mills = 0n;
  const lines = input.stamps.map((stamp, i): ReceiptLine => {
    const facts = stampFacts(stamp);
    const refund = input.refunds.get(stamp.id) ?? null;
    sum += facts.postageMills;
    if (refund?.status === 'approved') refunded += facts.postageMills;
    return {
      line: i + 1,
      stampId: stamp.id,
      rateCategory: facts.rateCategory,
      rateCategoryName: facts.rateCategoryName,
      postageMills: facts.postageMills.toString(),
      postageDollars: dollarsWithMills(facts.postageMills),
      medium: facts.medium,
      dateOfMailing: facts.dateOfMailing,
      refund,
    };
  });
  // The recorded total is what was charged; an order recorded before totals were kept charged its postage.
  const total = input.order.totalMills ?? sum;
  return {
    receiptNumber: input.order.id,
    orderId: input.order.id,
    orderedAt: iso(input.order.createdAtMs),
    completedAt: iso(input.order.updatedAtMs),
    issuedAt: iso(input.issuedAtMs),
    currency: 'USD',
    customer: { name: input.account.name, address: input.account.address },
    payment: input.payment,
    lines,
    totalMills: total.toString(),
    totalDollars: dollarsWithMills(total),
    refundedMills: refunded.toString(),
    refundedDollars: dollarsWithMills(refunded),
  };
}

/** How the order was paid, in words: "Prepaid postage balance", "Visa card ending in 4242". */
export function describePayment(payment: PaymentInfo | null): string {
  if (payment === null) return 'Not recorded';
  if (payment.method === 'balance') return 'Prepaid postage balance';
  const card = payment.brand === undefined ? 'Card' : `${payment.brand} card`;
  return payment.last4 === undefined ? card : `${card} ending in ${payment.last4}`;
}
