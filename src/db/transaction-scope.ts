import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../errors/app-error.js';
import type { Queryable, Row, SqlValue } from './database.js';

/** Whether one transaction is still open; its handle refuses work once it is not. */
interface TransactionState {
  open: boolean;
}

/**
 * Knows, for one database, whether the current async context runs inside one of its transaction
 * callbacks. Both dialects refuse nesting the same way: on SQLite a statement or transaction started
 * from inside a callback would wait forever for the transaction it runs in (the connection is queued),
 * and on PostgreSQL it would silently run outside the transaction on another pooled client.
 */
export class TransactionScope {
  private readonly storage = new AsyncLocalStorage<TransactionState>();

  /** Throws DATABASE_TRANSACTION_MISUSE when called from inside an open transaction of this database. */
  assertOutside(operation: string): void {
    if (this.storage.getStore()?.open === true) {
      throw new AppError(
        'DATABASE_TRANSACTION_MISUSE',
        `${operation}() was called on the database from inside one of its transactions; nested transactions are not supported`,
        { operation },
      );
    }
  }

  /** Runs `fn` marked as inside a transaction; `isOpen` turns false once `fn` settles. */
  async run<T>(fn: (isOpen: () => boolean) => Promise<T>): Promise<T> {
    const state: TransactionState = { open: true };
    try {
      return await this.storage.run(state, () => fn(() => state.open));
    } finally {
      // Work the callback left running (a timer, an unawaited promise) keeps this store: mark it closed.
      state.open = false;
    }
  }
}

/** The handle given to a transaction callback: `inner`, but only while `isOpen()` holds. */
export function guardedHandle(inner: Queryable, isOpen: () => boolean): Queryable {
  const check = (operation: string): void => {
    if (!isOpen()) {
      throw new AppError('DATABASE_TRANSACTION_MISUSE', `${operation}() was called on a transaction handle after its transaction ended`, {
        operation,
      });
    }
  };
  return {
    dialect: inner.dialect,
    async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
      check('query');
      return inner.query<T>(sql, params);
    },
    async execute(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
      check('execute');
      return inner.execute(sql, params);
    },
  };
}
