// A measured export: 20,000 stamps of one account streamed as CSV over a real HTTP connection, read back
// whole, with the time taken and the peak heap seen while it streamed (printed for the report), on
// SQLite and PostgreSQL. Also checks that the export read the database and the refunds port a page at a
// time, and that a refund-filtered JSON page stops after MAX_SCANNED_STAMPS rows.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/history/csv.js';
import { STAMP_CSV_HEADER } from '../../src/history/csv-export.js';
import { parseStampFilter } from '../../src/history/history-filters.js';
import { EXPORT_PAGE_SIZE, MAX_SCANNED_STAMPS } from '../../src/history/history.service.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import { forEachDialect } from '../helpers/dialects.js';
import { PortStandIns, T0, historyApp, insertApiKey, insertOrder } from './history-fixtures.js';

const ORDERS = 20;
const PER_ORDER = 1_000;
const TOTAL = ORDERS * PER_ORDER;

// A garbage collector to call, so that the heap measured is what is still held (not garbage not yet collected).
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

forEachDialect((dialect, open) => {
  describe('export of 20,000 stamps', () => {
    it('streams them as CSV a page at a time', { timeout: 180_000 }, async () => {
      const db = await open({ migrations: WEB_MIGRATIONS });
      await insertApiKey(db);
      for (let o = 0; o < ORDERS; o++) {
        const stamps = Array.from({ length: PER_ORDER }, (_, i) => ({
          id: `o${String(o).padStart(2, '0')}-s${String(i).padStart(4, '0')}`,
          postage: BigInt(500 + i),
          rateCategory: (i % 8) + 1,
          ...(i % 2 === 0 ? { medium: { serial: '2026-1124-0001-8', slot: (i % 200) + 1 } } : {}),
        }));
        await db.transaction((tx) => insertOrder(tx, { id: `o${String(o).padStart(2, '0')}`, accountId: 'A', state: 'completed', createdAtMs: T0 + o * 60_000, stamps }));
      }
      // Statistics, as autovacuum would gather after such a load: without them PostgreSQL guesses a few rows and
      // sorts the account's stamps for every page instead of walking the index.
      if (dialect === 'postgres') await db.execute('ANALYZE stamps');
      const ports = new PortStandIns();
      ports.refunds.set('o00-s0000', { accountId: 'A', refund: { status: 'approved', refundId: 'r-oldest' } });
      const history = ports.service(db);
      const app = await historyApp(history);
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        // The timed pass: the whole export over HTTP, nothing kept.
        const timedStart = performance.now();
        const timed = await fetch(`${address}/v1/stamps.csv`, { headers: { 'x-test-account': 'A' } });
        let timedBytes = 0;
        for await (const chunk of timed.body as unknown as AsyncIterable<Uint8Array>) timedBytes += chunk.byteLength;
        const timedMs = performance.now() - timedStart;

        // The measured pass keeps nothing of what it receives but counts, so that the heap is the server's. Every
        // fifth chunk the collector runs and the heap still in use is noted: the most of it is what the export holds.
        collect();
        const baseline = process.memoryUsage().heapUsed;
        let peakUsed = baseline;
        let peakLive = baseline;
        const sampler = setInterval(() => (peakUsed = Math.max(peakUsed, process.memoryUsage().heapUsed)), 2);
        const started = performance.now();
        const res = await fetch(`${address}/v1/stamps.csv`, { headers: { 'x-test-account': 'A' } });
        expect(res.status).toBe(200);
        let bytes = 0;
        let chunks = 0;
        let lineEnds = 0;
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          bytes += chunk.byteLength;
          chunks += 1;
          for (const byte of chunk) if (byte === 0x0a) lineEnds += 1;
          peakUsed = Math.max(peakUsed, process.memoryUsage().heapUsed);
          if (chunks % 5 === 0) {
            collect();
            peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
          }
        }
        const elapsedMs = performance.now() - started;
        clearInterval(sampler);
        const mb = (n: number) => (n / 1e6).toFixed(1);
        console.log(
          `[history export ${dialect}] ${TOTAL} stamps, ${(timedBytes / 1e6).toFixed(2)} MB in ${timedMs.toFixed(0)} ms; ` +
            `again with the collector run every 5th of ${chunks} chunks: ${elapsedMs.toFixed(0)} ms, heap after collection ${mb(baseline)} MB before, at most ${mb(peakLive)} MB live during ` +
            `(+${mb(peakLive - baseline)} MB); heapUsed peak ${mb(peakUsed)} MB, garbage included`,
        );
        expect(lineEnds).toBe(TOTAL + 1);
        expect(bytes).toBe(timedBytes);
        ports.refundCalls.length = 0; // the checked pass below counts its own lookups

        // The checked pass reads the whole export back.
        const rows = parseCsv(await (await fetch(`${address}/v1/stamps.csv`, { headers: { 'x-test-account': 'A' } })).text());
        expect(rows[0]).toEqual([...STAMP_CSV_HEADER]);
        expect(rows).toHaveLength(TOTAL + 1);
        expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(TOTAL);
        // Newest first: the last order's last stamp, down to the first order's first.
        expect(rows[1]![0]).toBe('o19-s0999');
        expect(rows[TOTAL]).toEqual(expect.arrayContaining(['o00-s0000', 'approved', 'r-oldest']));
        // One refund lookup per page of EXPORT_PAGE_SIZE rows, never one per stamp nor one for all.
        expect(ports.refundCalls).toHaveLength(TOTAL / EXPORT_PAGE_SIZE);
        expect(Math.max(...ports.refundCalls)).toBe(EXPORT_PAGE_SIZE);
      } finally {
        await app.close();
      }

      // A refund status only the oldest stamp has: the first request stops after MAX_SCANNED_STAMPS rows with an
      // empty page and a cursor, and following the cursors finds it.
      const filter = parseStampFilter({ refundStatus: 'approved' });
      const first = await history.listStamps('A', filter, 10);
      expect(first.stamps).toEqual([]);
      expect(first.nextCursor).not.toBeNull();
      let cursor: string | null = first.nextCursor;
      const found: string[] = [];
      let requests = 1;
      while (cursor !== null) {
        const page = await history.listStamps('A', filter, 10, cursor);
        found.push(...page.stamps.map((s) => s.id));
        cursor = page.nextCursor;
        requests += 1;
      }
      expect(found).toEqual(['o00-s0000']);
      // Four requests read 5,000 rows each, the last of them ending on the match; the next finds the end.
      expect(requests).toBe(TOTAL / MAX_SCANNED_STAMPS + 1);
    });
  });
});
