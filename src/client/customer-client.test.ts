import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../errors/app-error.js';
import { IndiciaApiError } from './api-error.js';
import { scriptedFetch, type Scripted } from './client-test-support.js';
import { IndiciaClient, type IndiciaClientOptions } from './indicia-client.js';
import type { FetchFunction } from './transport.js';

const BALANCE = {
  balanceMills: '25000',
  heldMills: '740',
  balanceDollars: '$25.00',
  lowBalance: false,
  lowBalanceWarningMills: '5000',
  mode: 'prepaid',
  autoRefill: { enabled: true, thresholdMills: '10000', amountMills: '50000', monthlyCapMills: '500000', usedThisMonthMills: '50000' },
};
const TOPUP = { id: 'tu1', state: 'succeeded', amountMills: '25000', amountDollars: '$25.00', card: { id: 'c1', brand: 'visa', last4: '4242' }, createdAtMs: 1 };
const CARD = { id: 'c1', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030, holderName: null, isDefault: true, expired: false, createdAtMs: 1 };
const REFUND = {
  id: 'r1',
  stampId: 's1',
  purchaseId: 'p1',
  status: 'requested',
  amountMills: '740',
  reasonCode: null,
  reason: null,
  requestedAt: '2026-11-24T00:00:00.000Z',
  expectedDecisionDate: '2026-12-24T00:00:00.000Z',
  decidedAt: null,
  publishedAt: null,
  creditedAt: null,
  links: { self: '/v1/refunds/r1', stamp: '/v1/stamps/s1' },
};
const ORDER = {
  id: 'p1',
  state: 'completed',
  createdAt: '2026-11-24T00:00:00.000Z',
  updatedAt: '2026-11-24T00:00:01.000Z',
  stampCount: 1,
  totalMills: '740',
  totalDollars: '0.740',
  failure: null,
  links: { self: '/v1/orders/p1', receipt: '/v1/orders/p1/receipt' },
};
const USER = { id: 'u1', email: 'ada@example.com', role: 'owner', status: 'active', emailVerified: true, createdAt: '2026-11-24T00:00:00.000Z' };
const ACCOUNT = { id: 'a1', name: 'Ada', status: 'active', address: null, createdAt: '2026-11-24T00:00:00.000Z' };
const error = (status: number, code: string, details?: Record<string, unknown>) => ({ status, body: { statusCode: status, code, error: 'x', message: `${code} happened`, requestId: 'req-1', details } });

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
  return { client, seen, sleeps };
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as AppError);

describe('balance and billing settings', () => {
  it('reads the balance with the bearer key, and refuses an answer without a field the command line prints', async () => {
    const { client, seen } = clientWith([{ status: 200, body: BALANCE }, { status: 200, body: { ...BALANCE, heldMills: 740 } }]);
    expect(await client.balance()).toEqual(BALANCE);
    expect(seen[0]).toMatchObject({ url: 'http://vendor.test/v1/balance', method: 'GET', headers: { authorization: 'Bearer ik_test' } });
    const err = await failure(client.balance());
    expect(isAppError(err, 'CLIENT_ANSWER_INVALID')).toBe(true);
    expect(err!.message).toContain('the balance.heldMills is not a decimal string of mills');
  });

  it('PUTs the settings with mills as decimal strings and retries the PUT after a 502', async () => {
    const settings = { mode: 'prepaid', autoRefill: { enabled: true, thresholdMills: '10000', amountMills: '50000', monthlyCapMills: '500000' }, lowBalanceWarningMills: '0' };
    const { client, seen } = clientWith([{ status: 502, body: 'bad gateway' }, { status: 200, body: settings }]);
    const result = await client.updateBillingSettings({ mode: 'prepaid', autoRefill: { enabled: true, thresholdMills: 10_000n, amountMills: '50000', monthlyCapMills: 500_000n }, lowBalanceWarningMills: 0n });
    expect(result).toEqual(settings);
    expect(seen.map((r) => r.method)).toEqual(['PUT', 'PUT']);
    expect(JSON.parse(seen[0]!.body!)).toEqual(settings);
  });
});

