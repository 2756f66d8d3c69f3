// Dispatch and failover: a server that never got the request is skipped for the next one; a server
// that may have got it keeps the purchase (in doubt) until it answers a lookup, and a retry then
// returns the very stamps it committed. In every case each stamp is dispensed exactly once.
import type { Principal } from '../../src/accounts/principal.js';
import { TEST_CREDIT_MILLS } from '../helpers/customer.js';
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../helpers/dialects.js';
import { buy, psdIdsOf, startHarness, stampRequest, type WebHarness } from './helpers/web-harness.js';

interface Answer {
  purchaseId: string;
  stamps: { id: string; indicium: string }[];
}

async function purchaseRow(h: WebHarness, idempotencyKey: string): Promise<{ state: string; server_id: string | null }> {
  const rows = await h.db.query('SELECT state, server_id FROM purchases WHERE idempotency_key = ?', [idempotencyKey]);
  return rows[0] as { state: string; server_id: string | null };
}

async function serverId(h: WebHarness, name: string): Promise<string> {
  const found = (await h.app.web.registry.list()).find((s) => s.name === name);
  return found!.id;
}

forEachDialect((_dialect, open) => {
  describe('failover', () => {
    it('fails over when the chosen server refuses connections, marks it down, and dispenses exactly once', async () => {
      const h = await startHarness(open, { servers: 3 });
      await h.fakes[0]!.refuse(); // still marked healthy: the health checker has not run since
      const res = await buy(h, 'refused', [stampRequest(), stampRequest()]);
      expect(res.statusCode, res.body).toBe(201);
      expect(psdIdsOf(res.body)).toEqual([102, 102]);
      expect(h.fakes.map((f) => f.dispensedCount)).toEqual([0, 2, 0]);
      expect(h.app.web.registry.eligible().map((s) => s.name)).toEqual(['ps-b', 'ps-c']);
      const rows = await h.db.query("SELECT healthy FROM processing_servers WHERE name = 'ps-a'");
      expect(Number(rows[0]!.healthy)).toBe(0);
      expect((await purchaseRow(h, 'refused')).server_id).toBe(await serverId(h, 'ps-b'));
    });

    it('a 5xx answer is in doubt: the server is asked, says it has nothing, and the purchase moves on', async () => {
      const h = await startHarness(open, { servers: 2 });
      h.fakes[0]!.mode = { kind: 'error-500' };
      const res = await buy(h, 'five-hundred', [stampRequest()]);
      expect(res.statusCode, res.body).toBe(201);
      expect(psdIdsOf(res.body)).toEqual([102]);
      expect(h.fakes[0]!.lookupCalls).toBe(1);
      expect(h.fakes.map((f) => f.dispensedCount)).toEqual([0, 1]);
    });

    it('every server unreachable: 503 NO_PROCESSING_SERVER, the purchase held by none, and a later retry succeeds once', async () => {
      const h = await startHarness(open, { servers: 2 });
      for (const f of h.fakes) await f.refuse();
      const res = await buy(h, 'all-down', [stampRequest()]);
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('NO_PROCESSING_SERVER');
      expect(await purchaseRow(h, 'all-down')).toEqual({ state: 'pending', server_id: null });
      for (const f of h.fakes) await f.accept();
      await h.app.web.healthChecker.checkNow();
      const retry = await buy(h, 'all-down', [stampRequest()]);
      expect(retry.statusCode, retry.body).toBe(201);
      expect(h.fakes.reduce((n, f) => n + f.dispensedCount, 0)).toBe(1);
    });
  });

  describe('purchases in doubt', () => {
    it('a server that commits and drops the connection leaves the purchase in doubt; the retry returns the same stamps', async () => {
      const h = await startHarness(open, { servers: 3 });
      const [a, b, c] = h.fakes as [typeof h.fakes[0], typeof h.fakes[0], typeof h.fakes[0]];
      a!.mode = { kind: 'crash-after-commit' };
      const stamps = [stampRequest(), stampRequest({ postage: 900 })];
      const res = await buy(h, 'doubt', stamps);
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('PURCHASE_IN_DOUBT');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(a!.dispensedCount).toBe(2); // committed before it "crashed"
      expect(await purchaseRow(h, 'doubt')).toEqual({ state: 'pending', server_id: await serverId(h, 'ps-a') });

      // While it is down the purchase is not sent anywhere else, however often it is retried.
      const whileDown = await buy(h, 'doubt', stamps);
      expect(whileDown.statusCode).toBe(503);
      expect(whileDown.json().code).toBe('PURCHASE_IN_DOUBT');
      expect(b!.dispenseCalls + c!.dispenseCalls).toBe(0);

      a!.mode = { kind: 'ok' };
      await a!.accept();
      const retry = await buy(h, 'doubt', stamps);
      expect(retry.statusCode, retry.body).toBe(201);
      const answer = retry.json() as Answer;
      expect(answer.stamps.map((s) => s.id)).toEqual([...a!.committed.keys()]);
      expect(answer.stamps.map((s) => s.indicium)).toEqual([...a!.committed.values()].map((s) => s.indicium));
      expect(a!.dispenseCalls).toBe(1);
      expect(a!.dispensedCount).toBe(2);
      expect(b!.dispenseCalls + c!.dispenseCalls).toBe(0);
      expect((await buy(h, 'doubt', stamps)).body).toBe(retry.body);
    });

    it('a server that does not answer in time leaves the purchase in doubt; once it commits, the retry returns its stamps', async () => {
      const h = await startHarness(open, { servers: 2, config: { dispatchTimeoutMs: 300, lookupTimeoutMs: 300 } });
      const [a, b] = h.fakes as [typeof h.fakes[0], typeof h.fakes[0]];
      a!.mode = { kind: 'hang' };
      const res = await buy(h, 'slow', [stampRequest()]);
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('PURCHASE_IN_DOUBT');
      a!.release(); // the held dispense now commits, though nobody hears the answer
      await waitFor(() => a!.dispensedCount === 1);
      const retry = await buy(h, 'slow', [stampRequest()]);
      expect(retry.statusCode, retry.body).toBe(201);
      expect((retry.json() as Answer).stamps[0]!.id).toBe([...a!.committed.keys()][0]);
      expect(b!.dispenseCalls).toBe(0);
    });

    it('a catalogued refusal passes through with its status; nothing is dispensed, the money comes back, the key keeps its answer', async () => {
      const h = await startHarness(open, { servers: 1 });
      const a = h.fakes[0]!;
      a.mode = { kind: 'refuse', status: 409, code: 'PSD_FUNDS_EXHAUSTED', message: 'PSD 101 holds $0.10, less than $0.74' };
      const res = await buy(h, 'refusal', [stampRequest()]);
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('PSD_FUNDS_EXHAUSTED');
      expect(res.json().message).toBe('PSD 101 holds $0.10, less than $0.74. Reset the PSD (add funds from the vendor deposit) or enable automatic resets, then retry.');
      expect((await purchaseRow(h, 'refusal')).state).toBe('failed');
      expect(await h.app.web.billing.balance({ accountId: h.accountId } as Principal)).toMatchObject({ balanceMills: TEST_CREDIT_MILLS.toString(), heldMills: '0' });
      a.mode = { kind: 'ok' };
      // The key keeps its answer, so that one key can never pay twice; a new key buys.
      const replay = await buy(h, 'refusal', [stampRequest()]);
      expect(replay.statusCode).toBe(409);
      expect(replay.json()).toMatchObject({ code: 'PSD_FUNDS_EXHAUSTED', details: { server: 'ps-a' } });
      expect(a.dispensedCount).toBe(0);
      const fresh = await buy(h, 'refusal-again', [stampRequest()]);
      expect(fresh.statusCode, fresh.body).toBe(201);
      expect(a.dispensedCount).toBe(1);
    });

    it('a refusal of the internal token is the vendor’s fault: 500 INTERNAL, details hidden', async () => {
      const h = await startHarness(open, { servers: 1, config: { internalToken: 'a-different-internal-token-xyz' } });
      // Health calls carry the wrong token too; mark the server up by hand to reach the dispense.
      await h.app.web.registry.setHealth(await serverId(h, 'ps-a'), true);
      const res = await buy(h, 'bad-token', [stampRequest()]);
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('INTERNAL');
      expect(res.json().details).toBeUndefined();
      expect(h.fakes[0]!.dispensedCount).toBe(0);
    });

    it('stamps that do not match the request are never handed out: 500 and the purchase stays pending', async () => {
      const h = await startHarness(open, { servers: 1, config: { licenseNumber: 40009999 } });
      const res = await buy(h, 'wrong-license', [stampRequest()]);
      expect(res.statusCode).toBe(500);
      expect(res.json().code).toBe('PROCESSING_SERVER_ANSWER_INVALID');
      expect((await purchaseRow(h, 'wrong-license')).state).toBe('pending');
      expect(await h.db.query('SELECT id FROM stamps')).toEqual([]);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

forEachDialect((_dialect, open) => {
  describe('abandoned purchases', () => {
    it('the resolver stores the stamps of a purchase in doubt that nobody retries, and a late retry replays them', async () => {
      const h = await startHarness(open, { servers: 2, config: { pendingAbandonedAfterMs: 0 } });
      const a = h.fakes[0]!;
      a.mode = { kind: 'crash-after-commit' };
      expect((await buy(h, 'abandoned', [stampRequest()])).statusCode).toBe(503);
      expect(await h.app.web.pendingResolver.resolveNow()).toEqual({ completed: 0, failed: 0 }); // still down: left alone
      a.mode = { kind: 'ok' };
      await a.accept();
      await new Promise((r) => setTimeout(r, 5));
      expect(await h.app.web.pendingResolver.resolveNow()).toEqual({ completed: 1, failed: 0 });
      const list = await h.app.inject({ url: '/v1/stamps', headers: { authorization: h.auth } });
      expect((list.json() as Answer).stamps.map((s) => s.id)).toEqual([...a.committed.keys()]);
      const late = await buy(h, 'abandoned', [stampRequest()]);
      expect(late.statusCode).toBe(201);
      expect((late.json() as Answer).stamps.map((s) => s.id)).toEqual([...a.committed.keys()]);
      expect(a.dispenseCalls).toBe(1);
    });

    it('marks failed an abandoned purchase that no server holds and gives its money back; a late retry gets PURCHASE_ABANDONED', async () => {
      const h = await startHarness(open, { servers: 1, config: { pendingAbandonedAfterMs: 0 } });
      h.fakes[0]!.mode = { kind: 'error-500' };
      await h.fakes[0]!.refuse();
      expect((await buy(h, 'nobody', [stampRequest()])).json().code).toBe('NO_PROCESSING_SERVER');
      await new Promise((r) => setTimeout(r, 5));
      expect(await h.app.web.pendingResolver.resolveNow()).toEqual({ completed: 0, failed: 1 });
      expect((await purchaseRow(h, 'nobody')).state).toBe('failed');
      h.fakes[0]!.mode = { kind: 'ok' };
      await h.fakes[0]!.accept();
      await h.app.web.healthChecker.checkNow();
      expect(await h.app.web.billing.balance({ accountId: h.accountId } as Principal)).toMatchObject({ balanceMills: TEST_CREDIT_MILLS.toString(), heldMills: '0' });
      const late = await buy(h, 'nobody', [stampRequest()]);
      expect(late.statusCode).toBe(409);
      expect(late.json().code).toBe('PURCHASE_ABANDONED');
      expect(h.fakes[0]!.dispensedCount).toBe(0);
      expect((await buy(h, 'somebody', [stampRequest()])).statusCode).toBe(201);
      expect(h.fakes[0]!.dispensedCount).toBe(1);
    });
  });
});
