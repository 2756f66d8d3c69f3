// Opening databases from URLs: the right dialect and settings, and clear errors when it cannot be done.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.js';
import { isAppError } from '../../src/errors/app-error.js';
import { forDialect, PG_URL } from '../helpers/dialects.js';

const codeOf = (err: unknown): string => (isAppError(err) ? err.code : `not an AppError: ${String(err)}`);

describe('openDatabase with SQLite', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('creates the data folder and sets WAL, synchronous=FULL, foreign keys and the busy timeout', async () => {
    dir = await mkdtemp(join(tmpdir(), 'indicia-open-'));
    const db = await openDatabase(`sqlite:${join(dir, 'nested', 'deeper', 'vendor.db')}`, { busyTimeoutMs: 1234 });
    try {
      expect(db.dialect).toBe('sqlite');
      expect(await db.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await db.query('PRAGMA synchronous')).toEqual([{ synchronous: 2n }]); // 2 = FULL
      expect(await db.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1n }]);
      expect(await db.query('PRAGMA busy_timeout')).toEqual([{ timeout: 1234n }]);
    } finally {
      await db.close();
    }
  });

  it('opens a plain path and an in-memory database as SQLite', async () => {
    dir = await mkdtemp(join(tmpdir(), 'indicia-open-'));
    for (const url of [join(dir, 'plain.db'), 'sqlite::memory:']) {
      const db = await openDatabase(url);
      expect(db.dialect).toBe('sqlite');
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1n }]);
      await db.close();
    }
  });

  it('reports a file that is not a database as DATABASE_UNAVAILABLE', async () => {
    dir = await mkdtemp(join(tmpdir(), 'indicia-open-'));
    const path = join(dir, 'garbage.db');
    await writeFile(path, Buffer.alloc(4096, 0x5a));
    await expect(openDatabase(path)).rejects.toSatisfy((err) => codeOf(err) === 'DATABASE_UNAVAILABLE');
  });

  it('reports a file locked by another process, after the busy timeout, as DATABASE_UNAVAILABLE', async () => {
    dir = await mkdtemp(join(tmpdir(), 'indicia-open-'));
    const path = join(dir, 'locked.db');
    const db = await openDatabase(`sqlite:${path}`, { busyTimeoutMs: 50 });
    await db.execute('CREATE TABLE t (x BIGINT)');
    const holder = new BetterSqlite3(path); // stands for another process holding the write lock
    holder.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      await expect(db.transaction((tx) => tx.execute('INSERT INTO t VALUES (1)'))).rejects.toSatisfy(
        (err) => codeOf(err) === 'DATABASE_UNAVAILABLE',
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    await db.transaction((tx) => tx.execute('INSERT INTO t VALUES (1)')); // usable once the lock is gone
    expect(await db.query('SELECT x FROM t')).toEqual([{ x: 1n }]);
    await db.close();
  });

  it('refuses URLs it cannot open with DATABASE_URL_INVALID', async () => {
    for (const url of ['', 'mysql://root@localhost/vendor', 'postgres://h/db?schema=Not-Valid']) {
      await expect(openDatabase(url), url).rejects.toSatisfy((err) => codeOf(err) === 'DATABASE_URL_INVALID');
    }
  });
});

describe('openDatabase with an unreachable PostgreSQL server', () => {
  it('fails fast with DATABASE_UNAVAILABLE, naming the server but not the password', async () => {
    const started = Date.now();
    const err = await openDatabase('postgres://vendor:s3cret@127.0.0.1:1/vendor', { connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe('DATABASE_UNAVAILABLE');
    expect(String(err)).toContain('127.0.0.1:1');
    expect(String(err)).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

forDialect('postgres', (open) => {
  it('creates the schema named in the URL and keeps every table in it', async () => {
    const db = await open();
    const schema = new URL(db.url).searchParams.get('schema');
    expect(schema).toMatch(/^test_/);
    await db.execute('CREATE TABLE placed (id BIGINT PRIMARY KEY)');
    const rows = await db.query('SELECT table_schema FROM information_schema.tables WHERE table_name = ?', ['placed']);
    expect(rows).toEqual([{ table_schema: schema }]);
    expect(await db.query('SELECT current_schema() AS s')).toEqual([{ s: schema }]);
  });

  it('reports a database that does not exist as DATABASE_UNAVAILABLE', async () => {
    const url = new URL(PG_URL);
    url.pathname = '/no_such_database_for_indicia_tests';
    await expect(openDatabase(url.toString())).rejects.toSatisfy((err) => codeOf(err) === 'DATABASE_UNAVAILABLE');
  });
});
