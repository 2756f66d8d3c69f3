import type BetterSqlite3 from 'better-sqlite3';
import type { SqlValue } from './database.js';

// How many distinct SQL texts keep a prepared statement; the code has a few hundred at most, so
// eviction only guards against SQL built from data by mistake.
const CACHE_LIMIT = 500;

/**
 * Prepared statements of one SQLite connection, cached by SQL text. Preparing also makes portable SQL
 * fit SQLite: a trailing `FOR UPDATE` (needed on PostgreSQL to lock the rows a transaction will change)
 * is dropped, because a SQLite transaction (BEGIN IMMEDIATE) already holds the whole database.
 */
export class SqliteStatements {
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly db: BetterSqlite3.Database) {}

  /** The prepared statement for `sql`, prepared on first use. */
  get(sql: string): BetterSqlite3.Statement {
    const cached = this.cache.get(sql);
    if (cached) return cached;
    const statement = this.db.prepare(withoutTrailingForUpdate(sql));
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(sql, statement);
    return statement;
  }

  /** Forgets every statement (before the connection closes). */
  clear(): void {
    this.cache.clear();
  }
}

/** `sql` without a final `FOR UPDATE` (and a final semicolon); SKIP LOCKED and NOWAIT are not portable and stay. */
export function withoutTrailingForUpdate(sql: string): string {
  return sql.replace(/\s+FOR\s+UPDATE\s*;?\s*$/i, '');
}

/**
 * A bound value as better-sqlite3 takes it: a boolean as 1 or 0 (SQLite has no boolean and the driver
 * refuses one), an integral number as a 64-bit integer (the driver would bind it as REAL, so `? / 2`
 * or a TEXT column would see 5.0, not 5), any Uint8Array as a Buffer.
 */
export function toSqliteValue(value: SqlValue): bigint | number | string | Buffer | null {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}
