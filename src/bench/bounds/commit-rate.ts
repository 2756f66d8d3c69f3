// The durability bound: how many transactions a second reach the disk. A purchase is answered only once
// its debit is committed durably, so no purchase rate can pass the commit rate unless commits are grouped.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { measureAsyncRate, measureSyncRate } from '../measure.js';

/** Each row carries an indicium-sized payload (117 bytes, spec §2). */
const PAYLOAD = randomBytes(117);

/** An open SQLite bound: commit `rowsPerCommit` rows per transaction for a given time. */
export interface SqliteCommitBench {
  /** Commits per second over `durationMs` (multiply by rowsPerCommit for rows per second). */
  measure(durationMs: number): number;
  close(): void;
}

/**
 * Opens `<dir>/<name>.db` the way the ledger does (WAL, synchronous=FULL: every commit fsyncs the WAL)
 * with one table, ready to insert `rowsPerCommit` rows per transaction.
 */
export function openSqliteCommitBench(dir: string, name: string, rowsPerCommit: number): SqliteCommitBench {
  const db = new BetterSqlite3(join(dir, `${name}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO bench_rows (payload) VALUES (?)');
  const commit = db.transaction(() => {
    for (let i = 0; i < rowsPerCommit; i++) insert.run(PAYLOAD);
  });
  return { measure: (durationMs) => measureSyncRate(() => commit(), durationMs), close: () => db.close() };
}

/** An open PostgreSQL bound, or why there is none. */
export type PostgresCommitBench =
  | { readonly reachable: true; readonly schema: string; measure(durationMs: number): Promise<number>; close(): Promise<void> }
  | { readonly reachable: false; readonly reason: string };

/** How long to wait for PostgreSQL to answer before leaving its row out, in milliseconds. */
const CONNECT_TIMEOUT_MS = 2_000;

/**
 * Connects `clients` connections to `url` and makes a table in a new schema (dropped on close), ready to
 * commit one row per transaction (autocommit INSERT, synchronous_commit as the server has it).
 */
export async function openPostgresCommitBench(url: string, clients: number): Promise<PostgresCommitBench> {
  const pool = new pg.Pool({ connectionString: url, max: clients, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  pool.on('error', () => {}); // an idle client dropped by the server must not crash the bench
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  try {
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(`CREATE TABLE ${schema}.bench_rows (id BIGSERIAL PRIMARY KEY, payload BYTEA NOT NULL)`);
  } catch (err) {
    await pool.end().catch(() => {});
    return { reachable: false, reason: (err as Error).message || String(err) };
  }
  const sql = `INSERT INTO ${schema}.bench_rows (payload) VALUES ($1)`;
  return {
    reachable: true,
    schema,
    measure: (durationMs) => measureAsyncRate(() => pool.query(sql, [PAYLOAD]), durationMs, clients),
    close: async () => {
      await pool.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
      await pool.end();
    },
  };
}
