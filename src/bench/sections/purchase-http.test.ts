import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureHttpRounds } from './purchase-http.js';

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = Fastify();
  app.get('/a', async () => ({ a: 1 }));
  app.post('/b', async (_request, reply) => reply.code(503).send({ busy: true }));
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => app.close());

describe('measureHttpRounds', () => {
  it('runs every subject at every connection count in each round, interleaved, and groups the runs', async () => {
    const order: string[] = [];
    const server = () => ({ server: process.pid });
    const measurements = await measureHttpRounds(
      [
        { name: 'a', request: { url: `${base}/a`, method: 'GET' }, windowMs: 60, serverPids: server },
        { name: 'b', request: { url: `${base}/b`, method: 'POST', body: '{}' }, windowMs: 60, serverPids: server },
      ],
      { connections: [1, 3], rounds: 2, warmupMs: 20 },
      (s, c, r) => order.push(`${s}${c}:${r.ok > 0 ? 'ok' : 'err'}`),
    );
    expect(order).toEqual(['a1:ok', 'b1:err', 'a3:ok', 'b3:err', 'a1:ok', 'b1:err', 'a3:ok', 'b3:err']);
    expect(measurements.map((m) => `${m.subject}${m.connections}×${m.runs.length}`)).toEqual(['a1×2', 'a3×2', 'b1×2', 'b3×2']);
    // The server (this process) is metered over every run, beside its load result.
    for (const m of measurements) expect(m.serverCpuMs.map((cpu) => typeof cpu.server)).toEqual(['number', 'number']);
    const b3 = measurements.find((m) => m.subject === 'b' && m.connections === 3);
    for (const run of b3?.runs ?? []) expect(run.errors['503']).toBe(run.completed);
  });
});
