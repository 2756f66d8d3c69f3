// The database port on every dialect: value round trips, transactions, nesting, concurrency, placeholders.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Dialect, Queryable } from '../../src/db/database.js';
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation } from '../../src/db/constraint-errors.js';
import { asBigInt, asBoolean, asBuffer, asString, orNull } from '../../src/db/row-values.js';
import { isAppError } from '../../src/errors/app-error.js';
import { forEachDialect } from '../helpers/dialects.js';

const BLOB = (d: Dialect): string => (d === 'sqlite' ? 'BLOB' : 'BYTEA');

/** A table with one column of each portable type. */
const valuesTable = (d: Dialect): string => `CREATE TABLE vals (
  id BIGINT PRIMARY KEY,
  mills BIGINT,
  small INTEGER,
  label TEXT,
  bytes ${BLOB(d)},
  flag SMALLINT CHECK (flag IN (0, 1))
)`;

const counterTable = 'CREATE TABLE counters (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)';

async function counter(q: Queryable, id = 1): Promise<bigint> {
  const rows = await q.query('SELECT n FROM counters WHERE id = ?', [id]);
  return asBigInt(rows[0]?.n, 'n');
}

forEachDialect((dialect, open) => {
  describe('values', () => {
    it('round-trips 64-bit integers exactly, text, blobs, NULL and booleans', async () => {
      const db = await open();
      await db.execute(valuesTable(dialect));
      const allBytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const cases = [
        { id: 1, mills: 2n ** 63n - 1n, small: 2147483647, label: 'héllo ✉ "quoted" \'single\' ?', bytes: allBytes, flag: true },
        { id: 2, mills: -(2n ** 63n), small: -2147483648, label: '', bytes: Buffer.alloc(0), flag: false },
        { id: 3, mills: 2n ** 53n + 1n, small: 0, label: 'x'.repeat(10_000), bytes: new Uint8Array([0, 255, 0]), flag: true },
        { id: 4, mills: null, small: null, label: null, bytes: null, flag: null },
      ];
      for (const c of cases) {
        const r = await db.execute('INSERT INTO vals (id, mills, small, label, bytes, flag) VALUES (?, ?, ?, ?, ?, ?)', [
          c.id,
          c.mills,
          c.small,
          c.label,
          c.bytes,
          c.flag,
        ]);
        expect(r.changes).toBe(1);
      }
      const rows = await db.query('SELECT id, mills, small, label, bytes, flag FROM vals ORDER BY id');
      expect(rows).toHaveLength(cases.length);
      rows.forEach((row, i) => {
        const c = cases[i]!;
        expect(row.id).toBe(BigInt(c.id)); // every integer comes back as bigint, on both dialects
        expect(row.mills).toBe(c.mills);
        expect(row.small).toBe(c.small === null ? null : BigInt(c.small));
        expect(row.label).toBe(c.label);
        if (c.bytes === null) expect(row.bytes).toBeNull();
        else {
          expect(Buffer.isBuffer(row.bytes)).toBe(true);
          expect(asBuffer(row.bytes).equals(Buffer.from(c.bytes))).toBe(true);
        }
        expect(orNull(asBoolean)(row.flag)).toBe(c.flag);
      });
    });

    it('binds bigints and booleans in WHERE clauses, and reads aggregates as exact bigints', async () => {
      const db = await open();
      await db.execute(valuesTable(dialect));
      const big = 2n ** 61n + 7n; // the sum stays below 2^63: SQLite refuses a SUM that overflows
      await db.execute('INSERT INTO vals (id, mills, flag) VALUES (1, ?, ?), (2, ?, ?), (3, ?, ?)', [big, true, big, false, 1n, true]);
      const flagged = await db.query('SELECT id FROM vals WHERE flag = ? ORDER BY id', [true]);
      expect(flagged.map((r) => r.id)).toEqual([1n, 3n]);
      const byMills = await db.query('SELECT id FROM vals WHERE mills = ?', [big]);
      expect(byMills.map((r) => r.id)).toEqual([1n, 2n]);
      // PostgreSQL's SUM(bigint) is NUMERIC; it still reads as an exact bigint.
      const [agg] = await db.query('SELECT COUNT(*) AS n, SUM(mills) AS total, MAX(mills) AS top FROM vals');
      expect(agg).toEqual({ n: 3n, total: 2n * big + 1n, top: big });
    });

    it('returns rows from INSERT … RETURNING and upserts with ON CONFLICT', async () => {
      const db = await open();
      await db.execute(valuesTable(dialect));
      const inserted = await db.query('INSERT INTO vals (id, label) VALUES (?, ?) RETURNING id, label', [10, 'first']);
      expect(inserted).toEqual([{ id: 10n, label: 'first' }]);
      const upsert = 'INSERT INTO vals (id, label) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET label = excluded.label';
      expect((await db.execute(upsert, [10, 'second'])).changes).toBe(1);
      const ignore = await db.execute('INSERT INTO vals (id, label) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [10, 'third']);
      expect(ignore.changes).toBe(0);
      expect(await db.query('SELECT label FROM vals WHERE id = ?', [10])).toEqual([{ label: 'second' }]);
    });

    it('rewrites ? placeholders but leaves a ? inside string literals alone', async () => {
      const db = await open();
      await db.execute(valuesTable(dialect));
      await db.execute("INSERT INTO vals (id, label) VALUES (?, 'why?'), (?, ?)", [1, 2, "it's ?"]);
      const rows = await db.query(
        "SELECT id, label, 'a?b' AS lit, 'it''s ?' AS quoted FROM vals WHERE label = 'why?' OR (label = ? AND id = ?) ORDER BY id",
        ["it's ?", 2],
      );
      expect(rows).toEqual([
        { id: 1n, label: 'why?', lit: 'a?b', quoted: "it's ?" },
        { id: 2n, label: "it's ?", lit: 'a?b', quoted: "it's ?" },
      ]);
      const [cast] = await db.query('SELECT CAST(? AS BIGINT) AS v', [2n ** 63n - 1n]);
      expect(cast?.v).toBe(2n ** 63n - 1n);
    });

    it('reports constraint violations the same way on both dialects', async () => {
      const db = await open();
      await db.execute(valuesTable(dialect));
      await db.execute('CREATE TABLE child (id BIGINT PRIMARY KEY, val_id BIGINT NOT NULL REFERENCES vals (id))');
      await db.execute('INSERT INTO vals (id) VALUES (1)');
      const failure = async (sql: string, params: (number | bigint)[]): Promise<unknown> =>
        db.execute(sql, params).then(
          () => undefined,
          (err: unknown) => err,
        );
      expect(isUniqueViolation(await failure('INSERT INTO vals (id) VALUES (?)', [1]))).toBe(true);
      expect(isForeignKeyViolation(await failure('INSERT INTO child (id, val_id) VALUES (?, ?)', [1, 99]))).toBe(true);
      expect(isCheckViolation(await failure('INSERT INTO vals (id, flag) VALUES (?, ?)', [2, 5]))).toBe(true);
      expect(isUniqueViolation(await failure('INSERT INTO vals (id, flag) VALUES (?, ?)', [3, 5]))).toBe(false);
    });
  });

  describe('transactions', () => {
    it('commits what the callback wrote and returns its result', async () => {
      const db = await open();
      await db.execute(counterTable);
      const result = await db.transaction(async (tx) => {
        await tx.execute('INSERT INTO counters (id, n) VALUES (?, ?)', [1, 41]);
        await tx.execute('UPDATE counters SET n = n + 1 WHERE id = ?', [1]);
        return counter(tx);
      });
      expect(result).toBe(42n);
      expect(await counter(db)).toBe(42n);
    });

    it('rolls back everything when the callback throws, and rethrows the same error', async () => {
      const db = await open();
      await db.execute(counterTable);
      await db.execute('INSERT INTO counters (id, n) VALUES (1, 0)');
      const boom = new Error('signing failed');
      const outcome = db.transaction(async (tx) => {
        await tx.execute('UPDATE counters SET n = 100 WHERE id = 1');
        await tx.execute('INSERT INTO counters (id, n) VALUES (2, 0)');
        await sleep(5); // an await inside the transaction, as when the processing server signs
        throw boom;
      });
      await expect(outcome).rejects.toBe(boom);
      expect(await db.query('SELECT id, n FROM counters ORDER BY id')).toEqual([{ id: 1n, n: 0n }]);
    });

    it('rolls back when a statement fails, leaving the database usable', async () => {
      const db = await open();
      await db.execute(counterTable);
      const outcome = db.transaction(async (tx) => {
        await tx.execute('INSERT INTO counters (id, n) VALUES (1, 1)');
        await tx.execute('INSERT INTO counters (id, n) VALUES (1, 2)'); // duplicate key
      });
      await expect(outcome).rejects.toSatisfy(isUniqueViolation);
      expect(await db.query('SELECT * FROM counters')).toEqual([]);
      await db.transaction((tx) => tx.execute('INSERT INTO counters (id, n) VALUES (1, 3)'));
      expect(await counter(db)).toBe(3n);
    });

    it('refuses nesting: the database used inside its own transaction callback, and a handle used after it ended', async () => {
      const db = await open();
      await db.execute(counterTable);
      const misuse = (err: unknown): boolean => isAppError(err, 'DATABASE_TRANSACTION_MISUSE');
      const nested = db.transaction(async (tx) => {
        await tx.execute('INSERT INTO counters (id, n) VALUES (1, 1)');
        await db.transaction(async () => undefined);
      });
      await expect(nested).rejects.toSatisfy(misuse);
      await expect(db.transaction(() => db.query('SELECT 1 AS one'))).rejects.toSatisfy(misuse);
      await expect(db.transaction(() => db.execute('DELETE FROM counters'))).rejects.toSatisfy(misuse);
      expect(await db.query('SELECT * FROM counters')).toEqual([]); // the outer transactions rolled back
      let leaked: Queryable | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked!.query('SELECT 1 AS one')).rejects.toSatisfy(misuse);
      // Outside any transaction the database works again.
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1n }]);
    });

    it('serializes concurrent read-then-write transactions so no increment is lost', async () => {
      const db = await open();
      await db.execute(counterTable);
      await db.execute('INSERT INTO counters (id, n) VALUES (1, 0)');
      const workers = 40;
      // FOR UPDATE locks the row on PostgreSQL; on SQLite the queue does it (the clause is dropped there).
      const results = await Promise.all(
        Array.from({ length: workers }, () =>
          db.transaction(async (tx) => {
            const [row] = await tx.query('SELECT n FROM counters WHERE id = ? FOR UPDATE', [1]);
            const n = asBigInt(row?.n, 'n');
            await sleep(1); // give every other transaction the chance to interleave
            await tx.execute('UPDATE counters SET n = ? WHERE id = ?', [n + 1n, 1]);
            return n;
          }),
        ),
      );
      expect(await counter(db)).toBe(BigInt(workers));
      // Each transaction saw a different value: 0, 1, …, workers - 1.
      expect([...results].sort((a, b) => Number(a - b))).toEqual(Array.from({ length: workers }, (_, i) => BigInt(i)));
    });

    it('keeps a running transaction invisible to statements outside it until it commits', async () => {
      const db = await open();
      await db.execute(counterTable);
      await db.execute('INSERT INTO counters (id, n) VALUES (1, 0)');
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written!: () => void;
      const didWrite = new Promise<void>((resolve) => {
        written = resolve;
      });
      const running = db.transaction(async (tx) => {
        await tx.execute('UPDATE counters SET n = 7 WHERE id = 1');
        written();
        await gate;
      });
      await didWrite;
      const outside = counter(db);
      if (dialect === 'sqlite') {
        // One connection: the outside read waits in the queue for the transaction, then sees its commit.
        const settled = await Promise.race([outside.then(() => 'read'), sleep(50).then(() => 'waiting')]);
        expect(settled).toBe('waiting');
        release();
        await running;
        expect(await outside).toBe(7n);
      } else {
        // Another pooled connection: the read does not wait and sees the last committed value.
        expect(await outside).toBe(0n);
        release();
        await running;
        expect(await counter(db)).toBe(7n);
      }
    });

    // Only SQLite queues; PostgreSQL runs transactions side by side on pooled connections.
    if (dialect === 'sqlite') it('starts queued transactions in the order they were asked for', async () => {
      const db = await open();
      const started: number[] = [];
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          db.transaction(async () => {
            started.push(i);
            await sleep(10 - i); // later ones would finish first if they could overlap
          }),
        ),
      );
      expect(started).toEqual(Array.from({ length: 10 }, (_, i) => i));
    });
  });

  describe('connections', () => {
    it('sees from a second connection what the first committed, and closes idempotently', async () => {
      const db = await open();
      await db.execute(valuesTable(dialect));
      await db.execute('INSERT INTO vals (id, label) VALUES (?, ?)', [1, 'shared']);
      const other = await open({ url: db.url });
      expect(asString((await other.query('SELECT label FROM vals WHERE id = 1'))[0]?.label)).toBe('shared');
      await other.close();
      await other.close();
      await expect(other.query('SELECT 1')).rejects.toSatisfy((err: unknown) => isAppError(err, 'DATABASE_UNAVAILABLE'));
    });
  });
});
