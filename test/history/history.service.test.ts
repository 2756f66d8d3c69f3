// The history service over real purchases and stamps rows, on SQLite and PostgreSQL: filters, paging,
// one order, receipts, and that an account never sees another's rows.
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/db/database.js';
import { isAppError } from '../../src/errors/app-error.js';
import { parseOrderFilter, parseStampFilter, type OrderQuery, type StampQuery } from '../../src/history/history-filters.js';
import type { HistoryService } from '../../src/history/history.service.js';
import { WEB_MIGRATIONS } from '../../src/web/migrations.js';
import { forEachDialect, type OpenTestDatabase } from '../helpers/dialects.js';
import { DAY, PortStandIns, T0, insertApiKey, insertOrder } from './history-fixtures.js';

const HOUR = 3_600_000;
const SERIAL = '2026-1124-0001-8';

/** Account A: four orders around the day boundaries of 2026-11-24/25; account B: one. */
async function seed(db: Queryable): Promise<void> {
  await insertApiKey(db);
  await insertOrder(db, {
    id: 'a1', accountId: 'A', state: 'completed', createdAtMs: T0 + HOUR,
    stamps: [
      { id: 's1', postage: 740n, rateCategory: 1, medium: { serial: SERIAL, slot: 3 }, dateOfMailing: '2026-11-26' },
      { id: 's2', postage: 10_450n, rateCategory: 5 },
    ],
  });
  await insertOrder(db, { id: 'a2', accountId: 'A', state: 'failed', createdAtMs: T0 + DAY, failure: { code: 'BALANCE_INSUFFICIENT', message: 'Not enough balance' } });
  await insertOrder(db, { id: 'a3', accountId: 'A', state: 'pending', createdAtMs: T0 + 2 * DAY - 1 });
  await insertOrder(db, { id: 'a4', accountId: 'A', state: 'completed', createdAtMs: T0 - 5_000, stamps: [{ id: 's3', postage: 560n, rateCategory: 3 }] });
  await insertOrder(db, { id: 'b1', accountId: 'B', state: 'completed', createdAtMs: T0 + HOUR + 5, stamps: [{ id: 'sb1', postage: 740n, rateCategory: 1 }] });
}

async function setUp(open: OpenTestDatabase): Promise<{ db: Queryable; ports: PortStandIns; history: HistoryService }> {
  const db = await open({ migrations: WEB_MIGRATIONS });
  await seed(db);
  const ports = new PortStandIns();
  return { db, ports, history: ports.service(db) };
}

async function orderIds(history: HistoryService, account: string, query: OrderQuery = {}): Promise<string[]> {
  return (await history.listOrders(account, parseOrderFilter(query), 100)).orders.map((o) => o.id);
}

async function stampIds(history: HistoryService, account: string, query: StampQuery = {}): Promise<string[]> {
  return (await history.listStamps(account, parseStampFilter(query), 100)).stamps.map((s) => s.id);
}

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (err: unknown) => (isAppError(err) ? { code: err.code, status: err.kind, details: err.details } : err),
  );
}

