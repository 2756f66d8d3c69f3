// The account's double-entry ledger, pure: the books, the kinds of transaction and the lines each
// event posts (the table of docs/customers.md, "The account ledger"). Every entry built here sums to
// zero; the repository writes it and keeps the running totals.
import type { Mills } from '../core/money.js';

/** The books of an account. `card` negative = charged to the card; `held` = reserved for purchases in flight. */
export const BOOKS = ['balance', 'held', 'card', 'postage', 'promotion'] as const;

/** One book of an account. */
export type Book = (typeof BOOKS)[number];

/** What a ledger transaction records; with its reference, it is unique (which makes posting idempotent). */
export type LedgerKind =
  | 'topup'
  | 'auto_refill'
  | 'promotion'
  | 'purchase_hold'
  | 'purchase_charge'
  | 'purchase_settle'
  | 'purchase_release'
  | 'stamp_refund';

/** One line of a transaction: a signed amount on one book. */
export interface LedgerLine {
  readonly book: Book;
  readonly amountMills: Mills;
}

/** A transaction to post: its lines sum to zero. */
export interface LedgerEntry {
  readonly accountId: string;
  readonly kind: LedgerKind;
  readonly reference: string;
  readonly memo: string;
  readonly lines: readonly LedgerLine[];
}

/**
 * Throws unless the lines sum to zero, each is non-zero and no book appears twice. Called before every
 * posting: an unbalanced entry is a programming error, never something a user can cause.
 */
export function assertBalanced(lines: readonly LedgerLine[]): void {
  if (lines.length < 2) throw new Error(`a ledger transaction needs at least two lines, not ${lines.length}`);
  const seen = new Set<Book>();
  let sum = 0n;
  for (const line of lines) {
    if (!BOOKS.includes(line.book)) throw new Error(`unknown ledger book ${String(line.book)}`);
    if (seen.has(line.book)) throw new Error(`ledger book ${line.book} appears twice in one transaction`);
    if (typeof line.amountMills !== 'bigint' || line.amountMills === 0n) throw new Error(`ledger line on ${line.book} is not a non-zero bigint`);
    seen.add(line.book);
    sum += line.amountMills;
  }
  if (sum !== 0n) throw new Error(`ledger lines sum to ${sum} mills, not 0`);
}

/** A move of `amount` (> 0) from one book to another: from −amount, to +amount. */
export function move(from: Book, to: Book, amount: Mills): LedgerLine[] {
  if (amount <= 0n) throw new Error(`a ledger move needs a positive amount, not ${amount}`);
  return [
    { book: from, amountMills: -amount },
    { book: to, amountMills: amount },
  ];
}

/** Builds an entry and checks it balances. */
export function entry(accountId: string, kind: LedgerKind, reference: string, memo: string, lines: readonly LedgerLine[]): LedgerEntry {
  const kept = lines.filter((l) => l.amountMills !== 0n);
  assertBalanced(kept);
  return { accountId, kind, reference, memo, lines: kept };
}

/**
 * The lines of an approved refund of one stamp of `amount`. From the balance: postage −S, balance +S.
 * From a card: card networks move whole cents, so the whole cents go back to the card and a fraction of a
 * cent (postage above the rate such as $0.785) to the balance.
 */
export function stampRefundLines(method: 'balance' | 'card', amount: Mills): { lines: LedgerLine[]; toCardMills: Mills } {
  if (method === 'balance') return { lines: move('postage', 'balance', amount), toCardMills: 0n };
  const toCard = amount - (amount % 10n);
  const lines: LedgerLine[] = [{ book: 'postage', amountMills: -amount }];
  if (toCard > 0n) lines.push({ book: 'card', amountMills: toCard });
  if (amount - toCard > 0n) lines.push({ book: 'balance', amountMills: amount - toCard });
  return { lines, toCardMills: toCard };
}

/** Lines in the one order every posting updates totals in, so that concurrent transactions lock rows alike (no deadlock). */
export function inLockOrder(lines: readonly LedgerLine[]): LedgerLine[] {
  return [...lines].sort((a, b) => (a.book < b.book ? -1 : a.book > b.book ? 1 : 0));
}
