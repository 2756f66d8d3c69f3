// The CSV exports of orders and stamps: the same rows and amounts as the JSON views (dollars with three
// decimals, UTC ISO times), written one page of rows at a time so that an export of any size holds one
// page in memory. Pure over the pages it is given.
import { csvRow } from './csv.js';
import type { HistoryStampView, OrderView } from './history-views.js';

/** The header of the orders export. */
export const ORDER_CSV_HEADER = ['order_id', 'state', 'created_at', 'updated_at', 'stamp_count', 'total_usd', 'failure_code', 'failure_message'] as const;

/** The header of the stamps export. */
export const STAMP_CSV_HEADER = [
  'stamp_id',
  'order_id',
  'purchased_at',
  'dispensed_at',
  'rate_category_code',
  'rate_category',
  'postage_usd',
  'date_of_mailing',
  'medium_serial',
  'medium_slot',
  'refund_status',
  'refund_id',
] as const;

/** The fields of one order, in ORDER_CSV_HEADER order. */
export function orderCsvFields(o: OrderView): (string | null)[] {
  return [o.id, o.state, o.createdAt, o.updatedAt, String(o.stampCount), o.totalDollars, o.failure?.code ?? null, o.failure?.message ?? null];
}

/** The fields of one stamp, in STAMP_CSV_HEADER order. */
export function stampCsvFields(s: HistoryStampView): (string | null)[] {
  return [
    s.id,
    s.purchaseId,
    s.purchasedAt,
    s.dispensedAt,
    String(s.rateCategory),
    s.rateCategoryName,
    s.postageDollars,
    s.dateOfMailing,
    s.medium?.serial ?? null,
    s.medium === null ? null : String(s.medium.slot),
    s.refund?.status ?? null,
    s.refund?.refundId ?? null,
  ];
}

/** The orders export: the header, then one chunk of text per page of orders. */
export async function* ordersCsv(pages: AsyncIterable<readonly OrderView[]>): AsyncGenerator<string> {
  yield csvRow(ORDER_CSV_HEADER);
  for await (const page of pages) yield page.map((o) => csvRow(orderCsvFields(o))).join('');
}

/** The stamps export: the header, then one chunk of text per page of stamps. */
export async function* stampsCsv(pages: AsyncIterable<readonly HistoryStampView[]>): AsyncGenerator<string> {
  yield csvRow(STAMP_CSV_HEADER);
  for await (const page of pages) yield page.map((s) => csvRow(stampCsvFields(s))).join('');
}

/** The file name of an export made at `nowMs`: "orders-2026-11-24.csv" (the UTC day). */
export function exportFileName(kind: 'orders' | 'stamps', nowMs: number): string {
  return `${kind}-${new Date(nowMs).toISOString().slice(0, 10)}.csv`;
}
