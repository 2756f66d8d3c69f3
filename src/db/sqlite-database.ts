import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../errors/app-error.js';
import type { Database, Migration, Queryable, Row, SqlValue } from './database.js';
import { FifoMutex } from './fifo-mutex.js';
import { runMigrations, type MigrationTransaction } from './migrate.js';
import { SqliteStatements, toSqliteValue } from './sqlite-statements.js';
import { guardedHandle, TransactionScope } from './transaction-scope.js';

/** Where and how to open a SQLite database. */
export interface SqliteConfig {
  /** The database file (its folder is created when missing), or ':memory:' for a private in-memory database. */
  readonly path: string;
  /** How long a statement waits for a lock held by another process before failing, in milliseconds. */
  readonly busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating when missing) a SQLite database: WAL journal, synchronous=FULL so that a commit is
 * on disk before it returns (money moves through it), foreign keys enforced, 64-bit integers exact.
 * Open one Database per file per process: two connections of one process to one file would wait for
 * each other's write lock while blocking the only thread (other processes are fine: busy_timeout).
 */
export async function openSqliteDatabase(config: SqliteConfig): Promise<Database> {
  const busyTimeoutMs = config.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let db: BetterSqlite3.Database | undefined;
  try {
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    db = new BetterSqlite3(config.path, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
    db.pragma('foreign_keys = ON');
    // Every INTEGER comes back as bigint: a register in mills may pass 2^53, where a double rounds.
    db.defaultSafeIntegers(true);
  } catch (err) {
    db?.close();
    const detail = `The SQLite database ${config.path} cannot be opened: ${(err as Error).message}`;
    throw new AppError('DATABASE_UNAVAILABLE', detail, { path: config.path }, { cause: err });
  }
  return new SqliteDatabase(db, config.path);
}

/** One better-sqlite3 connection behind the asynchronous port; all work on it is queued FIFO. */
class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  private readonly statements: SqliteStatements;
  private readonly mutex = new FifoMutex();
  private readonly scope = new TransactionScope();
  private readonly connection: MigrationTransaction;
  private closed = false;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly path: string,
  ) {
    this.statements = new SqliteStatements(db);
    this.connection = {
      dialect: 'sqlite',
      query: async <T extends Row = Row>(sql: string, params?: readonly SqlValue[]) => this.runQuery(sql, params) as T[],
      execute: async (sql: string, params?: readonly SqlValue[]) => this.runExecute(sql, params),
      exec: async (script: string) => this.sync(() => void this.db.exec(script)),
    };
  }

  /** Waits for the running transaction, if any, then runs the query. */
  async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    this.assertUsable('query');
    return this.mutex.run(() => this.runQuery(sql, params) as T[]);
  }

  /** Waits for the running transaction, if any, then runs the statement. */
  async execute(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    this.assertUsable('execute');
    return this.mutex.run(() => this.runExecute(sql, params));
  }

  /** Runs `fn` between BEGIN IMMEDIATE and COMMIT once every earlier transaction has finished. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.assertUsable('transaction');
    return this.inTransaction(() => this.scope.run((isOpen) => fn(guardedHandle(this.connection, isOpen))));
  }

  /** Applies pending migrations; BEGIN IMMEDIATE serializes them with other processes on the same file. */
  async migrate(migrations: readonly Migration[]): Promise<void> {
    this.assertUsable('migrate');
    await runMigrations({ dialect: 'sqlite', migrationTransaction: (fn) => this.inTransaction(() => fn(this.connection)) }, migrations);
  }

  /** Waits for queued work, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.mutex.run(() => {
      this.statements.clear();
      this.db.close();
    });
  }

  private async inTransaction<T>(body: () => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.sync(() => this.statements.get('BEGIN IMMEDIATE').run());
      try {
        const result = await body();
        this.sync(() => this.statements.get('COMMIT').run());
        return result;
      } catch (err) {
        // A failed COMMIT may leave the transaction open; a statement error inside it may not have.
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  private runQuery(sql: string, params: readonly SqlValue[] = []): Row[] {
    return this.sync(() => {
      const statement = this.statements.get(sql);
      const values = params.map(toSqliteValue);
      if (!statement.reader) {
        statement.run(...values);
        return [];
      }
      return statement.all(...values) as Row[];
    });
  }

  private runExecute(sql: string, params: readonly SqlValue[] = []): { changes: number } {
    return this.sync(() => ({ changes: this.statements.get(sql).run(...params.map(toSqliteValue)).changes }));
  }

  /** Runs driver work, turning "locked by another process" (after busy_timeout) into DATABASE_UNAVAILABLE. */
  private sync<T>(work: () => T): T {
    try {
      return work();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) {
        const detail = `The SQLite database ${this.path} is locked by another connection`;
        throw new AppError('DATABASE_UNAVAILABLE', detail, { path: this.path, code }, { cause: err });
      }
      throw err;
    }
  }

  private assertUsable(operation: string): void {
    if (this.closed) {
      const detail = `${operation}() was called after the SQLite database ${this.path} was closed`;
      throw new AppError('DATABASE_UNAVAILABLE', detail, { path: this.path });
    }
    this.scope.assertOutside(operation);
  }
}
