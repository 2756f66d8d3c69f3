import type { Database } from './database.js';
import { parseDatabaseUrl } from './database-url.js';
import { openPostgresDatabase } from './postgres-database.js';
import { openSqliteDatabase } from './sqlite-database.js';

/** Tuning that a URL does not carry; every field has a default. */
export interface OpenDatabaseOptions {
  /** SQLite: how long to wait for a lock held by another process, in milliseconds. */
  readonly busyTimeoutMs?: number;
  /** PostgreSQL: most pooled connections. */
  readonly maxConnections?: number;
  /** PostgreSQL: how long to wait for a connection, in milliseconds. */
  readonly connectTimeoutMs?: number;
}

/**
 * Opens the database a URL names: `sqlite:/path/file.db`, `sqlite:///path/file.db`, `sqlite::memory:`
 * or a plain file path → SQLite; `postgres://…` or `postgresql://…` → PostgreSQL, with `?schema=name`
 * for a schema of its own. Throws DATABASE_URL_INVALID or DATABASE_UNAVAILABLE.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    return openSqliteDatabase({ path: target.path, ...pick(options, 'busyTimeoutMs') });
  }
  return openPostgresDatabase({
    connectionString: target.connectionString,
    ...(target.schema !== undefined ? { schema: target.schema } : {}),
    ...pick(options, 'maxConnections', 'connectTimeoutMs'),
  });
}

function pick<K extends keyof OpenDatabaseOptions>(options: OpenDatabaseOptions, ...keys: K[]): Pick<OpenDatabaseOptions, K> {
  const out: Partial<Pick<OpenDatabaseOptions, K>> = {};
  for (const key of keys) if (options[key] !== undefined) out[key] = options[key];
  return out as Pick<OpenDatabaseOptions, K>;
}
