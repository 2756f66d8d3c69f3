// The one question the internal client must answer right: could the server have received the request?
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { INTERNAL_TOKEN_HEADER } from '../../src/internal-api/dispense-contract.js';
import { InternalHttpClient } from '../../src/web/internal-http-client.js';

const servers: http.Server[] = [];
const client = new InternalHttpClient('secret-token-for-tests');

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function freePort(): Promise<string> {
  const url = await serve(() => undefined);
  const s = servers.pop()!;
  await new Promise((r) => s.close(r));
  return url;
}

describe('InternalHttpClient', () => {
  it('answers with the status and parsed JSON, sending the internal token', async () => {
    const url = await serve((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ token: req.headers[INTERNAL_TOKEN_HEADER] }));
    });
    const out = await client.request({ baseUrl: url, method: 'POST', path: '/x', body: { a: 1 }, timeoutMs: 1000 });
    expect(out).toEqual({ kind: 'answered', status: 200, body: { token: 'secret-token-for-tests' } });
  });

  it('a refused connection is not_sent', async () => {
    const out = await client.request({ baseUrl: await freePort(), method: 'POST', path: '/x', body: {}, timeoutMs: 1000 });
    expect(out.kind).toBe('not_sent');
    expect(out.kind === 'not_sent' && out.reason).toMatch(/ECONNREFUSED/);
  });

  it('a connection dropped after the request arrived is in_doubt', async () => {
    let received = false;
    const url = await serve((req) => {
      received = true;
      req.socket.destroy();
    });
    const out = await client.request({ baseUrl: url, method: 'POST', path: '/x', body: {}, timeoutMs: 1000 });
    expect(received).toBe(true);
    expect(out.kind).toBe('in_doubt');
  });

  it('no answer within the timeout is in_doubt', async () => {
    const url = await serve(() => undefined);
    const started = Date.now();
    const out = await client.request({ baseUrl: url, method: 'GET', path: '/x', timeoutMs: 150 });
    expect(out.kind).toBe('in_doubt');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('an answer cut off in the middle, or not JSON, is in_doubt', async () => {
    const cut = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"stamps": [');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect((await client.request({ baseUrl: cut, method: 'GET', path: '/x', timeoutMs: 1000 })).kind).toBe('in_doubt');
    const html = await serve((_req, res) => res.end('<html>'));
    expect((await client.request({ baseUrl: html, method: 'GET', path: '/x', timeoutMs: 1000 })).kind).toBe('in_doubt');
  });

  it('reuses keep-alive connections', async () => {
    const sockets = new Set<unknown>();
    const url = await serve((req, res) => {
      sockets.add(req.socket);
      res.end('{}');
    });
    for (let i = 0; i < 5; i++) await client.request({ baseUrl: url, method: 'GET', path: '/x', timeoutMs: 1000 });
    expect(sockets.size).toBe(1);
  });
});
