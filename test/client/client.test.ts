// The client library against the real vendor web server on a loopback port, with honest fake
// processing servers behind it and a proxy in front that can lose the server's answers.
import { describe, expect, it } from 'vitest';
import { decodeDataMatrixPng } from '../../src/barcode/datamatrix-decode.js';
import { IndiciaApiError, IndiciaClient, stampBytes, type IndiciaClientOptions, type RetryEvent, type StampRequest } from '../../src/client/index.js';
import { decodeIndicium } from '../../src/core/indicium/codec.js';
import { parseMailingDate } from '../../src/core/mailing-date.js';
import { isAppError } from '../../src/errors/app-error.js';
import { forDialect } from '../helpers/dialects.js';
import { TEST_LICENSE } from '../web/helpers/web-harness.js';
import { startApiServer, type ApiServer } from './helpers/api-server.js';

const stamp = (overrides: Partial<StampRequest> = {}): StampRequest => ({
  rateCategory: 'first-class-letter',
  // The letter rate is $0.81 (src/rates): postage may be more, never less.
  postage: 810n,
  dateOfMailing: '2026-11-24',
  originZip: '94107-0001',
  ...overrides,
});

/** A client of the server through the proxy that records its waits instead of sleeping. */
function clientOf(server: ApiServer, options: Partial<IndiciaClientOptions> & { onSleep?: (ms: number) => Promise<void> | void } = {}) {
  const sleeps: number[] = [];
  const retries: RetryEvent[] = [];
  const client = new IndiciaClient({
    baseUrl: server.url,
    apiKey: server.apiKey,
    timeoutMs: 5_000,
    retries: 3,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      await options.onSleep?.(ms);
    },
    onRetry: (e) => retries.push(e),
    ...options,
  });
  return { client, sleeps, retries };
}

