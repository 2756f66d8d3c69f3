// The one question the internal client must answer right: could the server have received the request?
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import * as x509 from '@peculiar/x509';
import { afterEach, describe, expect, it } from 'vitest';
import { INTERNAL_TOKEN_HEADER } from '../../src/internal-api/dispense-contract.js';
import { InternalHttpClient } from '../../src/web/internal-http-client.js';

const servers: (http.Server | https.Server)[] = [];
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

  it('reads chunked answers, and a 204 without a body', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/empty') return void res.writeHead(204).end();
      res.setHeader('content-type', 'application/json');
      res.write('{"stamps": [');
      setTimeout(() => res.end('1, 2]}'), 5);
    });
    expect(await client.request({ baseUrl: url, method: 'GET', path: '/x', timeoutMs: 1000 })).toEqual({ kind: 'answered', status: 200, body: { stamps: [1, 2] } });
    expect(await client.request({ baseUrl: url, method: 'GET', path: '/empty', timeoutMs: 1000 })).toEqual({ kind: 'answered', status: 204, body: undefined });
  });

  it('does not reuse a connection the server closes, nor a fresh one, nor one the server closed while it was idle', async () => {
    const sockets: Socket[] = [];
    const url = await serve((req, res) => {
      if (!sockets.includes(req.socket)) sockets.push(req.socket);
      if (req.url === '/close') res.setHeader('connection', 'close');
      res.end('{}');
    });
    await client.request({ baseUrl: url, method: 'GET', path: '/close', timeoutMs: 1000 });
    await client.request({ baseUrl: url, method: 'GET', path: '/x', timeoutMs: 1000 });
    expect(sockets).toHaveLength(2);
    await client.request({ baseUrl: url, method: 'POST', path: '/x', body: {}, timeoutMs: 1000, freshConnection: true });
    expect(sockets).toHaveLength(3);
    // The pooled connection (the second) is closed by the server while idle: the next call takes a new one.
    sockets[1]?.destroy();
    await new Promise((r) => setTimeout(r, 20));
    expect(await client.request({ baseUrl: url, method: 'GET', path: '/x', timeoutMs: 1000 })).toEqual({ kind: 'answered', status: 200, body: {} });
    expect(sockets).toHaveLength(4);
  });

  it('does not pool a connection whose answer came before the whole request was written', async () => {
    const sockets = new Set<unknown>();
    const url = await serve((req, res) => {
      sockets.add(req.socket);
      res.end('{"early":true}'); // answered at once, before the body is read
    });
    const big = { pad: 'x'.repeat(16 * 1024 * 1024) };
    expect(await client.request({ baseUrl: url, method: 'POST', path: '/x', body: big, timeoutMs: 5000 })).toEqual({ kind: 'answered', status: 200, body: { early: true } });
    await client.request({ baseUrl: url, method: 'GET', path: '/x', timeoutMs: 1000 });
    expect(sockets.size).toBe(2);
  });

  it('closes idle connections after its idle timeout', async () => {
    let closed = 0;
    const url = await serve((req, res) => {
      req.socket.once('close', () => (closed += 1));
      res.end('{}');
    });
    const quick = new InternalHttpClient('secret-token-for-tests', { idleTimeoutMs: 30 });
    await quick.request({ baseUrl: url, method: 'GET', path: '/x', timeoutMs: 1000 });
    await new Promise((r) => setTimeout(r, 150));
    expect(closed).toBe(1);
    quick.close();
  });

  it('close() ends a call in flight in doubt', async () => {
    const url = await serve(() => undefined);
    const own = new InternalHttpClient('secret-token-for-tests');
    const pending = own.request({ baseUrl: url, method: 'POST', path: '/x', body: {}, timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 50));
    own.close();
    expect((await pending).kind).toBe('in_doubt');
  });

  it('an answer that breaks HTTP is in_doubt, and a bad path is not sent at all', async () => {
    const url = await serve((req) => req.socket.end('HTTP/1.1 200 OK\r\ncontent-length: nope\r\n\r\n{}'));
    expect((await client.request({ baseUrl: url, method: 'GET', path: '/x', timeoutMs: 1000 })).kind).toBe('in_doubt');
    expect((await client.request({ baseUrl: url, method: 'GET', path: '/x y', timeoutMs: 1000 })).kind).toBe('not_sent');
  });

  it('speaks https to a server whose certificate it trusts, and refuses (not sent) one it does not', async () => {
    const { cert, key } = await selfSignedLoopbackCertificate();
    const server = https.createServer({ cert, key }, (_req, res) => res.end('{"secure":true}'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const trusting = new InternalHttpClient('secret-token-for-tests', { ca: cert });
    expect(await trusting.request({ baseUrl, method: 'GET', path: '/x', timeoutMs: 2000 })).toEqual({ kind: 'answered', status: 200, body: { secure: true } });
    trusting.close();
    const refused = await client.request({ baseUrl, method: 'POST', path: '/x', body: {}, timeoutMs: 2000 });
    expect(refused.kind).toBe('not_sent');
  });
});

/** A self-signed P-256 certificate for 127.0.0.1, made in memory. */
async function selfSignedLoopbackCertificate(): Promise<{ cert: string; key: string }> {
  const crypto = webcrypto as unknown as NonNullable<Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1]>;
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '01',
      name: 'CN=127.0.0.1',
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 3_600_000),
      keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
      signingAlgorithm: alg,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])],
    },
    crypto,
  );
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
  return { cert: certificate.toString('pem'), key };
}
