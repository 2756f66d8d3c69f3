// How every way a call to the authority can end maps to a catalogued error, against a local HTTP
// server that answers as told (the real authority is exercised in test/processing).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../errors/app-error.js';
import { isDefiniteRefusal } from '../ledger/reset-authorizer.js';
import { callAuthority, type AuthorityHttpOptions } from './authority-http.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let options: AuthorityHttpOptions;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  options = { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'vendor-token-0123456789', timeoutMs: 300 };
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function json(status: number, body: unknown): Handler {
  return (_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function failure(call: Promise<unknown>): Promise<AppError> {
  try {
    await call;
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('callAuthority', () => {
  it('sends the bearer token and the JSON body, and resolves with the JSON answer', async () => {
    let seen: { auth?: string; type?: string; body?: string; method?: string; url?: string } = {};
    handler = (req, res, body) => {
      seen = { auth: req.headers.authorization, type: req.headers['content-type'], body, method: req.method, url: req.url };
      json(200, { ok: true })(req, res, body);
    };
    await expect(callAuthority(options, { method: 'POST', path: '/v1/resets', body: { a: '1' } })).resolves.toEqual({ ok: true });
    expect(seen).toEqual({ auth: 'Bearer vendor-token-0123456789', type: 'application/json', body: '{"a":"1"}', method: 'POST', url: '/v1/resets' });
  });

  it('omits the token for public documents', async () => {
    let auth: string | undefined = 'unset';
    handler = (req, res, body) => {
      auth = req.headers.authorization;
      json(200, {})(req, res, body);
    };
    await callAuthority(options, { method: 'GET', path: '/v1/authority', authenticated: false });
    expect(auth).toBeUndefined();
  });

  it('keeps the code and kind of an error the authority answered, so a refusal stays a refusal', async () => {
    handler = json(402, {
      statusCode: 402,
      code: 'DEPOSIT_INSUFFICIENT',
      error: 'Payment Required',
      message: 'The deposit holds 5 mills, the reset asks for 9. Fund the deposit with the postal authority, or reset by a smaller amount.',
      details: { balanceMills: '5' },
    });
    const err = await failure(callAuthority(options, { method: 'POST', path: '/v1/resets', body: {} }));
    expect(err.code).toBe('DEPOSIT_INSUFFICIENT');
    expect(err.kind).toBe('payment_required');
    expect(err.details).toEqual({ balanceMills: '5' });
    // The catalogue's fix appears once, not twice.
    expect(err.message).toBe('The postal authority: The deposit holds 5 mills, the reset asks for 9. Fund the deposit with the postal authority, or reset by a smaller amount.');
    expect(isDefiniteRefusal(err)).toBe(true);
  });

  it('maps a 5xx, silence past the deadline and a refused connection to AUTHORITY_UNAVAILABLE (outcome unknown)', async () => {
    handler = json(503, { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'down' });
    const fiveHundred = await failure(callAuthority(options, { method: 'POST', path: '/v1/resets', body: {} }));
    expect([fiveHundred.code, fiveHundred.details]).toEqual(['AUTHORITY_UNAVAILABLE', { status: 503, authorityCode: 'DATABASE_UNAVAILABLE' }]);
    handler = () => undefined; // never answers
    const silent = await failure(callAuthority(options, { method: 'POST', path: '/v1/resets', body: {} }));
    expect(silent.code).toBe('AUTHORITY_UNAVAILABLE');
    expect(silent.message).toContain('no answer within 300 ms');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await failure(callAuthority({ ...options, baseUrl: `http://127.0.0.1:${port}` }, { method: 'GET', path: '/v1/authority' }));
    expect(refused.code).toBe('AUTHORITY_UNAVAILABLE');
    expect(refused.message).toContain('ECONNREFUSED');
    for (const err of [fiveHundred, silent, refused]) expect(isDefiniteRefusal(err)).toBe(false);
  });

  it('maps a refused token to AUTHORITY_TOKEN_REJECTED and answers that are not the API to AUTHORITY_ANSWER_INVALID', async () => {
    handler = json(401, { statusCode: 401, code: 'AUTH_TOKEN_INVALID', message: 'no' });
    expect((await failure(callAuthority(options, { method: 'POST', path: '/v1/resets', body: {} }))).code).toBe('AUTHORITY_TOKEN_REJECTED');
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy</html>');
    expect((await failure(callAuthority(options, { method: 'GET', path: '/v1/authority' }))).code).toBe('AUTHORITY_ANSWER_INVALID');
    handler = json(418, { message: 'teapot' });
    const odd = await failure(callAuthority(options, { method: 'GET', path: '/v1/authority' }));
    expect(odd.code).toBe('AUTHORITY_ANSWER_INVALID');
    expect(isDefiniteRefusal(odd)).toBe(false);
  });
});
