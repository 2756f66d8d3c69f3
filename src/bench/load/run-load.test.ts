import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatencySamples } from './latency-samples.js';
import { checkLoadOptions, type LoadResult } from './load-options.js';
import { runLoad } from './run-load.js';
import { runLoadInChild } from './run-load-in-child.js';

// A local server whose answers the tests can count: it records every idempotency key and body it gets,
// answers /cycle with 200, 200, 503, 429 in turn, and never answers /hang.
let app: FastifyInstance;
let base: string;
const keys: string[] = [];
const bodies: unknown[] = [];
let cycle = 0;

beforeAll(async () => {
  app = Fastify();
  app.get('/ok', async () => ({ hello: 'world' }));
  app.post('/purchase', async (request, reply) => {
    keys.push(String(request.headers['idempotency-key']));
    bodies.push(request.body);
    return reply.code(201).send({ ok: true });
  });
  app.get('/cycle', async (_request, reply) => {
    const status = [200, 200, 503, 429][cycle++ % 4] as number;
    return reply.code(status).send({ status });
  });
  app.get('/hang', () => new Promise(() => {}));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  // The /hang requests were abandoned by the client; do not wait for them.
  app.server.closeAllConnections();
  await app.close();
});

function expectOrderedLatency(result: LoadResult): void {
  const l = result.latencyMs;
  expect(l.count).toBe(result.ok);
  expect(l.p50).toBeGreaterThan(0);
  expect(l.p50).toBeLessThanOrEqual(l.p90);
  expect(l.p90).toBeLessThanOrEqual(l.p99);
  expect(l.p99).toBeLessThanOrEqual(l.max);
}

describe('runLoad', () => {
  it('sends exactly maxRequests over at most `connections` keep-alive sockets and times every answer', async () => {
    const result = await runLoad({ url: `${base}/ok`, method: 'GET', connections: 8, maxRequests: 300 });
    expect(result.completed).toBe(300);
    expect(result.answeredTotal).toBe(300);
    expect(result.ok).toBe(300);
    expect(result.errors).toEqual({});
    expect(result.socketsOpened).toBeGreaterThanOrEqual(1);
    expect(result.socketsOpened).toBeLessThanOrEqual(8);
    expect(result.okPerSecond).toBeCloseTo(300 / result.elapsedSeconds, 6);
    expectOrderedLatency(result);
  });

  it('gives every request its own value of each unique header and sends the body unchanged', async () => {
    keys.length = 0;
    bodies.length = 0;
    const body = { stamps: [{ rateCategory: 1, postage: '740', originZip: '94107' }] };
    const result = await runLoad({
      url: `${base}/purchase`,
      method: 'POST',
      headers: { authorization: 'Bearer ik_test' },
      uniqueHeaders: ['idempotency-key'],
      body: JSON.stringify(body),
      connections: 4,
      maxRequests: 200,
    });
    expect(result.ok).toBe(200);
    expect(keys).toHaveLength(200);
    expect(new Set(keys).size).toBe(200);
    expect(bodies.every((b) => JSON.stringify(b) === JSON.stringify(body))).toBe(true);
  });

  it('counts answers that are not 2xx by status and leaves them out of the latencies', async () => {
    cycle = 0;
    const result = await runLoad({ url: `${base}/cycle`, method: 'GET', connections: 5, maxRequests: 200 });
    expect(result.completed).toBe(200);
    expect(result.ok).toBe(100);
    expect(result.errors).toEqual({ '503': 50, '429': 50 });
    expectOrderedLatency(result);
  });

  it('counts refused connections and unanswered requests by error code', async () => {
    const closed = Fastify();
    const deadUrl = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const refused = await runLoad({ url: `${deadUrl}/ok`, method: 'GET', connections: 2, maxRequests: 10 });
    expect(refused).toMatchObject({ completed: 10, ok: 0, errors: { ECONNREFUSED: 10 } });
    const hung = await runLoad({ url: `${base}/hang`, method: 'GET', connections: 3, maxRequests: 3, requestTimeoutMs: 200 });
    expect(hung).toMatchObject({ completed: 3, ok: 0, errors: { timeout: 3 } });
  });

  it('stops by itself after the warm-up and the measured window', async () => {
    const result = await runLoad({ url: `${base}/ok`, method: 'GET', connections: 4, warmupMs: 100, durationMs: 300 });
    expect(result.ok).toBeGreaterThan(0);
    // The warm-up's answers are in the total, not in the window's count.
    expect(result.answeredTotal).toBeGreaterThan(result.completed);
    // Only answers inside the window are counted, so the measured time never passes it.
    expect(result.elapsedSeconds).toBeLessThanOrEqual(0.3);
    expectOrderedLatency(result);
  });

  it('refuses options that would never stop or cannot be sent', () => {
    expect(() => checkLoadOptions({ url: `${base}/ok`, method: 'GET', connections: 1 })).toThrow(/stop by itself/);
    expect(() => checkLoadOptions({ url: `${base}/ok`, method: 'GET', connections: 0, maxRequests: 1 })).toThrow(/connections/);
    expect(() => checkLoadOptions({ url: `${base}/ok`, method: 'GET', body: '{}', connections: 1, maxRequests: 1 })).toThrow(/GET/);
  });
});

describe('runLoadInChild', () => {
  it('runs the generator in another process and returns its counts and CPU time', async () => {
    keys.length = 0;
    const result = await runLoadInChild({ url: `${base}/purchase`, method: 'POST', uniqueHeaders: ['idempotency-key'], body: '{}', connections: 4, maxRequests: 150 });
    expect(result).toMatchObject({ completed: 150, ok: 150, errors: {} });
    expect(new Set(keys).size).toBe(150);
    expect(result.generatorCpuMs).toBeGreaterThan(0);
    expectOrderedLatency(result);
  });
});

describe('LatencySamples', () => {
  it('gives nearest-rank percentiles of every recorded value', () => {
    const samples = new LatencySamples();
    // 1..2000 in a shuffled order, past the initial capacity so the store grows.
    for (let i = 0; i < 2000; i++) samples.add(((i * 7919) % 2000) + 1);
    expect(samples.summary()).toEqual({ count: 2000, mean: 1000.5, p50: 1000, p90: 1800, p99: 1980, max: 2000 });
    expect(new LatencySamples().summary().count).toBe(0);
  });
});
