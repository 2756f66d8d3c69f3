// The selection procedure: round-robin over the healthy, enabled servers, skipping those that are down,
// draining or removed; the health checker marks servers down and up in memory and in the database.
import { describe, expect, it } from 'vitest';
import { forEachDialect } from '../helpers/dialects.js';
import { buy, psdIdsOf, startHarness, stampRequest, type WebHarness } from './helpers/web-harness.js';

/** Buys `n` single-stamp purchases one after another and returns the PSD id (= server) of each. */
async function buySequence(h: WebHarness, prefix: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await buy(h, `${prefix}-${i}`, [stampRequest()]);
    expect(res.statusCode, res.body).toBe(201);
    out.push(...psdIdsOf(res.body));
  }
  return out;
}

forEachDialect((_dialect, open) => {
  describe('round-robin selection', () => {
    it('spreads purchases across three servers in their order', async () => {
      const h = await startHarness(open, { servers: 3 });
      expect(await buySequence(h, 'rr', 7)).toEqual([101, 102, 103, 101, 102, 103, 101]);
      expect(h.fakes.map((f) => f.dispensedCount)).toEqual([3, 2, 2]);
    });

    it('skips a server the health checker found down, and takes it back when it is up again', async () => {
      const h = await startHarness(open, { servers: 3 });
      h.fakes[1]!.healthy = false;
      await h.app.web.healthChecker.checkNow();
      expect(await buySequence(h, 'down', 4)).toEqual([101, 103, 101, 103]);
      expect(h.fakes[1]!.dispenseCalls).toBe(0);
      const rows = await h.db.query('SELECT name, healthy, last_health_check_at_ms FROM processing_servers ORDER BY position');
      expect(rows.map((r) => [r.name, Number(r.healthy)])).toEqual([['ps-a', 1], ['ps-b', 0], ['ps-c', 1]]);
      expect(rows.every((r) => r.last_health_check_at_ms !== null)).toBe(true);
      h.fakes[1]!.healthy = true;
      await h.app.web.healthChecker.checkNow();
      expect(await buySequence(h, 'up', 3)).toEqual([101, 102, 103]);
    });

    it('sends nothing new to a draining or removed server, and starts again after enable', async () => {
      const h = await startHarness(open, { servers: 3 });
      await h.app.web.registry.drain('ps-a');
      await h.app.web.registry.remove('ps-c');
      expect(await buySequence(h, 'drain', 2)).toEqual([102, 102]);
      await h.app.web.registry.enable('ps-a');
      await h.app.web.healthChecker.checkNow();
      expect(await buySequence(h, 'enabled', 2)).toEqual([101, 102]);
      const listed = await h.app.web.registry.list({ includeRemoved: true });
      expect(listed.map((s) => [s.name, s.state])).toEqual([['ps-a', 'enabled'], ['ps-b', 'enabled'], ['ps-c', 'removed']]);
    });

    it('peek tells which server is next without moving on', async () => {
      const h = await startHarness(open, { servers: 2 });
      expect(h.app.web.selector.peek()?.name).toBe('ps-a');
      expect(h.app.web.selector.peek()?.name).toBe('ps-a');
      await buySequence(h, 'peek', 1);
      expect(h.app.web.selector.peek()?.name).toBe('ps-b');
    });

    it('answers 503 NO_PROCESSING_SERVER with Retry-After when every server is down, recording nothing', async () => {
      const h = await startHarness(open, { servers: 2 });
      for (const f of h.fakes) f.healthy = false;
      await h.app.web.healthChecker.checkNow();
      const res = await buy(h, 'none', [stampRequest()]);
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('NO_PROCESSING_SERVER');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(await h.db.query('SELECT id FROM purchases')).toEqual([]);
    });

    it('refuses a second server of the same name and a URL with a path', async () => {
      const h = await startHarness(open, { servers: 1 });
      await expect(h.app.web.registry.add('ps-a', 'http://127.0.0.1:1')).rejects.toMatchObject({ code: 'PROCESSING_SERVER_EXISTS' });
      await expect(h.app.web.registry.add('ps-x', 'http://127.0.0.1:1/internal')).rejects.toMatchObject({ code: 'PROCESSING_SERVER_URL_INVALID' });
      await expect(h.app.web.registry.drain('ps-zz')).rejects.toMatchObject({ code: 'PROCESSING_SERVER_NOT_FOUND' });
    });
  });

  describe('probes', () => {
    it('/healthz is 200; /readyz is 200 with a healthy server and 503 without one', async () => {
      const h = await startHarness(open, { servers: 1 });
      expect((await h.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await h.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', database: 'ok', healthyProcessingServers: 1 });
      await h.fakes[0]!.refuse();
      await h.app.web.healthChecker.checkNow();
      const notReady = await h.app.inject({ url: '/readyz' });
      expect(notReady.statusCode).toBe(503);
      expect(notReady.json()).toEqual({ status: 'not_ready', database: 'ok', healthyProcessingServers: 0 });
    });
  });
});
