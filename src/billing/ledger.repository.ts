// Every read and write of the account ledger: ledger_transactions, ledger_lines (both append-only) and
// ledger_totals, the per-(account, book) running totals updated in the same transaction as the lines.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asNumber, asString } from '../db/row-values.js';
import type { Mills } from '../core/money.js';
import { BOOKS, assertBalanced, inLockOrder, type Book, type LedgerEntry, type LedgerKind } from './ledger.js';

// Books that must never go negative: a debit of them is a conditional UPDATE, refused when it would.
const GUARDED: ReadonlySet<Book> = new Set<Book>(['balance', 'held']);

/** A debit of a guarded book (balance, held) that its total cannot cover; the service turns it into BALANCE_INSUFFICIENT. */
export class BookTooLowError extends Error {
  constructor(
    readonly accountId: string,
    readonly book: Book,
    readonly amountMills: Mills,
  ) {
    super(`the ${book} book of account ${accountId} cannot cover a debit of ${amountMills} mills`);
    this.name = 'BookTooLowError';
  }
}

/** A posted transaction with its lines, as the ledger lists it. */
export interface LedgerTransactionView {
  readonly id: string;
  readonly kind: LedgerKind;
  readonly reference: string;
  readonly memo: string;
  readonly createdAtMs: number;
  readonly lines: readonly { readonly book: Book; readonly amountMills: Mills }[];
}

/** What audit() finds: totals that differ from their lines, transactions that do not balance, negative guarded books. */
export interface LedgerAuditReport {
  readonly ok: boolean;
  readonly transactions: number;
  readonly totalDifferences: readonly { accountId: string; book: string; totalMills: Mills; linesMills: Mills }[];
  readonly unbalanced: readonly { transactionId: string; sumMills: Mills }[];
  readonly negativeBooks: readonly { accountId: string; book: string; amountMills: Mills }[];
}

/** Reads and writes the ledger; every write takes the Queryable of the caller's transaction. */
export class LedgerRepository {
  constructor(
    private readonly newId: () => string,
    private readonly nowMs: () => number,
  ) {}

  /**
   * Posts `e` inside transaction `tx`: the transaction row, its lines and the running totals. Returns
   * null (and changes nothing) when a transaction of that kind and reference is already posted, which makes
   * every posting idempotent. Throws BookTooLowError when a guarded book would go negative; the transaction
   * row is then already written, so the caller must let `tx` roll back (every caller rethrows).
   */
  async post(tx: Queryable, e: LedgerEntry): Promise<string | null> {
    assertBalanced(e.lines);
    // The (kind, reference) key makes posting idempotent: a second post of the same event inserts nothing.
    const id = this.newId();
    const { changes } = await tx.execute(
      'INSERT INTO ledger_transactions (id, account_id, kind, reference, memo, created_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, reference) DO NOTHING',
      [id, e.accountId, e.kind, e.reference, e.memo, this.nowMs()],
    );
    if (changes === 0) return null;
    // Totals in one book order for every transaction, so that two transactions of one account take the
    // row locks of PostgreSQL in the same order; a refused debit throws and the caller's transaction,
    // this insert included, is rolled back.
    for (const line of inLockOrder(e.lines)) {
      if (line.amountMills < 0n && GUARDED.has(line.book)) {
        const { changes: debited } = await tx.execute(
          'UPDATE ledger_totals SET amount_mills = amount_mills - ? WHERE account_id = ? AND book = ? AND amount_mills >= ?',
          [-line.amountMills, e.accountId, line.book, -line.amountMills],
        );
        if (debited === 0) throw new BookTooLowError(e.accountId, line.book, -line.amountMills);
      } else {
        await tx.execute(
          'INSERT INTO ledger_totals (account_id, book, amount_mills) VALUES (?, ?, ?) ' +
            'ON CONFLICT (account_id, book) DO UPDATE SET amount_mills = ledger_totals.amount_mills + excluded.amount_mills',
          [e.accountId, line.book, line.amountMills],
        );
      }
    }
    // Every line in one statement.
    await tx.execute(
      `INSERT INTO ledger_lines (transaction_id, account_id, book, amount_mills) VALUES ${e.lines.map(() => '(?, ?, ?, ?)').join(', ')}`,
      e.lines.flatMap((line) => [id, e.accountId, line.book, line.amountMills]),
    );
    return id;
  }

  /** True when a transaction of that kind and reference is posted. */
  async exists(q: Queryable, kind: LedgerKind, reference: string): Promise<boolean> {
    return (await q.query('SELECT 1 AS x FROM ledger_transactions WHERE kind = ? AND reference = ?', [kind, reference])).length > 0;
  }