describe('topUp', () => {
  it('retries a lost answer and a 503 with the one Idempotency-Key it made, and returns that key', async () => {
    const { client, seen, sleeps } = clientWith(['network', error(503, 'GATEWAY_UNAVAILABLE'), { status: 201, body: TOPUP }]);
    const result = await client.topUp({ amountDollars: '25.00', cardId: 'c1' });
    expect(result).toEqual({ ...TOPUP, idempotencyKey: 'key-1' });
    expect(seen.map((r) => [r.method, r.url, r.headers['idempotency-key']])).toEqual(Array(3).fill(['POST', 'http://vendor.test/v1/topups', 'key-1']));
    expect(new Set(seen.map((r) => r.body))).toEqual(new Set([JSON.stringify({ amountDollars: '25.00', cardId: 'c1' })]));
    expect(sleeps).toHaveLength(2);
  });

  it('never retries a declined card, and the error carries the server code and the key', async () => {
    const { client, seen } = clientWith([error(402, 'CARD_DECLINED')]);
    const err = (await failure(client.topUp({ amountDollars: '25.00', idempotencyKey: 'mine' }))) as IndiciaApiError;
    expect(err).toBeInstanceOf(IndiciaApiError);
    expect([err.statusCode, err.code, err.idempotencyKey, err.message]).toEqual([402, 'CARD_DECLINED', 'mine', 'CARD_DECLINED happened']);
    expect(seen).toHaveLength(1);
  });

  it('says which key settles a top-up whose answer never came', async () => {
    const { client } = clientWith(['network', 'network'], { retries: 1 });
    const err = await failure(client.topUp({ amountDollars: '25.00', idempotencyKey: 'tk-1' }));
    expect(isAppError(err, 'CLIENT_NETWORK_ERROR')).toBe(true);
    expect(err!.message).toContain('the top-up may have been made: retry it with Idempotency-Key tk-1');
  });

  it('refuses a key the server would refuse before sending anything', async () => {
    const { client, seen } = clientWith([]);
    expect(isAppError(await failure(client.topUp({ amountDollars: '25.00', idempotencyKey: 'has space' })), 'IDEMPOTENCY_KEY_INVALID')).toBe(true);
    expect(seen).toHaveLength(0);
  });
});

