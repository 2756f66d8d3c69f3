// Idempotency: the same key and body give the first answer and charge once; another body is a 409;
// concurrent requests with one key dispense once; pending writes are group-committed.
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { forEachDialect } from '../helpers/dialects.js';
import { buy, startHarness, stampRequest } from './helpers/web-harness.js';

forEachDialect((_dialect, open) => {
  describe('idempotent purchases', () => {
    it('a retry with the same key and body replays the first answer byte for byte and dispenses nothing more', async () => {
      const h = await startHarness(open);
      const stamps = [stampRequest(), stampRequest({ postage: '1000', rateCategory: 3 })];
      const first = await buy(h, 'replay', stamps);
      expect(first.statusCode, first.body).toBe(201);
      const second = await buy(h, 'replay', stamps);
      expect(second.statusCode).toBe(201);
      expect(second.body).toBe(first.body);
      expect(h.fakes[0]!.dispenseCalls).toBe(1);
      expect(h.fakes[0]!.dispensedCount).toBe(2);
    });

    it('a retry is answered from the stored purchase even while no processing server is healthy', async () => {
      const h = await startHarness(open);
      const stamps = [stampRequest()];
      const first = await buy(h, 'no-server-replay', stamps);
      expect(first.statusCode, first.body).toBe(201);
      for (const f of h.fakes) f.healthy = false;
      await h.app.web.healthChecker.checkNow();
      const retry = await buy(h, 'no-server-replay', stamps);
      expect(retry.statusCode).toBe(201);
      expect(retry.body).toBe(first.body);
      expect((await buy(h, 'no-server-other', stamps)).json().code).toBe('NO_PROCESSING_SERVER');
    });

    it('the same purchase spelled differently (dollars or mills, code or slug) is the same request', async () => {
      const h = await startHarness(open);
      const first = await buy(h, 'spelling', [stampRequest({ postage: 900, rateCategory: 1 })]);
      const second = await buy(h, 'spelling', [stampRequest({ postage: undefined, postageDollars: '$0.900', rateCategory: 'First-Class Mail letter' })]);
      expect(second.statusCode).toBe(201);
      expect(second.body).toBe(first.body);
    });

    it('the same key with another body is 409 IDEMPOTENCY_KEY_REUSED and dispenses nothing', async () => {
      const h = await startHarness(open);
      expect((await buy(h, 'reused', [stampRequest()])).statusCode).toBe(201);
      const res = await buy(h, 'reused', [stampRequest({ postage: 901 })]);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(h.fakes[0]!.dispensedCount).toBe(1);
    });

    it('concurrent requests with one key dispense once; each gets the stamps or PURCHASE_IN_PROGRESS', async () => {
      const h = await startHarness(open);
      const stamps = [stampRequest()];
      const answers = await Promise.all(Array.from({ length: 8 }, () => buy(h, 'race', stamps)));
      const created = answers.filter((a) => a.statusCode === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((a) => a.body)).size).toBe(1);
      for (const a of answers.filter((x) => x.statusCode !== 201)) {
        expect(a.statusCode).toBe(409);
        expect(a.json().code).toBe('PURCHASE_IN_PROGRESS');
      }
      expect(h.fakes[0]!.dispensedCount).toBe(1);
      const retry = await buy(h, 'race', stamps);
      expect(retry.body).toBe(created[0]!.body);
    });

    it('group-commits: 40 concurrent purchases take far fewer transactions than two each', async () => {
      let transactions = 0;
      const counting = (db: Database): Database =>
        Object.assign(Object.create(db) as Database, {
          transaction: <T>(fn: Parameters<Database['transaction']>[0]) => {
            transactions += 1;
            return db.transaction(fn) as Promise<T>;
          },
        });
      const h = await startHarness(open, { wrapDb: counting, config: { groupCommitMaxWaitMs: 5 } });
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => buy(h, `batch-${i}`, [stampRequest({ postage: 1_000 + i })])));
      expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 201));
      expect(h.fakes[0]!.dispensedCount).toBe(40);
      expect(transactions).toBeLessThan(40);
      const rows = await h.db.query("SELECT COUNT(*) AS n FROM purchases WHERE state = 'completed'");
      expect(Number(rows[0]!.n)).toBe(40);
    });
  });
});
