import pg from 'pg';
import { AppError } from '../errors/app-error.js';
import type { Database, Migration, Queryable, Row, SqlValue } from './database.js';
import { redactDatabaseUrl, SCHEMA_NAME } from './database-url.js';
import { runMigrations, type MigrationTransaction } from './migrate.js';
import { toNumberedPlaceholders } from './placeholders.js';
import { isPostgresUnavailable, postgresTypeParsers, toPostgresValue } from './postgres-values.js';
import { guardedHandle, TransactionScope } from './transaction-scope.js';

/** Where and how to open a PostgreSQL database. */
export interface PostgresConfig {
  /** A libpq-style URL, postgres://user:password@host:5432/database. */
  readonly connectionString: string;
  /** A schema of its own (created when missing) that every connection uses as its search_path. */
  readonly schema?: string;
  /** Most connections the pool opens. */
  readonly maxConnections?: number;
  /** How long to wait for a connection to the server before giving up, in milliseconds. */
  readonly connectTimeoutMs?: number;
}

// A constant first key for the two-key advisory lock, so it cannot collide with other users' one-key locks.
const MIGRATION_LOCK_KEY = 0x1d1c1a;

/** Opens a pool, checks the server answers, and creates the schema when one is named and missing. */
export async function openPostgresDatabase(config: PostgresConfig): Promise<Database> {
  if (config.schema !== undefined && !SCHEMA_NAME.test(config.schema)) {
    const detail = `The schema name '${config.schema}' is not a lowercase identifier`;
    throw new AppError('DATABASE_URL_INVALID', detail, { schema: config.schema });
  }
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.maxConnections ?? 10,
    connectionTimeoutMillis: config.connectTimeoutMs ?? 5_000,
    types: postgresTypeParsers(),
    // Set at connection start-up, so every pooled connection resolves unqualified names in the schema.
    ...(config.schema !== undefined ? { options: `-c search_path=${config.schema}` } : {}),
  });
  // An idle client whose server connection dropped emits 'error'; the pool discards it and the next
  // query reconnects. Without a listener Node would end the process.
  pool.on('error', () => undefined);
  const db = new PostgresDatabase(pool);
  try {
    await db.query('SELECT 1');
    if (config.schema !== undefined) await createSchema(pool, config.schema);
  } catch (err) {
    await pool.end().catch(() => undefined);
    if (!(err instanceof AppError) || err.code !== 'DATABASE_UNAVAILABLE') throw err;
    const where = redactDatabaseUrl(config.connectionString);
    const detail = `The PostgreSQL server at ${where} cannot be reached: ${reason(err.cause)}`;
    throw new AppError('DATABASE_UNAVAILABLE', detail, { url: where }, { cause: err.cause });
  }
  return db;
}

/** CREATE SCHEMA IF NOT EXISTS, tolerating the race in which a concurrent start-up creates it first. */
async function createSchema(pool: pg.Pool, schema: string): Promise<void> {
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw toAppError(err);
  }
}

/** A pg Pool behind the port; each transaction holds one pooled client. */
class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  private readonly scope = new TransactionScope();
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  /** Runs the query on any pooled client. */
  async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    this.assertUsable('query');
    return (await run(this.pool, sql, params)).rows as T[];
  }

  /** Runs the statement on any pooled client. */
  async execute(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    this.assertUsable('execute');
    return { changes: (await run(this.pool, sql, params)).rowCount ?? 0 };
  }

  /** Runs `fn` between BEGIN and COMMIT on one client taken from the pool. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    this.assertUsable('transaction');
    return this.withClientTransaction((client) => this.scope.run((isOpen) => fn(guardedHandle(client, isOpen))));
  }

  /** Applies pending migrations; an advisory lock per schema serializes concurrent start-ups. */
  async migrate(migrations: readonly Migration[]): Promise<void> {
    this.assertUsable('migrate');
    const migrationTransaction = <T>(fn: (tx: MigrationTransaction) => Promise<T>): Promise<T> =>
      this.withClientTransaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(?, hashtext(current_schema()))', [MIGRATION_LOCK_KEY]);
        return fn(client);
      });
    await runMigrations({ dialect: 'postgres', migrationTransaction }, migrations);
  }

  /** Ends the pool once its clients are returned; calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async withClientTransaction<T>(body: (client: MigrationTransaction) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw toAppError(err);
    }
    let broken: Error | undefined;
    try {
      await run(client, 'BEGIN');
      const result = await body(clientHandle(client));
      await run(client, 'COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        broken = rollbackErr as Error; // the connection is unusable: destroy it rather than pool it
      }
      throw err;
    } finally {
      client.release(broken);
    }
  }

  private assertUsable(operation: string): void {
    if (this.closed) {
      throw new AppError('DATABASE_UNAVAILABLE', `${operation}() was called after the PostgreSQL pool was closed`);
    }
    this.scope.assertOutside(operation);
  }
}

/** One client as a migration transaction handle (a plain transaction uses only query and execute). */
function clientHandle(client: pg.PoolClient): MigrationTransaction {
  return {
    dialect: 'postgres',
    query: async <T extends Row = Row>(sql: string, params?: readonly SqlValue[]) => (await run(client, sql, params)).rows as T[],
    execute: async (sql: string, params?: readonly SqlValue[]) => ({ changes: (await run(client, sql, params)).rowCount ?? 0 }),
    // Without parameters pg uses the simple query protocol, which runs a script of several statements.
    exec: async (script: string) => {
      try {
        await client.query(script);
      } catch (err) {
        throw toAppError(err);
      }
    },
  };
}

/** Runs one statement with `?` placeholders rewritten to $n. */
async function run(target: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[] = []): Promise<pg.QueryResult> {
  try {
    return await target.query({ text: toNumberedPlaceholders(sql).text, values: params.map(toPostgresValue) });
  } catch (err) {
    throw toAppError(err);
  }
}

/** DATABASE_UNAVAILABLE for a connection failure; any other error (a constraint, a syntax error) as it is. */
function toAppError(err: unknown): unknown {
  if (err instanceof AppError || !isPostgresUnavailable(err)) return err;
  return new AppError('DATABASE_UNAVAILABLE', `The PostgreSQL server cannot be reached: ${reason(err)}`, {}, { cause: err });
}

/** A driver error in a few words; Node's AggregateError (several addresses refused) has an empty message. */
function reason(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown };
  return typeof e?.message === 'string' && e.message !== '' ? e.message : String(e?.code ?? err);
}
