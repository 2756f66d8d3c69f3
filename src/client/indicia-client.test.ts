import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { IndiciaApiError } from './api-error.js';
import { fakeStamp, scriptedFetch, type Scripted } from './client-test-support.js';
import { IndiciaClient, type IndiciaClientOptions } from './indicia-client.js';
import type { StampRequest } from './types.js';

const request: StampRequest = { rateCategory: 1, postage: 740n, originZip: '94107' };
const purchase = (n = 1) => ({ status: 201, body: { purchaseId: 'p1', stamps: Array.from({ length: n }, (_, i) => fakeStamp(`s${i}`, 'p1')) } });
const error = (status: number, code: string, headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: { statusCode: status, code, error: 'x', message: `${code} happened`, requestId: 'req-1', details: { field: 'stamps[0].postage' } },
});

function clientWith(script: Scripted[], options: Partial<IndiciaClientOptions> = {}) {
  const { fetch, seen } = scriptedFetch(script);
  const sleeps: number[] = [];
  let keys = 0;
  const client = new IndiciaClient({
    baseUrl: 'http://vendor.test',
    apiKey: 'ik_test',
    retries: 3,
    fetch,
    random: () => 0,
    sleep: async (ms) => void sleeps.push(ms),
    newKey: () => `key-${++keys}`,
    ...options,
  });
  return { client, seen, sleeps, keysMade: () => keys };
}