describe('cards', () => {
  it('sends the card number once, never retries adding a card, and keeps the number out of the error', async () => {
    const { client, seen } = clientWith(['network', { status: 201, body: CARD }]);
    const err = await failure(client.addCard({ number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' }));
    expect(isAppError(err, 'CLIENT_NETWORK_ERROR')).toBe(true);
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]!.body!)).toEqual({ number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' });
    expect(`${err!.message} ${JSON.stringify(err!.details)}`).not.toContain('4242424242424242');
  });

  it('lists, makes default and removes; a 404 on a retried DELETE means the lost attempt removed it', async () => {
    const { client, seen } = clientWith([
      { status: 200, body: [CARD] },
      { status: 200, body: CARD },
      'network',
      error(404, 'CARD_NOT_FOUND'),
      error(404, 'CARD_NOT_FOUND'),
    ]);
    expect(await client.listCards()).toEqual([CARD]);
    expect(await client.makeDefaultCard('c1')).toEqual(CARD);
    await client.removeCard('c1');
    // A first attempt answered 404 is a real "not found".
    expect((await failure(client.removeCard('c9')))?.code).toBe('CARD_NOT_FOUND');
    expect(seen.map((r) => `${r.method} ${r.url.slice(18)}`)).toEqual(['GET /v1/cards', 'POST /v1/cards/c1/default', 'DELETE /v1/cards/c1', 'DELETE /v1/cards/c1', 'DELETE /v1/cards/c9']);
  });
});

describe('refunds', () => {
  it('asks eligibility, requests refunds once, and checks every stamp got its request', async () => {
    const eligibility = { stampId: 's1', eligible: false, reasons: [{ code: 'REFUND_WINDOW_PASSED', message: 'too late' }], amountMills: '740', expectedDecisionDate: null };
    const { client, seen } = clientWith([{ status: 200, body: eligibility }, { status: 201, body: { refunds: [REFUND] } }, { status: 201, body: { refunds: [REFUND] } }]);
    expect(await client.refundEligibility('s 1')).toEqual(eligibility);
    expect(seen[0]!.url).toBe('http://vendor.test/v1/stamps/s%201/refund-eligibility');
    expect(await client.requestRefunds(['s1'])).toEqual([REFUND]);
    expect(JSON.parse(seen[1]!.body!)).toEqual({ stampIds: ['s1'] });
    expect((await failure(client.requestRefunds(['s1', 's2'])))?.message).toContain('it holds refunds of 1 stamps, not of the 2 asked for');
  });

  it('keeps the refused stamps of REFUND_NOT_ELIGIBLE and does not retry a request', async () => {
    const refused = [{ stampId: 's1', code: 'REFUND_ALREADY_REQUESTED', message: 'already' }];
    const { client, seen } = clientWith([error(409, 'REFUND_NOT_ELIGIBLE', { refused })]);
    const err = (await failure(client.requestRefunds(['s1']))) as IndiciaApiError;
    expect([err.code, err.details?.refused]).toEqual(['REFUND_NOT_ELIGIBLE', refused]);
    expect(seen).toHaveLength(1);
  });

  it('lists refunds of one status and gets one', async () => {
    const { client, seen } = clientWith([{ status: 200, body: { refunds: [REFUND], nextCursor: null } }, { status: 200, body: REFUND }]);
    expect((await client.listRefunds({ status: 'requested', limit: 5 })).refunds).toEqual([REFUND]);
    expect(await client.getRefund('r1')).toEqual(REFUND);
    expect(seen.map((r) => r.url)).toEqual(['http://vendor.test/v1/refunds?status=requested&limit=5', 'http://vendor.test/v1/refunds/r1']);
  });
});

describe('orders and receipts', () => {
  it('lists orders with filters, shows one, and reads a receipt as JSON or as HTML', async () => {
    const receipt = {
      receiptNumber: 'R-1',
      orderId: 'p1',
      orderedAt: 'x',
      completedAt: 'x',
      issuedAt: 'x',
      currency: 'USD',
      customer: { name: 'Ada', address: null },
      payment: { method: 'balance' },
      lines: [{ line: 1, stampId: 's1', postageMills: '740' }],
      totalMills: '740',
      totalDollars: '0.740',
      refundedMills: '0',
      refundedDollars: '0.000',
    };
    const { client, seen } = clientWith([
      { status: 200, body: { orders: [ORDER], nextCursor: 'n' } },
      { status: 200, body: { ...ORDER, stamps: [] } },
      { status: 200, body: receipt },
      { status: 200, body: '<!doctype html><p>receipt</p>', headers: { 'content-type': 'text/html; charset=utf-8' } },
      { status: 200, body: receipt },
    ]);
    expect(await client.listOrders({ from: '2026-11-01', to: '2026-11-30', state: 'completed' })).toEqual({ orders: [ORDER], nextCursor: 'n' });
    expect(seen[0]!.url).toBe('http://vendor.test/v1/orders?from=2026-11-01&to=2026-11-30&state=completed');
    expect((await client.getOrder('p1')).stamps).toEqual([]);
    expect((await client.receipt('p1')).receiptNumber).toBe('R-1');
    expect(await client.receiptHtml('p1')).toContain('<p>receipt</p>');
    expect(seen[3]!.headers.accept).toBe('text/html');
    // JSON where HTML was asked for (a proxy that ignores Accept) is refused rather than saved as a page.
    expect(isAppError(await failure(client.receiptHtml('p1')), 'CLIENT_ANSWER_INVALID')).toBe(true);
  });

  it('keeps the 409 ORDER_NOT_COMPLETED of a failed order', async () => {
    const { client } = clientWith([error(409, 'ORDER_NOT_COMPLETED')]);
    expect((await failure(client.receipt('p1')))?.code).toBe('ORDER_NOT_COMPLETED');
  });
});

describe('CSV exports', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'indicia-export-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** A fetch whose first answer breaks off after one chunk and whose second is whole. */
  function flakyCsv(rows: number): { fetch: FetchFunction; urls: string[] } {
    const urls: string[] = [];
    const line = 'id,postage\n';
    const fetch: FetchFunction = async (url) => {
      urls.push(url);
      const broken = urls.length === 1;
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (broken && sent === 1) {
            controller.error(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
            return;
          }
          if (sent >= rows) {
            controller.close();
            return;
          }
          controller.enqueue(new TextEncoder().encode(line));
          sent++;
        },
      });
      return new Response(stream, { status: 200, headers: { 'content-type': 'text/csv' } });
    };
    return { fetch, urls };
  }

  it('streams to the file, starts again after a cut-off answer, and leaves no partial file', async () => {
    const { fetch, urls } = flakyCsv(50);
    const client = new IndiciaClient({ baseUrl: 'http://vendor.test', apiKey: 'ik_test', fetch, sleep: async () => {}, random: () => 0 });
    const out = join(dir, 'stamps.csv');
    const progress: number[] = [];
    const result = await client.exportStampsCsv({ from: '2026-11-01', refundStatus: 'none' }, { out, onProgress: (p) => progress.push(p.bytes) });
    expect(result).toEqual({ file: out, bytes: 50 * 11 });
    expect(await readFile(out, 'utf8')).toBe('id,postage\n'.repeat(50));
    expect(await readdir(dir)).toEqual(['stamps.csv']);
    expect(urls).toEqual(Array(2).fill('http://vendor.test/v1/stamps.csv?from=2026-11-01&refundStatus=none'));
    expect(progress.at(-1)).toBe(550);
  });

  it('writes nothing when the server refuses the export', async () => {
    const { client } = clientWith([error(400, 'HISTORY_RANGE_INVALID')]);
    const out = join(dir, 'orders.csv');
    expect((await failure(client.exportOrdersCsv({ from: '2026-12-01', to: '2026-11-01' }, { out })))?.code).toBe('HISTORY_RANGE_INVALID');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('sessions, API keys, me and media', () => {
  it('logs in anonymously, then sends the cookie and the CSRF token on changes only, and closes the session', async () => {
    const { fetch, seen } = scriptedFetch([
      { status: 200, body: { user: USER, account: ACCOUNT, csrfToken: 'csrf-1' }, headers: { 'set-cookie': 'indicia_session=sess%2F1; Path=/; HttpOnly; SameSite=Lax' } },
      { status: 200, body: { user: USER, account: ACCOUNT, csrfToken: 'csrf-1', readyToBuy: { ready: true, missing: [] } } },
      { status: 201, body: { key: { id: 'k1', name: 'laptop', prefix: 'ik_abcdefg', userId: 'u1', createdAt: 'x', revokedAt: null }, secret: 'ik_secret' } },
      { status: 204, body: '' },
    ]);
    const { client, loggedIn } = await IndiciaClient.logIn({ baseUrl: 'http://vendor.test', fetch, email: 'ada@example.com', password: 'correct horse' });
    expect(loggedIn.user.email).toBe('ada@example.com');
    expect((await client.me()).readyToBuy).toEqual({ ready: true, missing: [] });
    expect((await client.createApiKey('laptop')).secret).toBe('ik_secret');
    await client.closeSession();
    expect(seen[0]!.headers).not.toHaveProperty('authorization');
    expect(seen[0]!.headers).not.toHaveProperty('cookie');
    expect(JSON.parse(seen[0]!.body!)).toEqual({ email: 'ada@example.com', password: 'correct horse' });
    expect(seen[1]!.headers).toMatchObject({ cookie: 'indicia_session=sess%2F1' });
    expect(seen[1]!.headers).not.toHaveProperty('x-csrf-token');
    expect(seen[2]!.headers).toMatchObject({ cookie: 'indicia_session=sess%2F1', 'x-csrf-token': 'csrf-1' });
    expect(seen[3]).toMatchObject({ method: 'DELETE', url: 'http://vendor.test/v1/session', headers: { 'x-csrf-token': 'csrf-1' } });
  });

  it('refuses a login answer without the session cookie, and keeps LOGIN_FAILED as the server said it', async () => {
    const noCookie = scriptedFetch([{ status: 200, body: { user: USER, account: ACCOUNT, csrfToken: 'c' } }]);
    expect(isAppError(await failure(IndiciaClient.logIn({ baseUrl: 'http://vendor.test', fetch: noCookie.fetch, email: 'a@b.c', password: 'p' })), 'CLIENT_ANSWER_INVALID')).toBe(true);
    const wrong = scriptedFetch([error(401, 'LOGIN_FAILED')]);
    expect((await failure(IndiciaClient.logIn({ baseUrl: 'http://vendor.test', fetch: wrong.fetch, email: 'a@b.c', password: 'p' })))?.code).toBe('LOGIN_FAILED');
    expect(wrong.seen).toHaveLength(1);
  });

  it('never retries making an API key', async () => {
    const { client, seen } = clientWith([error(503, 'NO_DATABASE'), { status: 201, body: {} }]);
    expect(await failure(client.createApiKey('x'))).toBeInstanceOf(IndiciaApiError);
    expect(seen).toHaveLength(1);
  });

  it('lists media with filters and reads one medium with its slots', async () => {
    const medium = { serial: '2026-1124-0001-8', kind: 'sheet', layout: 'stamp-sheet', slotCount: 2, usedSlots: 1, reservedSlots: 0, freeSlots: 1, issuedAt: 'x', voided: false, voidedAt: null, voidReason: null, links: { self: '/v1/media/2026-1124-0001-8' } };
    const slots = [{ slot: 1, state: 'used', stampId: 's1', purchaseId: 'p1' }, { slot: 2, state: 'free', stampId: null, purchaseId: null }];
    const { client, seen } = clientWith([{ status: 200, body: { media: [medium], nextCursor: null } }, { status: 200, body: { ...medium, slots } }]);
    expect((await client.listMedia({ hasFreeSlots: true })).media).toEqual([medium]);
    expect((await client.getMedium('2026-1124-0001-8')).slots).toEqual(slots);
    expect(seen.map((r) => r.url)).toEqual(['http://vendor.test/v1/media?hasFreeSlots=true', 'http://vendor.test/v1/media/2026-1124-0001-8']);
  });
});

describe('purchases priced by the server', () => {
  it('sends weight and destination country, and no postage when the rate is to be paid', async () => {
    const { client, seen } = clientWith([error(400, 'ZIP_INVALID')]);
    await failure(client.buyStamps([{ rateCategory: 8, originZip: '94107', weightOz: 2.5, destinationCountry: 'CA' }]));
    expect(JSON.parse(seen[0]!.body!)).toEqual({ stamps: [{ rateCategory: 8, originZip: '94107', weightOz: 2.5, destinationCountry: 'CA' }] });
  });
});
