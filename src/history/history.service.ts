// The history of one account: its orders (purchases) and stamps, listed with filters and paged newest
// first, one order with its stamps, and the receipt of a completed order. Every method takes the account
// id of the principal and reads only that account's rows: another account's order is ORDER_NOT_FOUND,
// exactly like an id that does not exist.
//
// The refund-status filter: refunds live in the refunds part's table, so the stamps are read a batch at a
// time, their refund requests looked up through the RefundStatusLookup port, and the batch filtered here.
// A page therefore may hold fewer stamps than asked (even none) while nextCursor is not null: keep following
// nextCursor until it is null. One request reads at most MAX_SCANNED_STAMPS rows, so a rare status cannot
// make one request read the whole account.
import { AppError } from '../errors/app-error.js';
import { decodeCursor, encodeCursor } from '../web/stamp.service.js';
import type { OrderFilter, RefundFilter, StampFilter } from './history-filters.js';
import type { AccountInfoLookup, PaymentLookup, RefundStatusLookup, StampRefund } from './history-ports.js';
import type { HistoryRepository, OrderRow, PagePosition, StampRow } from './history.repository.js';
import { historyStampView, orderView, type HistoryStampView, type OrderDetailView, type OrderView } from './history-views.js';
import { buildReceipt, type Receipt } from './receipt.js';

/** Rows per database read of an export: memory stays bounded whatever the account holds. */
export const EXPORT_PAGE_SIZE = 500;
/** Rows one request of a refund-filtered stamp list reads at most. */
export const MAX_SCANNED_STAMPS = 5_000;
// Rows per read while scanning for a refund status.
const SCAN_BATCH = 500;

/** One page of orders. */
export interface OrderPage {
  readonly orders: readonly OrderView[];
  /** Opaque; null on the last page. */
  readonly nextCursor: string | null;
}

/** One page of stamps. */
export interface HistoryStampPage {
  readonly stamps: readonly HistoryStampView[];
  /** Opaque; null on the last page. With a refund filter a page may be short while this is not null. */
  readonly nextCursor: string | null;
}

/** What the history service needs. */
export interface HistoryServiceDeps {
  readonly repository: HistoryRepository;
  readonly refunds: RefundStatusLookup;
  readonly accounts: AccountInfoLookup;
  readonly payments: PaymentLookup;
  /** The clock of a receipt's issue time. */
  readonly nowMs?: () => number;
}

/** Lists, pages and exports an account's orders and stamps, and makes receipts. */
export class HistoryService {
  private readonly nowMs: () => number;

  constructor(private readonly d: HistoryServiceDeps) {
    this.nowMs = d.nowMs ?? Date.now;
  }

  /** A page of the account's orders matching `filter`, newest first. */
  async listOrders(accountId: string, filter: OrderFilter, limit: number, cursor?: string): Promise<OrderPage> {
    const after = cursor === undefined ? null : decodeCursor(cursor);
    // One more than asked tells whether another page follows.
    const rows = await this.d.repository.listOrders(accountId, filter, limit + 1, after);
    const page = rows.slice(0, limit);
    return { orders: page.map(orderView), nextCursor: rows.length > limit ? cursorAfter(page) : null };
  }

  /** One order of the account with its stamps and their refund requests; ORDER_NOT_FOUND otherwise. */
  async getOrder(accountId: string, id: string): Promise<OrderDetailView> {
    const order = await this.findOrder(accountId, id);
    const stamps = await this.d.repository.listOrderStamps(accountId, order.id);
    const refunds = await this.refundsOf(accountId, stamps);
    return { ...orderView(order), stamps: stamps.map((s) => historyStampView(s, refunds.get(s.id) ?? null)) };
  }

  /**
   * The receipt of a completed order. ORDER_NOT_FOUND for no such order of the account; ORDER_NOT_COMPLETED
   * (with the state, and a failed order's refusal) for a pending or failed one, which has nothing to
   * account for yet or at all.
   */
  async receipt(accountId: string, id: string): Promise<Receipt> {
    const order = await this.findOrder(accountId, id);
    if (order.state !== 'completed') {
      const view = orderView(order);
      throw new AppError(
        'ORDER_NOT_COMPLETED',
        order.state === 'failed'
          ? `Order ${order.id} failed (${view.failure?.code ?? 'no code'}), so it has no receipt`
          : `Order ${order.id} is still pending, so it has no receipt yet`,
        { orderId: order.id, state: order.state, ...(view.failure === null ? {} : { failure: view.failure }) },
      );
    }
    const [stamps, account, payment] = await Promise.all([
      this.d.repository.listOrderStamps(accountId, order.id),
      this.d.accounts(accountId),
      this.d.payments(order.id),
    ]);
    const refunds = await this.refundsOf(accountId, stamps);
    return buildReceipt({ order, stamps, refunds, account, payment, issuedAtMs: this.nowMs() });
  }

