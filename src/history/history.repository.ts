// The history's reads of the purchases and stamps tables (the web server's, migrations 201 and 206).
// Every query is scoped by account_id: an order or stamp of another account is never read, so it cannot
// be shown, counted or told apart from one that does not exist. Lists are keyset-paged newest first on
// (created_at_ms, id), the order of the purchases_by_account and stamps_by_account indexes, so that a
// page never repeats or skips a row when rows are added meanwhile.
import type { Queryable, Row, SqlValue } from '../db/database.js';
import { asBigInt, asBuffer, asString, orNull } from '../db/row-values.js';
import type { Mills } from '../core/money.js';
import type { OrderFilter, OrderState, StampFilter, TimeRange } from './history-filters.js';

/** Where a page ends: the (created, id) of its last row. */
export interface PagePosition {
  readonly createdAtMs: number;
  readonly id: string;
}

/** An order (a purchase of the account) as the history reads it. */
export interface OrderRow {
  readonly id: string;
  readonly state: OrderState;
  readonly stampCount: number;
  /** What the order cost; null for a row written before totals were kept. */
  readonly totalMills: Mills | null;
  /** The stored refusal of a failed order ({code, message, …} JSON); null otherwise. */
  readonly failureJson: string | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/**
 * A stamp as the history reads it. Postage, rate category, medium and date of mailing are shown from the
 * signed indicium itself; the columns of migration 206 (postage_mills, rate_category, medium_…) serve the
 * filters only, so a row written before those columns existed still shows right.
 */
export interface StampRow {
  readonly id: string;
  readonly purchaseId: string;
  readonly itemIndex: number;
  /** The 117 indicium bytes. */
  readonly indicium: Buffer;
  readonly dispensedAtMs: number;
  readonly createdAtMs: number;
}

// The refusal is only read for failed orders: a completed order's stored answer holds every stamp.
const ORDER_COLUMNS =
  "id, state, item_count, total_mills, CASE WHEN state = 'failed' THEN response_json ELSE NULL END AS failure_json, created_at_ms, updated_at_ms";
const STAMP_COLUMNS = 'id, purchase_id, item_index, indicium, dispensed_at_ms, created_at_ms';

/** Reads orders and stamps of one account at a time. */
export class HistoryRepository {
  constructor(private readonly db: Queryable) {}

  /** Up to `limit` orders of the account matching `filter`, newest first, after `after` when given. */
  async listOrders(accountId: string, filter: OrderFilter, limit: number, after: PagePosition | null): Promise<OrderRow[]> {
    const where = new Where('account_id = ?', [accountId]);
    where.range(filter);
    if (filter.state !== null) where.add('state = ?', filter.state);
    where.after(after);
    const rows = await this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM purchases WHERE ${where.sql} ORDER BY created_at_ms DESC, id DESC LIMIT ?`,
      [...where.params, limit],
    );
    return rows.map(toOrder);
  }

  /** The account's order with that id; null when there is none (another account's order included). */
  async findOrder(accountId: string, id: string): Promise<OrderRow | null> {
    const rows = await this.db.query(`SELECT ${ORDER_COLUMNS} FROM purchases WHERE id = ? AND account_id = ?`, [id, accountId]);
    return rows[0] === undefined ? null : toOrder(rows[0]);
  }

  /** The stamps of the account's order, in the order they were bought. */
  async listOrderStamps(accountId: string, purchaseId: string): Promise<StampRow[]> {
    const rows = await this.db.query(`SELECT ${STAMP_COLUMNS} FROM stamps WHERE purchase_id = ? AND account_id = ? ORDER BY item_index`, [
      purchaseId,
      accountId,
    ]);
    return rows.map(toStamp);
  }

  /** Up to `limit` stamps of the account matching `filter` (its refund part aside), newest first, after `after`. */
  async listStamps(accountId: string, filter: StampFilter, limit: number, after: PagePosition | null): Promise<StampRow[]> {
    const where = new Where('account_id = ?', [accountId]);
    where.range(filter);
    if (filter.rateCategory !== null) where.add('rate_category = ?', filter.rateCategory);
    if (filter.purchaseId !== null) where.add('purchase_id = ?', filter.purchaseId);
    where.after(after);
    const rows = await this.db.query(
      `SELECT ${STAMP_COLUMNS} FROM stamps WHERE ${where.sql} ORDER BY created_at_ms DESC, id DESC LIMIT ?`,
      [...where.params, limit],
    );
    return rows.map(toStamp);
  }
}

/** A WHERE clause built from fixed fragments with `?` placeholders; values are only ever bound. */
class Where {
  private readonly parts: string[];
  readonly params: SqlValue[];

  constructor(first: string, params: SqlValue[]) {
    this.parts = [first];
    this.params = params;
  }

  get sql(): string {
    return this.parts.join(' AND ');
  }

  add(fragment: string, ...values: SqlValue[]): void {
    this.parts.push(fragment);
    this.params.push(...values);
  }

  range(range: TimeRange): void {
    if (range.fromMs !== null) this.add('created_at_ms >= ?', range.fromMs);
    if (range.toMs !== null) this.add('created_at_ms < ?', range.toMs);
  }

  after(position: PagePosition | null): void {
    if (position !== null) {
      // A row-value comparison: both dialects walk the (account_id, created_at_ms, id) index from it.
      this.add('(created_at_ms, id) < (?, ?)', position.createdAtMs, position.id);
    }
  }
}

function toOrder(row: Row): OrderRow {
  return {
    id: asString(row.id, 'purchases.id'),
    state: asString(row.state, 'purchases.state') as OrderState,
    stampCount: Number(asBigInt(row.item_count, 'purchases.item_count')),
    totalMills: orNull(asBigInt)(row.total_mills, 'purchases.total_mills'),
    failureJson: orNull(asString)(row.failure_json, 'purchases.response_json'),
    createdAtMs: Number(asBigInt(row.created_at_ms, 'purchases.created_at_ms')),
    updatedAtMs: Number(asBigInt(row.updated_at_ms, 'purchases.updated_at_ms')),
  };
}

function toStamp(row: Row): StampRow {
  return {
    id: asString(row.id, 'stamps.id'),
    purchaseId: asString(row.purchase_id, 'stamps.purchase_id'),
    itemIndex: Number(asBigInt(row.item_index, 'stamps.item_index')),
    indicium: asBuffer(row.indicium, 'stamps.indicium'),
    dispensedAtMs: Number(asBigInt(row.dispensed_at_ms, 'stamps.dispensed_at_ms')),
    createdAtMs: Number(asBigInt(row.created_at_ms, 'stamps.created_at_ms')),
  };
}