describe('IndiciaClient: retries', () => {
  it('retries network failures with the one key it made for the purchase', async () => {
    const { client, seen, sleeps, keysMade } = clientWith(['network', 'network', purchase()]);
    const result = await client.buyStamps([request]);
    expect(result.idempotencyKey).toBe('key-1');
    expect(keysMade()).toBe(1);
    expect(seen.map((r) => r.headers['idempotency-key'])).toEqual(['key-1', 'key-1', 'key-1']);
    expect(new Set(seen.map((r) => r.body)).size).toBe(1);
    expect(sleeps).toEqual([125, 250]);
  });

  it('sends the caller\'s key, the bearer key, and postage in mills as a decimal string', async () => {
    const { client, seen } = clientWith([purchase()]);
    await client.buyStamps([{ ...request, medium: { serial: '2026-1124-0001-8' } }], { idempotencyKey: 'order-1' });
    expect(seen[0]).toMatchObject({ url: 'http://vendor.test/v1/stamps', method: 'POST' });
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer ik_test', 'idempotency-key': 'order-1', 'content-type': 'application/json' });
    expect(JSON.parse(seen[0]!.body!)).toEqual({ stamps: [{ rateCategory: 1, postage: '740', originZip: '94107', medium: { serial: '2026-1124-0001-8', slot: 0 } }] });
  });

  it('waits the Retry-After of a 503, and gives up with the server\'s error after its retries', async () => {
    const { client, seen, sleeps } = clientWith([error(503, 'PURCHASE_IN_DOUBT', { 'retry-after': '7' }), ...Array<Scripted>(3).fill(error(503, 'PURCHASE_IN_DOUBT', { 'retry-after': '7' }))]);
    const err = (await client.buyStamps([request]).catch((e: unknown) => e)) as IndiciaApiError;
    expect(err).toBeInstanceOf(IndiciaApiError);
    expect([err.statusCode, err.code, err.requestId, err.idempotencyKey]).toEqual([503, 'PURCHASE_IN_DOUBT', 'req-1', 'key-1']);
    expect(err.message).toBe('PURCHASE_IN_DOUBT happened (request id req-1)');
    expect(sleeps).toEqual([7_000, 7_000, 7_000]);
    expect(seen).toHaveLength(4);
  });

  it('never retries a 4xx other than PURCHASE_IN_PROGRESS', async () => {
    const { client, seen, sleeps } = clientWith([error(400, 'MONEY_INVALID')]);
    const err = (await client.buyStamps([request]).catch((e: unknown) => e)) as IndiciaApiError;
    expect([err.statusCode, err.code, err.kind, err.message]).toEqual([400, 'MONEY_INVALID', 'invalid_input', 'MONEY_INVALID happened']);
    expect(err.details).toEqual({ field: 'stamps[0].postage', idempotencyKey: 'key-1' });
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries 409 PURCHASE_IN_PROGRESS and a proxy\'s 502 page', async () => {
    const { client, seen, sleeps } = clientWith([error(409, 'PURCHASE_IN_PROGRESS'), { status: 502, body: '<html>Bad Gateway</html>' }, purchase(2)]);
    const result = await client.buyStamps([request, request]);
    expect(result.stamps).toHaveLength(2);
    expect(sleeps).toEqual([1_000, 250]);
    expect(seen.map((r) => r.headers['idempotency-key'])).toEqual(['key-1', 'key-1', 'key-1']);
  });

  it('gives CLIENT_TIMEOUT when no attempt is answered in time, naming the key to retry with', async () => {
    const { client, seen } = clientWith(['hang', 'hang'], { timeoutMs: 20, retries: 1 });
    const err = await client.buyStamps([request]).catch((e: unknown) => e);
    expect(isAppError(err, 'CLIENT_TIMEOUT')).toBe(true);
    expect((err as Error).message).toMatch(/^POST http:\/\/vendor\.test\/v1\/stamps failed after 2 attempts \(no answer within 20 ms\); the purchase may have been made: retry it with Idempotency-Key key-1\. /);
    expect(seen).toHaveLength(2);
  });

  it('gives CLIENT_NETWORK_ERROR with the socket\'s error after its retries', async () => {
    const { client } = clientWith(['network', 'network'], { retries: 1 });
    const err = await client.getStamp('s1').catch((e: unknown) => e);
    expect(isAppError(err, 'CLIENT_NETWORK_ERROR')).toBe(true);
    expect((err as Error).message).toContain('(UND_ERR_SOCKET: other side closed)');
  });

  it('stops at once when the caller aborts, without another attempt', async () => {
    const controller = new AbortController();
    const { client, seen } = clientWith(['network', purchase()], {
      sleep: async () => {
        controller.abort(new Error('user cancelled'));
      },
    });
    await expect(client.buyStamps([request], { signal: controller.signal })).rejects.toThrow('user cancelled');
    expect(seen).toHaveLength(1);
  });
});

describe('IndiciaClient: answers', () => {
  it('refuses a purchase answer without every stamp asked for', async () => {
    const { client } = clientWith([purchase(1)]);
    const err = await client.buyStamps([request, request]).catch((e: unknown) => e);
    expect(isAppError(err, 'CLIENT_ANSWER_INVALID')).toBe(true);
    expect((err as Error).message).toContain('it holds 1 stamps, not the 2 asked for');
  });

  it('refuses a stamp with a missing field or an indicium of the wrong length', async () => {
    const broken = { ...fakeStamp('s1', 'p1'), indicium: Buffer.alloc(116).toString('base64') };
    const { client } = clientWith([{ status: 200, body: broken }, { status: 200, body: 'not json' }, { status: 200, body: { ...fakeStamp('s1', 'p1'), fields: { postage: 740 } } }]);
    for (let i = 0; i < 3; i++) {
      const err = await client.getStamp('s1').catch((e: unknown) => e);
      expect(isAppError(err, 'CLIENT_ANSWER_INVALID'), String(err)).toBe(true);
    }
  });

  it('keeps an error code this client does not know, classed by status', async () => {
    const { client } = clientWith([error(418, 'TEAPOT_FULL')]);
    const err = (await client.listStamps().catch((e: unknown) => e)) as IndiciaApiError;
    expect([err.code, err.serverCode, err.statusCode]).toEqual(['CLIENT_ANSWER_INVALID', 'TEAPOT_FULL', 418]);
    expect(err.message).toBe('TEAPOT_FULL happened (server code TEAPOT_FULL)');
  });

  it('pages through every stamp and builds query strings', async () => {
    const { client, seen } = clientWith([
      { status: 200, body: { stamps: [fakeStamp('a', 'p'), fakeStamp('b', 'p')], nextCursor: 'c1' } },
      { status: 200, body: { stamps: [fakeStamp('c', 'p')], nextCursor: null } },
    ]);
    const ids: string[] = [];
    for await (const s of client.allStamps({ pageSize: 2 })) ids.push(s.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(seen.map((r) => r.url)).toEqual(['http://vendor.test/v1/stamps?limit=2', 'http://vendor.test/v1/stamps?limit=2&cursor=c1']);
  });

  it('joins paths to a base URL with a path prefix, and refuses one that is not http(s)', async () => {
    const { fetch, seen } = scriptedFetch([{ status: 200, body: { status: 'ok' } }]);
    await new IndiciaClient({ baseUrl: 'https://vendor.test/api/', apiKey: 'ik_x', fetch }).health();
    expect(seen[0]!.url).toBe('https://vendor.test/api/healthz');
    expect(() => new IndiciaClient({ baseUrl: 'ftp://vendor.test', apiKey: 'ik_x' })).toThrow(expect.objectContaining({ code: 'CLIENT_URL_INVALID' }));
    expect(() => new IndiciaClient({ baseUrl: 'vendor.test', apiKey: 'ik_x' })).toThrow(expect.objectContaining({ code: 'CLIENT_URL_INVALID' }));
    expect(() => new IndiciaClient({ baseUrl: 'http://vendor.test', apiKey: 'ik x' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('reads readiness once, a 503 included', async () => {
    const { client, seen } = clientWith([{ status: 503, body: { status: 'not_ready', database: 'ok', healthyProcessingServers: 0 } }]);
    expect(await client.readiness()).toEqual({ status: 'not_ready', database: 'ok', healthyProcessingServers: 0 });
    expect(seen).toHaveLength(1);
  });
});
