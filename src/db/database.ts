/**
 * The database port. Two dialects implement it: SQLite (better-sqlite3, the embedded default) and
 * PostgreSQL (pg). SQL is written once with `?` placeholders and portable types; the PostgreSQL
 * dialect rewrites placeholders to $1, $2, …. Values come back the same way on both dialects: every
 * integer (SMALLINT, INTEGER, BIGINT, COUNT(*)) as bigint, exact to 64 bits; an integral NUMERIC (such as a
 * PostgreSQL SUM of BIGINT) as bigint too, a fractional one as its exact decimal string; BLOB/BYTEA as
 * Buffer; a bound boolean is stored as 1 or 0. Repositories convert with the readers of row-values.ts.
 * See docs/database.md.
 */
export type Dialect = 'sqlite' | 'postgres';

/** A value that can be bound to a placeholder. */
export type SqlValue = string | number | bigint | boolean | null | Buffer | Uint8Array;

/** A row as returned by the driver. */
export type Row = Record<string, unknown>;

/** Runs statements; both a Database and an open transaction are Queryable. */
export interface Queryable {
  readonly dialect: Dialect;
  /** Runs a query and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement and returns how many rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
}

/** One numbered migration; `sql` maps each dialect to its statements (run in one transaction). */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: Readonly<Record<Dialect, string>>;
}

/** A connection pool (PostgreSQL) or connection (SQLite). */
export interface Database extends Queryable {
  /**
   * Runs `fn` in one transaction, committed durably when it resolves and rolled back when it throws.
   * Transactions never interleave on one SQLite connection (they queue); on PostgreSQL each takes a
   * pooled client.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Applies the migrations not yet applied, in id order, each in its own transaction. */
  migrate(migrations: readonly Migration[]): Promise<void>;
  /** Waits for running work, then closes the connection or pool; calling it again does nothing. */
  close(): Promise<void>;
}