forEachDialect((_dialect, open) => {
  describe('orders', () => {
    it('lists the account\'s orders newest first, and only its own', async () => {
      const { history } = await setUp(open);
      expect(await orderIds(history, 'A')).toEqual(['a3', 'a2', 'a1', 'a4']);
      expect(await orderIds(history, 'B')).toEqual(['b1']);
      expect(await orderIds(history, 'nobody')).toEqual([]);
    });

    it('filters by UTC days, both ends inclusive, to the millisecond', async () => {
      const { history } = await setUp(open);
      expect(await orderIds(history, 'A', { from: '2026-11-24', to: '2026-11-24' })).toEqual(['a1']);
      expect(await orderIds(history, 'A', { from: '2026-11-25', to: '2026-11-25' })).toEqual(['a3', 'a2']);
      expect(await orderIds(history, 'A', { to: '2026-11-23' })).toEqual(['a4']);
      expect(await orderIds(history, 'A', { from: '2026-11-26' })).toEqual([]);
    });

    it('filters by state', async () => {
      const { history } = await setUp(open);
      expect(await orderIds(history, 'A', { state: 'completed' })).toEqual(['a1', 'a4']);
      expect(await orderIds(history, 'A', { state: 'failed' })).toEqual(['a2']);
      expect(await orderIds(history, 'A', { state: 'pending', from: '2026-11-25' })).toEqual(['a3']);
    });

    it('shows totals in mills and dollars, a failed order\'s refusal, and a receipt link only for a completed one', async () => {
      const { history } = await setUp(open);
      const { orders } = await history.listOrders('A', parseOrderFilter({}), 10);
      const byId = new Map(orders.map((o) => [o.id, o]));
      expect(byId.get('a1')).toMatchObject({
        state: 'completed', stampCount: 2, totalMills: '11190', totalDollars: '11.190', failure: null,
        createdAt: new Date(T0 + HOUR).toISOString(), links: { self: '/v1/orders/a1', receipt: '/v1/orders/a1/receipt' },
      });
      expect(byId.get('a2')).toMatchObject({ state: 'failed', failure: { code: 'BALANCE_INSUFFICIENT', message: 'Not enough balance' }, links: { receipt: null } });
      expect(byId.get('a3')).toMatchObject({ state: 'pending', failure: null, links: { receipt: null } });
    });

    it('pages with an opaque cursor that neither repeats nor skips an order when orders are added between pages', async () => {
      const { db, history } = await setUp(open);
      const filter = parseOrderFilter({});
      const first = await history.listOrders('A', filter, 2);
      expect(first.orders.map((o) => o.id)).toEqual(['a3', 'a2']);
      expect(first.nextCursor).not.toBeNull();
      // Newer orders, and one at the very millisecond of the cursor's order but with a higher id: all belong before the cursor.
      await insertOrder(db, { id: 'a9', accountId: 'A', state: 'completed', createdAtMs: T0 + 5 * DAY, stamps: [{ id: 's9', postage: 1n, rateCategory: 1 }] });
      await insertOrder(db, { id: 'a21', accountId: 'A', state: 'failed', createdAtMs: T0 + DAY });
      const seen = [...first.orders.map((o) => o.id)];
      let cursor = first.nextCursor;
      while (cursor !== null) {
        const page = await history.listOrders('A', filter, 2, cursor);
        seen.push(...page.orders.map((o) => o.id));
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(['a3', 'a2', 'a1', 'a4']);
      expect(await orderIds(history, 'A')).toEqual(['a9', 'a3', 'a21', 'a2', 'a1', 'a4']);
    });

    it('refuses a cursor it did not make (CURSOR_INVALID)', async () => {
      const { history } = await setUp(open);
      expect(await codeOf(history.listOrders('A', parseOrderFilter({}), 2, 'not-a-cursor'))).toMatchObject({ code: 'CURSOR_INVALID' });
    });
  });

  describe('one order', () => {
    it('gives the order with its stamps in the order bought, decoded from their indicia, with refund requests', async () => {
      const { history, ports } = await setUp(open);
      ports.refunds.set('s1', { accountId: 'A', refund: { status: 'requested', refundId: 'r-1' } });
      const order = await history.getOrder('A', 'a1');
      expect(order.stamps.map((s) => s.id)).toEqual(['s1', 's2']);
      expect(order.stamps[0]).toEqual({
        id: 's1',
        purchaseId: 'a1',
        purchasedAt: new Date(T0 + HOUR + 1_000).toISOString(),
        dispensedAt: new Date(T0 + HOUR + 990).toISOString(),
        rateCategory: 1,
        rateCategoryName: 'First-Class Mail letter',
        postageMills: '740',
        postageDollars: '0.740',
        dateOfMailing: '2026-11-26',
        medium: { serial: SERIAL, slot: 3 },
        refund: { status: 'requested', refundId: 'r-1' },
        links: { self: '/v1/stamps/s1', png: '/v1/stamps/s1.png', svg: '/v1/stamps/s1.svg' },
      });
      expect(order.stamps[1]).toMatchObject({ rateCategoryName: 'Priority Mail', postageDollars: '10.450', medium: null, refund: null });
    });

    it('answers another account\'s order exactly like an unknown one (ORDER_NOT_FOUND)', async () => {
      const { history } = await setUp(open);
      const other = await codeOf(history.getOrder('B', 'a1'));
      const unknown = await codeOf(history.getOrder('B', 'zz'));
      expect(other).toMatchObject({ code: 'ORDER_NOT_FOUND', status: 'not_found' });
      expect(unknown).toMatchObject({ code: 'ORDER_NOT_FOUND', status: 'not_found' });
      expect(await codeOf(history.receipt('B', 'a1'))).toMatchObject({ code: 'ORDER_NOT_FOUND' });
    });
  });

  describe('stamps', () => {
    it('lists only the account\'s stamps, filtered by day, rate category and order', async () => {
      const { history } = await setUp(open);
      expect(await stampIds(history, 'A')).toEqual(['s2', 's1', 's3']);
      expect(await stampIds(history, 'B')).toEqual(['sb1']);
      expect(await stampIds(history, 'A', { rateCategory: 'priority-mail' })).toEqual(['s2']);
      expect(await stampIds(history, 'A', { rateCategory: '1' })).toEqual(['s1']);
      expect(await stampIds(history, 'A', { purchaseId: 'a4' })).toEqual(['s3']);
      expect(await stampIds(history, 'A', { purchaseId: 'b1' })).toEqual([]);
      expect(await stampIds(history, 'A', { from: '2026-11-24', to: '2026-11-24' })).toEqual(['s2', 's1']);
      expect(await stampIds(history, 'A', { to: '2026-11-23' })).toEqual(['s3']);
    });

    it('filters by refund status through the refunds port, which never sees another account\'s request', async () => {
      const { history, ports } = await setUp(open);
      ports.refunds.set('s1', { accountId: 'A', refund: { status: 'approved', refundId: 'r-1' } });
      ports.refunds.set('s3', { accountId: 'A', refund: { status: 'rejected', refundId: 'r-2' } });
      ports.refunds.set('sb1', { accountId: 'B', refund: { status: 'approved', refundId: 'r-3' } });
      expect(await stampIds(history, 'A', { refundStatus: 'approved' })).toEqual(['s1']);
      expect(await stampIds(history, 'A', { refundStatus: 'rejected' })).toEqual(['s3']);
      expect(await stampIds(history, 'A', { refundStatus: 'none' })).toEqual(['s2']);
      expect(await stampIds(history, 'A', { refundStatus: 'requested' })).toEqual([]);
      expect(await stampIds(history, 'B', { refundStatus: 'approved' })).toEqual(['sb1']);
    });

    it('pages a refund-filtered list to exactly the matching stamps, each page at most the limit', async () => {
      const { db, history, ports } = await setUp(open);
      const many = Array.from({ length: 40 }, (_, i) => ({ id: `m${String(i).padStart(2, '0')}`, postage: BigInt(100 + i), rateCategory: 1 }));
      await insertOrder(db, { id: 'a5', accountId: 'A', state: 'completed', createdAtMs: T0 + 3 * DAY, stamps: many });
      const wanted = many.filter((_, i) => i % 3 === 0).map((s) => s.id);
      for (const id of wanted) ports.refunds.set(id, { accountId: 'A', refund: { status: 'requested', refundId: `r-${id}` } });
      const filter = parseStampFilter({ refundStatus: 'requested' });
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 20; pages++) {
        const page = await history.listStamps('A', filter, 4, cursor);
        expect(page.stamps.length).toBeLessThanOrEqual(4);
        seen.push(...page.stamps.map((s) => s.id));
        if (page.nextCursor === null) break;
        cursor = page.nextCursor;
      }
      // Same created_at for the whole order: newest first is id descending.
      expect(seen).toEqual([...wanted].reverse());
    });
  });

  describe('receipts', () => {
    it('make the receipt of a completed order: customer, payment, one line per stamp, total and refunds', async () => {
      const { history, ports } = await setUp(open);
      ports.accounts.set('A', { name: 'Acme Mailroom', address: { name: 'Acme Inc.', street: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701' } });
      ports.payments.set('a1', { method: 'card', brand: 'Visa', last4: '4242' });
      ports.refunds.set('s2', { accountId: 'A', refund: { status: 'approved', refundId: 'r-9' } });
      const receipt = await history.receipt('A', 'a1');
      expect(receipt).toMatchObject({
        receiptNumber: 'a1',
        orderId: 'a1',
        orderedAt: new Date(T0 + HOUR).toISOString(),
        completedAt: new Date(T0 + HOUR + 1_000).toISOString(),
        issuedAt: new Date(T0 + 10 * DAY).toISOString(),
        currency: 'USD',
        customer: { name: 'Acme Mailroom', address: { street: '1 Main St', zip: '62701' } },
        payment: { method: 'card', brand: 'Visa', last4: '4242' },
        totalMills: '11190',
        totalDollars: '11.190',
        refundedMills: '10450',
        refundedDollars: '10.450',
      });
      expect(receipt.lines).toEqual([
        { line: 1, stampId: 's1', rateCategory: 1, rateCategoryName: 'First-Class Mail letter', postageMills: '740', postageDollars: '0.740', medium: { serial: SERIAL, slot: 3 }, dateOfMailing: '2026-11-26', refund: null },
        { line: 2, stampId: 's2', rateCategory: 5, rateCategoryName: 'Priority Mail', postageMills: '10450', postageDollars: '10.450', medium: null, dateOfMailing: '2026-11-24', refund: { status: 'approved', refundId: 'r-9' } },
      ]);
    });

    it('refuse a failed order (with its refusal) and a pending one with ORDER_NOT_COMPLETED', async () => {
      const { history } = await setUp(open);
      expect(await codeOf(history.receipt('A', 'a2'))).toEqual({
        code: 'ORDER_NOT_COMPLETED',
        status: 'conflict',
        details: { orderId: 'a2', state: 'failed', failure: { code: 'BALANCE_INSUFFICIENT', message: 'Not enough balance' } },
      });
      expect(await codeOf(history.receipt('A', 'a3'))).toEqual({ code: 'ORDER_NOT_COMPLETED', status: 'conflict', details: { orderId: 'a3', state: 'pending' } });
    });
  });
});