  /** The running total of every book of the account (0 for a book never posted to). */
  async totals(q: Queryable, accountId: string): Promise<Record<Book, Mills>> {
    const rows = await q.query('SELECT book, amount_mills FROM ledger_totals WHERE account_id = ?', [accountId]);
    const totals = Object.fromEntries(BOOKS.map((b) => [b, 0n])) as Record<Book, Mills>;
    for (const row of rows) totals[asString(row.book) as Book] = asBigInt(row.amount_mills);
    return totals;
  }

  /** The account's transactions, newest first, `limit` of them before transaction id `beforeId` (ids sort by time). */
  async list(q: Queryable, accountId: string, limit: number, beforeId?: string): Promise<LedgerTransactionView[]> {
    const rows =
      beforeId === undefined
        ? await q.query('SELECT id, kind, reference, memo, created_at_ms FROM ledger_transactions WHERE account_id = ? ORDER BY id DESC LIMIT ?', [accountId, limit])
        : await q.query('SELECT id, kind, reference, memo, created_at_ms FROM ledger_transactions WHERE account_id = ? AND id < ? ORDER BY id DESC LIMIT ?', [
            accountId,
            beforeId,
            limit,
          ]);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => asString(r.id));
    const lines = await q.query(
      `SELECT transaction_id, book, amount_mills FROM ledger_lines WHERE account_id = ? AND transaction_id IN (${ids.map(() => '?').join(', ')})`,
      [accountId, ...ids],
    );
    const byTx = new Map<string, { book: Book; amountMills: Mills }[]>();
    for (const l of lines) {
      const list = byTx.get(asString(l.transaction_id)) ?? [];
      list.push({ book: asString(l.book) as Book, amountMills: asBigInt(l.amount_mills) });
      byTx.set(asString(l.transaction_id), list);
    }
    return rows.map((r: Row) => ({
      id: asString(r.id),
      kind: asString(r.kind) as LedgerKind,
      reference: asString(r.reference),
      memo: asString(r.memo),
      createdAtMs: asNumber(asBigInt(r.created_at_ms)),
      lines: (byTx.get(asString(r.id)) ?? []).sort((a, b) => BOOKS.indexOf(a.book) - BOOKS.indexOf(b.book)),
    }));
  }

  /** Recomputes every running total from the lines and checks that every transaction balances. */
  async audit(q: Queryable): Promise<LedgerAuditReport> {
    const count = asBigInt((await q.query('SELECT COUNT(*) AS n FROM ledger_transactions'))[0]?.n ?? 0n);
    const unbalanced = (
      await q.query('SELECT transaction_id, SUM(amount_mills) AS s FROM ledger_lines GROUP BY transaction_id HAVING SUM(amount_mills) <> 0')
    ).map((r) => ({ transactionId: asString(r.transaction_id), sumMills: asBigInt(r.s) }));
    // Transactions with fewer than two lines cannot balance a move either.
    const thin = (
      await q.query(
        'SELECT t.id AS id, COUNT(l.book) AS n FROM ledger_transactions t LEFT JOIN ledger_lines l ON l.transaction_id = t.id GROUP BY t.id HAVING COUNT(l.book) < 2',
      )
    ).map((r) => ({ transactionId: asString(r.id), sumMills: 0n }));
    const fromLines = new Map<string, Mills>();
    for (const r of await q.query('SELECT account_id, book, SUM(amount_mills) AS s FROM ledger_lines GROUP BY account_id, book')) {
      fromLines.set(`${asString(r.account_id)}\u0000${asString(r.book)}`, asBigInt(r.s));
    }
    const totalDifferences: { accountId: string; book: string; totalMills: Mills; linesMills: Mills }[] = [];
    const negativeBooks: { accountId: string; book: string; amountMills: Mills }[] = [];
    const seen = new Set<string>();
    for (const r of await q.query('SELECT account_id, book, amount_mills FROM ledger_totals')) {
      const accountId = asString(r.account_id);
      const book = asString(r.book);
      const key = `${accountId}\u0000${book}`;
      seen.add(key);
      const total = asBigInt(r.amount_mills);
      const lines = fromLines.get(key) ?? 0n;
      if (total !== lines) totalDifferences.push({ accountId, book, totalMills: total, linesMills: lines });
      if (total < 0n && GUARDED.has(book as Book)) negativeBooks.push({ accountId, book, amountMills: total });
    }
    for (const [key, lines] of fromLines) {
      if (seen.has(key) || lines === 0n) continue;
      const [accountId = '', book = ''] = key.split('\u0000');
      totalDifferences.push({ accountId, book, totalMills: 0n, linesMills: lines });
    }
    const allUnbalanced = [...unbalanced, ...thin];
    return {
      ok: totalDifferences.length === 0 && allUnbalanced.length === 0 && negativeBooks.length === 0,
      transactions: asNumber(count),
      totalDifferences,
      unbalanced: allUnbalanced,
      negativeBooks,
    };
  }
}
