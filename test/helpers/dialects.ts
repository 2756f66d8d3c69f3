/**
 * The DIALECTS loop: one integration suite, run once per real database (SQLite and PostgreSQL), the way
 * kysely tests every dialect. Any part with a repository (the PSD ledger, the authority, the web server)
 * writes its integration tests like this:
 *
 *   import { expect, it } from 'vitest';
 *   import { forEachDialect } from '../helpers/dialects.js';
 *   import { MIGRATIONS } from '../../src/vendor/migrations.js';
 *
 *   forEachDialect((dialect, open) => {
 *     it('debits a PSD', async () => {
 *       const db = await open({ migrations: MIGRATIONS }); // a fresh, migrated, empty database
 *       await db.transaction(async (tx) => { ... });
 *       expect(...);
 *     });                                                  // closed and removed when the test ends
 *   });
 *
 * - Each dialect gets a `describe(dialect)` block; `open()` gives a new database every call: SQLite in a
 *   new file under the OS temp folder, PostgreSQL in a new schema of PG_URL (default
 *   postgres://postgres@127.0.0.1:5432/test). It is closed and deleted (file removed, schema dropped)
 *   after the test that opened it, or after the dialect's block when opened in beforeAll.
 * - `db.url` is that database's URL: `open({ url: db.url })` opens a second connection to the same
 *   database (concurrency tests), and a server process started by an end-to-end test can be given it.
 * - When PostgreSQL is unreachable, its block is skipped with a console warning; under CI
 *   (process.env.CI set) it is not skipped but fails, saying PG_URL is unreachable.
 * - `forDialect('postgres', (open) => { … })` declares tests of what one dialect alone has.
 * - TEST_DIALECTS=sqlite (or postgres) runs one dialect only, for a quick local loop.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, it, onTestFinished } from 'vitest';
import type { Database, Dialect, Migration } from '../../src/db/database.js';
import { redactDatabaseUrl } from '../../src/db/database-url.js';
import { openDatabase } from '../../src/db/open-database.js';

/** Every dialect, in the order suites run. */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** The PostgreSQL server the tests use; each test database is a fresh schema in it. */
export const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database opened by the harness, with the URL that opens it again. */
export type TestDatabase = Database & { readonly url: string };

/** What `open` takes: migrations to apply, or the URL of a test database to connect to again. */
export interface OpenTestDatabaseOptions {
  readonly migrations?: readonly Migration[];
  readonly url?: string;
}

/** Opens a fresh test database (or another connection to `options.url`), cleaned up after its test. */
export type OpenTestDatabase = (options?: OpenTestDatabaseOptions) => Promise<TestDatabase>;

const selected = selectedDialects();
// Probed once per test file, before any suite is declared, so a dialect's block can be skipped as a whole.
const postgres = selected.includes('postgres') ? await probePostgres(PG_URL) : { reachable: false, reason: 'not selected' };
const pgUnreachable = `PostgreSQL at PG_URL=${redactDatabaseUrl(PG_URL)} is unreachable (${postgres.reason})`;
if (selected.includes('postgres') && !postgres.reachable && !process.env.CI) {
  console.warn(`${pgUnreachable}: skipping the PostgreSQL tests. Start PostgreSQL or set PG_URL to run them.`);
}

/** Declares `body` once per selected dialect, inside `describe(dialect)`, with an `open` for that dialect. */
export function forEachDialect(body: (dialect: Dialect, open: OpenTestDatabase) => void): void {
  for (const dialect of selected) declareDialect(dialect, body);
}

/** Declares `body` for one dialect only (when selected), for tests of what only that dialect has. */
export function forDialect(dialect: Dialect, body: (open: OpenTestDatabase) => void): void {
  if (selected.includes(dialect)) declareDialect(dialect, (_, open) => body(open));
}

function declareDialect(dialect: Dialect, body: (dialect: Dialect, open: OpenTestDatabase) => void): void {
  const unreachable = dialect === 'postgres' && !postgres.reachable;
  const block = unreachable && !process.env.CI ? describe.skip : describe;
  block(dialect, () => {
    const atEnd: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const cleanup of atEnd.reverse()) await cleanup();
    });
    if (unreachable) {
      it('PostgreSQL is reachable at PG_URL (required under CI)', () => {
        throw new Error(`${pgUnreachable}; under CI the PostgreSQL tests fail instead of skipping`);
      });
    }
    const open: OpenTestDatabase = async (options = {}) => {
      if (unreachable) throw new Error(`${pgUnreachable}; under CI the PostgreSQL tests fail instead of skipping`);
      const fresh = options.url === undefined ? await createTestDatabaseUrl(dialect) : undefined;
      const url = options.url ?? fresh!.url;
      const db = await openDatabase(url, { maxConnections: 5 }).catch(async (err: unknown) => {
        await fresh?.dispose();
        throw err;
      });
      cleanUpAfter(async () => {
        await db.close();
        await fresh?.dispose();
      }, atEnd);
      if (options.migrations) await db.migrate(options.migrations);
      return Object.assign(db, { url });
    };
    body(dialect, open);
  });
}

/** The URL of a new empty database of `dialect`, and how to delete it; for tests outside forEachDialect. */
export async function createTestDatabaseUrl(dialect: Dialect): Promise<{ url: string; dispose: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'indicia-db-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, dispose: () => rm(dir, { recursive: true, force: true }) };
  }
  // Schemas are named test_… so that any left by a killed run are easy to find and drop.
  const schema = `test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return { url: url.toString(), dispose: () => dropSchema(schema) };
}

/** Registers `cleanup` to run when the current test ends, or at the end of the block outside a test. */
function cleanUpAfter(cleanup: () => Promise<void>, atEnd: (() => Promise<void>)[]): void {
  try {
    onTestFinished(cleanup); // inside a test or a beforeEach/afterEach hook
  } catch {
    atEnd.push(cleanup); // in beforeAll: the database lives as long as the block
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

async function probePostgres(url: string): Promise<{ reachable: boolean; reason: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { reachable: true, reason: 'reachable' };
  } catch (err) {
    const e = err as { message?: string; code?: string };
    return { reachable: false, reason: e.message || e.code || String(err) };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function selectedDialects(): readonly Dialect[] {
  const wanted = process.env.TEST_DIALECTS?.split(',').map((d) => d.trim()).filter((d) => d !== '');
  if (wanted === undefined || wanted.length === 0) return DIALECTS;
  const unknown = wanted.filter((d) => !DIALECTS.includes(d as Dialect));
  if (unknown.length > 0) throw new Error(`TEST_DIALECTS names unknown dialects: ${unknown.join(', ')} (use ${DIALECTS.join(', ')})`);
  return DIALECTS.filter((d) => wanted.includes(d));
}