forDialect('sqlite', (open) => {
  describe('IndiciaClient against the web server', () => {
    it('buys one stamp, reads it back, downloads its PNG and SVG, and probes the server', async () => {
      const server = await startApiServer(open);
      const { client, sleeps } = clientOf(server);
      const bought = await client.buyStamps([stamp({ destinationZip: '10001' })]);
      expect(bought.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      expect(bought.stamps).toHaveLength(1);
      const [s] = bought.stamps;
      const fields = decodeIndicium(stampBytes(s!)).fields;
      expect(fields).toMatchObject({ licenseNumber: TEST_LICENSE, postage: 810n, originZip: 941070001, destinationZip: 100010000, dateOfMailing: parseMailingDate('2026-11-24') });
      expect(s!.fields.postage).toBe('810');
      expect(await client.getStamp(s!.id)).toEqual(s);
      const png = await client.stampPng(s!.id, { scale: 4 });
      const symbols = decodeDataMatrixPng(png);
      expect(symbols).toHaveLength(1);
      expect(Buffer.from(symbols[0]!.bytes).toString('base64')).toBe(s!.indicium);
      expect(await client.stampSvg(s!.id)).toContain('<svg');
      expect(await client.health()).toEqual({ status: 'ok' });
      expect((await client.readiness()).status).toBe('ready');
      expect(server.dispensed()).toBe(1);
      expect(sleeps).toEqual([]);
    });

    it('buys many stamps in one purchase and pages through them', async () => {
      const server = await startApiServer(open);
      const { client } = clientOf(server);
      const bought = await client.buyStamps(Array.from({ length: 25 }, (_, i) => stamp({ postage: BigInt(810 + i) })));
      expect(bought.stamps.map((s) => s.fields.postage)).toEqual(Array.from({ length: 25 }, (_, i) => String(810 + i)));
      const first = await client.listStamps({ limit: 10 });
      expect(first.stamps).toHaveLength(10);
      expect(first.nextCursor).not.toBeNull();
      const all: string[] = [];
      for await (const s of client.allStamps({ pageSize: 10 })) all.push(s.id);
      expect(all.sort()).toEqual(bought.stamps.map((s) => s.id).sort());
      expect(server.dispensed()).toBe(25);
    });

    it('retries a purchase whose answer was lost after the server committed it, with the same key, and is charged once', async () => {
      const server = await startApiServer(open);
      const { client, retries } = clientOf(server);
      server.proxy.purchaseModes.push('drop');
      const bought = await client.buyStamps([stamp(), stamp({ postage: 640n, rateCategory: 3 }), stamp()]);
      const purchases = server.proxy.purchases;
      expect(purchases.map((p) => [p.mode, p.upstreamStatus])).toEqual([['drop', 201], ['pass', 201]]);
      expect(purchases[1]!.idempotencyKey).toBe(purchases[0]!.idempotencyKey);
      expect(purchases[0]!.idempotencyKey).toBe(bought.idempotencyKey);
      expect(retries).toHaveLength(1);
      expect(retries[0]!.idempotencyKey).toBe(bought.idempotencyKey);
      expect(server.dispensed()).toBe(3);
      const listed = await client.listStamps({ limit: 100 });
      expect(listed.stamps.map((s) => s.id).sort()).toEqual(bought.stamps.map((s) => s.id).sort());
    });

    it('a purchase retried later with the caller\'s key returns the first answer, not a second purchase', async () => {
      const server = await startApiServer(open);
      const { client } = clientOf(server);
      const first = await client.buyStamps([stamp()], { idempotencyKey: 'order-4711' });
      const again = await client.buyStamps([stamp({ postage: undefined, postageDollars: '0.81', rateCategory: 1 })], { idempotencyKey: 'order-4711' });
      expect(again.purchaseId).toBe(first.purchaseId);
      expect(again.stamps).toEqual(first.stamps);
      expect(server.dispensed()).toBe(1);
    });

    it('times out on a stalled answer, and the same key later gets the stamps bought by the stalled attempt', async () => {
      const server = await startApiServer(open);
      const { client, sleeps } = clientOf(server, { timeoutMs: 300, retries: 1 });
      server.proxy.purchaseModes.push('stall', 'stall');
      const err = await client.buyStamps([stamp()]).catch((e: unknown) => e);
      expect(isAppError(err, 'CLIENT_TIMEOUT')).toBe(true);
      const key = (err as { details: { idempotencyKey: string } }).details.idempotencyKey;
      expect(server.proxy.purchases.map((p) => p.idempotencyKey)).toEqual([key, key]);
      expect(sleeps).toHaveLength(1);
      expect(server.dispensed()).toBe(1);
      const later = await client.buyStamps([stamp()], { idempotencyKey: key });
      expect(later.stamps).toHaveLength(1);
      expect(server.dispensed()).toBe(1);
    });

    it('retries a 503 after the Retry-After the server sent, with the same key', async () => {
      // Retry-After is one health-check interval: 3 s here.
      const server = await startApiServer(open, { config: { healthIntervalMs: 3_000 } });
      const fake = server.harness.fakes[0]!;
      await fake.refuse();
      const { client, sleeps, retries } = clientOf(server, {
        onSleep: async () => {
          await fake.accept();
          await server.harness.app.web.healthChecker.checkNow();
        },
      });
      const bought = await client.buyStamps([stamp()]);
      expect(sleeps).toEqual([3_000]);
      expect(retries[0]!.reason).toBe('HTTP 503 NO_PROCESSING_SERVER');
      const purchases = server.proxy.purchases;
      expect(purchases.map((p) => p.upstreamStatus)).toEqual([503, 201]);
      expect(new Set(purchases.map((p) => p.idempotencyKey))).toEqual(new Set([bought.idempotencyKey]));
      expect(server.dispensed()).toBe(1);
    });

    it('gives up on a 503 after its retries, with the server\'s code, request id and the key to retry with', async () => {
      const server = await startApiServer(open, { config: { healthIntervalMs: 1_000 } });
      await server.harness.fakes[0]!.refuse();
      const { client, sleeps } = clientOf(server, { retries: 2 });
      const err = await client.buyStamps([stamp()], { idempotencyKey: 'k-503' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IndiciaApiError);
      const apiErr = err as IndiciaApiError;
      expect([apiErr.statusCode, apiErr.code, apiErr.serverCode, apiErr.idempotencyKey]).toEqual([503, 'NO_PROCESSING_SERVER', 'NO_PROCESSING_SERVER', 'k-503']);
      expect(apiErr.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(apiErr.message).toContain(apiErr.requestId);
      expect(sleeps).toEqual([1_000, 1_000]);
      expect(server.proxy.purchases).toHaveLength(3);
    });

    it('surfaces 4xx errors with their code at once, never retrying them', async () => {
      const server = await startApiServer(open);
      const { client, sleeps } = clientOf(server);
      const invalid = (await client.buyStamps([stamp({ originZip: '9410' })]).catch((e: unknown) => e)) as IndiciaApiError;
      expect([invalid.statusCode, invalid.code]).toEqual([400, 'ZIP_INVALID']);
      expect(invalid.details).toMatchObject({ field: 'stamps[0].originZip' });
      await client.buyStamps([stamp()], { idempotencyKey: 'used-once' });
      const reused = (await client.buyStamps([stamp({ postage: 1000n })], { idempotencyKey: 'used-once' }).catch((e: unknown) => e)) as IndiciaApiError;
      expect([reused.statusCode, reused.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
      const missing = (await client.getStamp('no-such-stamp').catch((e: unknown) => e)) as IndiciaApiError;
      expect([missing.statusCode, missing.code]).toEqual([404, 'STAMP_NOT_FOUND']);
      const stranger = new IndiciaClient({ baseUrl: server.url, apiKey: 'ik_not-a-key', retries: 3, sleep: async (ms) => void sleeps.push(ms) });
      const refused = (await stranger.listStamps().catch((e: unknown) => e)) as IndiciaApiError;
      expect([refused.statusCode, refused.code]).toEqual([401, 'API_KEY_INVALID']);
      expect(sleeps).toEqual([]);
      expect(server.proxy.requests).toHaveLength(5);
      expect(server.dispensed()).toBe(1);
    });

    it('waits out 409 PURCHASE_IN_PROGRESS while another request works on the same purchase', async () => {
      const server = await startApiServer(open);
      const fake = server.harness.fakes[0]!;
      fake.mode = { kind: 'hang' };
      const first = new IndiciaClient({ baseUrl: server.directUrl, apiKey: server.apiKey, retries: 0 }).buyStamps([stamp()], { idempotencyKey: 'shared' });
      await waitFor(() => fake.heldCount === 1);
      const { client, sleeps, retries } = clientOf(server, {
        onSleep: async () => {
          fake.release();
          await first;
        },
      });
      const second = await client.buyStamps([stamp()], { idempotencyKey: 'shared' });
      expect(retries.map((r) => r.reason)).toEqual(['HTTP 409 PURCHASE_IN_PROGRESS']);
      expect(sleeps).toEqual([1_000]);
      expect(second.stamps).toEqual((await first).stamps);
      expect(server.dispensed()).toBe(1);
    });

    it('reports a server that cannot be reached as CLIENT_NETWORK_ERROR after its retries', async () => {
      const server = await startApiServer(open);
      await server.proxy.close();
      const { client, sleeps } = clientOf(server, { retries: 2 });
      const err = await client.buyStamps([stamp()], { idempotencyKey: 'k-net' }).catch((e: unknown) => e);
      expect(isAppError(err, 'CLIENT_NETWORK_ERROR')).toBe(true);
      expect((err as Error).message).toContain('k-net');
      expect((err as Error).message).toContain('ECONNREFUSED');
      expect(sleeps).toHaveLength(2);
      expect(server.dispensed()).toBe(0);
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