  /** A page of the account's stamps matching `filter`, newest first (see the head of this file for refunds). */
  async listStamps(accountId: string, filter: StampFilter, limit: number, cursor?: string): Promise<HistoryStampPage> {
    let after: PagePosition | null = cursor === undefined ? null : decodeCursor(cursor);
    if (filter.refund === null) {
      const rows = await this.d.repository.listStamps(accountId, filter, limit + 1, after);
      const page = rows.slice(0, limit);
      const refunds = await this.refundsOf(accountId, page);
      return { stamps: page.map((s) => historyStampView(s, refunds.get(s.id) ?? null)), nextCursor: rows.length > limit ? cursorAfter(page) : null };
    }
    const found: HistoryStampView[] = [];
    // The position of the last stamp kept: where the next page starts when this one fills up.
    let lastFound: PagePosition | null = null;
    let scanned = 0;
    while (scanned < MAX_SCANNED_STAMPS) {
      const asked = Math.min(SCAN_BATCH, MAX_SCANNED_STAMPS - scanned);
      const batch = await this.d.repository.listStamps(accountId, filter, asked, after);
      const refunds = await this.refundsOf(accountId, batch);
      for (const row of batch) {
        scanned += 1;
        after = row;
        if (!matchesRefund(filter.refund, refunds.get(row.id))) continue;
        // A match beyond a full page: another page follows, starting after the page's last stamp.
        if (found.length === limit) return { stamps: found, nextCursor: lastFound === null ? null : encodeCursor(lastFound) };
        found.push(historyStampView(row, refunds.get(row.id) ?? null));
        lastFound = row;
      }
      // A batch shorter than asked is the end of the stamps.
      if (batch.length < asked) return { stamps: found, nextCursor: null };
    }
    // Read enough for one request: the caller goes on from the last stamp read, matching or not.
    return { stamps: found, nextCursor: after === null ? null : encodeCursor(after) };
  }

  /** Every order matching `filter`, newest first, a page of EXPORT_PAGE_SIZE rows at a time. */
  async *orderPages(accountId: string, filter: OrderFilter): AsyncGenerator<readonly OrderView[]> {
    let after: PagePosition | null = null;
    for (;;) {
      const rows = await this.d.repository.listOrders(accountId, filter, EXPORT_PAGE_SIZE, after);
      if (rows.length > 0) yield rows.map(orderView);
      if (rows.length < EXPORT_PAGE_SIZE) return;
      after = rows[rows.length - 1] as OrderRow;
    }
  }

  /** Every stamp matching `filter` (refund filter included), newest first, a page of EXPORT_PAGE_SIZE rows read at a time. */
  async *stampPages(accountId: string, filter: StampFilter): AsyncGenerator<readonly HistoryStampView[]> {
    let after: PagePosition | null = null;
    for (;;) {
      const rows = await this.d.repository.listStamps(accountId, filter, EXPORT_PAGE_SIZE, after);
      const refunds = await this.refundsOf(accountId, rows);
      const views = rows.filter((s) => filter.refund === null || matchesRefund(filter.refund, refunds.get(s.id))).map((s) => historyStampView(s, refunds.get(s.id) ?? null));
      if (views.length > 0) yield views;
      if (rows.length < EXPORT_PAGE_SIZE) return;
      after = rows[rows.length - 1] as StampRow;
    }
  }

  private async findOrder(accountId: string, id: string): Promise<OrderRow> {
    const order = await this.d.repository.findOrder(accountId, id);
    // Another account's order reads as absent: the same code, status and message as an unknown id.
    if (order === null) throw new AppError('ORDER_NOT_FOUND', `No order ${JSON.stringify(id)} belongs to this account`, { id });
    return order;
  }

  private async refundsOf(accountId: string, stamps: readonly StampRow[]): Promise<ReadonlyMap<string, StampRefund>> {
    return stamps.length === 0 ? new Map() : this.d.refunds(accountId, stamps.map((s) => s.id));
  }
}

/** True when a stamp with `refund` (undefined: none requested) passes the refund filter. */
export function matchesRefund(filter: RefundFilter, refund: StampRefund | undefined): boolean {
  return filter === 'none' ? refund === undefined : refund?.status === filter;
}

function cursorAfter(page: readonly PagePosition[]): string | null {
  const last = page[page.length - 1];
  return last === undefined ? null : encodeCursor(last);
}
