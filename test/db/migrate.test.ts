// Migrations on every dialect: applied once in id order, each atomically; unknown or duplicate ids refused;
// concurrent start-ups (separate processes) apply each migration once.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../../src/db/database.js';
import { isAppError } from '../../src/errors/app-error.js';
import { forEachDialect } from '../helpers/dialects.js';
import { TEST_MIGRATIONS } from './fixtures/migrations.js';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./fixtures/migrate-child.ts', import.meta.url));
const [ACCOUNTS, POSTINGS, SLOW] = TEST_MIGRATIONS as [Migration, Migration, Migration];

const codeOf = (err: unknown): string => (isAppError(err) ? err.code : `not an AppError: ${String(err)}`);

forEachDialect((dialect, open) => {
  describe('migrations', () => {
    it('applies pending migrations once, in id order whatever the order given', async () => {
      const db = await open();
      await db.migrate([POSTINGS, ACCOUNTS]); // postings references accounts: order matters
      await db.migrate([ACCOUNTS, POSTINGS]);
      expect(await db.query('SELECT id, name FROM schema_migrations ORDER BY id')).toEqual([
        { id: 1n, name: 'accounts' },
        { id: 2n, name: 'postings' },
      ]);
      expect(await db.query('SELECT note FROM seeds')).toEqual([{ note: 'seeded once' }]);
      await db.migrate(TEST_MIGRATIONS); // a new version adds migration 3: only it runs
      expect((await db.query('SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id)).toEqual([1n, 2n, 3n]);
      expect(await db.query('SELECT COUNT(*) AS n FROM seeds')).toEqual([{ n: 1n }]);
      const [row] = await db.query('SELECT applied_at_ms FROM schema_migrations WHERE id = 3');
      expect(typeof row?.applied_at_ms).toBe('bigint');
    });

    it('refuses a database that holds a migration id the code does not know, or knows by another name', async () => {
      const db = await open({ migrations: TEST_MIGRATIONS });
      const older = await open({ url: db.url });
      await expect(older.migrate([ACCOUNTS, POSTINGS])).rejects.toSatisfy((err) => codeOf(err) === 'DATABASE_MIGRATION_UNKNOWN');
      await expect(older.migrate([ACCOUNTS, POSTINGS])).rejects.toThrow(/migration 3,/);
      const renamed = [ACCOUNTS, { ...POSTINGS, name: 'ledger postings' }, SLOW];
      await expect(older.migrate(renamed)).rejects.toThrow(/applied as 'postings' but this version names it 'ledger postings'/);
    });

    it('refuses, before applying anything, two migrations that share an id', async () => {
      const db = await open();
      const clash: Migration = { ...SLOW, id: 2, name: 'clash' };
      await expect(db.migrate([ACCOUNTS, POSTINGS, clash])).rejects.toSatisfy((err) => codeOf(err) === 'DATABASE_MIGRATION_INVALID');
      await db.migrate([]); // creates only schema_migrations
      expect(await db.query('SELECT id FROM schema_migrations')).toEqual([]);
    });

    it('rolls back a failing migration entirely and keeps the ones before it', async () => {
      const db = await open();
      const broken: Migration = {
        id: 2,
        name: 'postings',
        sql: {
          sqlite: 'CREATE TABLE postings (id BIGINT PRIMARY KEY); INSERT INTO no_such_table VALUES (1);',
          postgres: 'CREATE TABLE postings (id BIGINT PRIMARY KEY); INSERT INTO no_such_table VALUES (1);',
        },
      };
      await expect(db.migrate([ACCOUNTS, broken])).rejects.toThrow(/no_such_table/);
      expect((await db.query('SELECT id FROM schema_migrations')).map((r) => r.id)).toEqual([1n]);
      await db.migrate([ACCOUNTS, POSTINGS]); // postings was not left half-created: the fixed one applies
      expect((await db.query('SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id)).toEqual([1n, 2n]);
    });

    it('applies each migration once when several processes start at the same moment', { timeout: 60_000 }, async () => {
      const db = await open();
      const startAt = String(Date.now() + 1_500); // after every child has loaded
      const children = Array.from({ length: 3 }, () =>
        run(process.execPath, ['--import', 'tsx', CHILD, db.url, startAt], { timeout: 45_000 }),
      );
      await Promise.all(children); // rejects if any child exits non-zero (a migration applied twice fails)
      expect((await db.query('SELECT id FROM schema_migrations ORDER BY id')).map((r) => r.id)).toEqual([1n, 2n, 3n]);
      expect(await db.query('SELECT COUNT(*) AS n FROM seeds')).toEqual([{ n: 1n }]);
    });
  });
});
