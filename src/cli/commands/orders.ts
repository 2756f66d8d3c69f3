import { resolve } from 'node:path';
import type { IndiciaClient, Order, OrderDetail, OrderFilters, OrderState, Receipt, RefundStatus } from '../../client/index.js';
import { AppError } from '../../errors/app-error.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { writeFileAtomic } from '../user/atomic-file.js';
import { dollarsOf, table } from '../user/money-text.js';
import { progressMode } from '../user/progress.js';
import { openSession, PROFILE_OPTION, SESSION_HELP } from '../user/session.js';

const USAGE = `Usage: indicia orders <list|show|receipt|export> [options]

Your orders (purchases) as the vendor records them.

  indicia orders list [--from DAY] [--to DAY] [--state S] [--limit N]   newest first
  indicia orders show ID                                                one order with its stamps
  indicia orders receipt ID [--html FILE]                               the receipt of a completed order
  indicia orders export --out FILE.csv [--from DAY] [--to DAY] [--state S]
  indicia orders export --stamps --out FILE.csv [--from DAY] [--to DAY] [--category C] [--order ID]
                        [--refund-status none|requested|approved|rejected]

DAY is YYYY-MM-DD (UTC), both ends included; S is completed, failed or pending. An export is streamed to
FILE.partial and renamed to FILE once whole, with progress on stderr.

Options:
  --html FILE          write the receipt as a printable HTML page
  --stamps             export stamps rather than orders
  --json               print JSON
  --quiet              no progress on stderr
${SESSION_HELP}
`;

const STATES: readonly OrderState[] = ['completed', 'failed', 'pending'];
const MAX_LIST = 10_000;
// A progress line per this many bytes in line mode, so a big export says it is alive without flooding.
const PROGRESS_STEP = 1 << 20;

interface Values {
  from?: string;
  to?: string;
  state?: string;
  limit?: string;
  html?: string;
  stamps: boolean;
  out?: string;
  category?: string;
  order?: string;
  'refund-status'?: string;
  json: boolean;
  quiet: boolean;
}

function orderFilters(values: Values): OrderFilters {
  if (values.state !== undefined && !STATES.includes(values.state as OrderState)) {
    throw new AppError('INVALID_ARGUMENT', `--state must be one of ${STATES.join(', ')}, not ${JSON.stringify(values.state)}`);
  }
  return { ...(values.from === undefined ? {} : { from: values.from }), ...(values.to === undefined ? {} : { to: values.to }), ...(values.state === undefined ? {} : { state: values.state as OrderState }) };
}

function orderRows(orders: readonly Order[]): string {
  return table([
    ['ORDER', 'PLACED', 'STATE', 'STAMPS', 'TOTAL', ''],
    ...orders.map((o) => [o.id, o.createdAt.slice(0, 19).replace('T', ' '), o.state, String(o.stampCount), dollarsOf(o.totalMills), o.failure ? `${o.failure.code ?? 'failed'}: ${o.failure.message}` : '']),
  ]);
}

function orderText(o: OrderDetail): string {
  const head = table([
    ['order', o.id],
    ['placed', o.createdAt],
    ['state', o.failure ? `${o.state} (${o.failure.code ?? ''}: ${o.failure.message})` : o.state],
    ['stamps', String(o.stampCount)],
    ['total', dollarsOf(o.totalMills)],
    ['receipt', o.links.receipt === null ? '-' : `indicia orders receipt ${o.id}`],
  ]);
  if (o.stamps.length === 0) return head;
  const stamps = table([
    ['STAMP', 'POSTAGE', 'MAILING', 'CATEGORY', 'MEDIUM', 'REFUND'],
    ...o.stamps.map((s) => [s.id, dollarsOf(s.postageMills), s.dateOfMailing, s.rateCategoryName, s.medium ? `${s.medium.serial} slot ${s.medium.slot}` : '-', s.refund?.status ?? '-']),
  ]);
  return `${head}\n\n${stamps}`;
}

function receiptText(r: Receipt): string {
  const paid = r.payment === null ? '-' : r.payment.method === 'card' ? `card ${r.payment.brand ?? ''} ending ${r.payment.last4 ?? '?'}` : 'prepaid balance';
  const lines = table([['#', 'STAMP', 'CATEGORY', 'POSTAGE', 'REFUND'], ...r.lines.map((l) => [String(l.line), l.stampId, l.rateCategoryName, dollarsOf(l.postageMills), l.refund?.status ?? '-'])]);
  const refunded = r.refundedMills === '0' ? '' : `\nrefunded ${dollarsOf(r.refundedMills)}`;
  return `receipt ${r.receiptNumber} for order ${r.orderId}, completed ${r.completedAt}\npaid by ${paid}\n\n${lines}\n\ntotal ${dollarsOf(r.totalMills)}${refunded}`;
}

async function list(client: IndiciaClient, io: CliIo, values: Values): Promise<void> {
  const filters = orderFilters(values);
  const limit = values.limit === undefined ? 20 : /^\d{1,5}$/.test(values.limit) ? Number(values.limit) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIST)) throw new AppError('INVALID_ARGUMENT', `--limit must be a whole number from 1 to ${MAX_LIST}, not ${JSON.stringify(values.limit)}`);
  const orders: Order[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listOrders({ ...filters, limit: Math.min(100, limit - orders.length), cursor });
    orders.push(...page.orders);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && orders.length < limit);
  if (values.json) io.out(`${JSON.stringify({ orders, nextCursor: cursor ?? null })}\n`);
  else if (orders.length === 0) io.err('no orders match\n');
  else io.out(`${orderRows(orders)}\n`);
  if (!values.json && cursor !== undefined) io.err(`more orders: raise --limit (${limit} shown)\n`);
}

async function receipt(client: IndiciaClient, io: CliIo, id: string, values: Values): Promise<void> {
  if (values.html !== undefined) {
    const file = resolve(io.cwd, values.html);
    await writeFileAtomic(file, await client.receiptHtml(id), 0o600);
    io.out(values.json ? `${JSON.stringify({ orderId: id, file })}\n` : `wrote the receipt of order ${id} to ${file}\n`);
    return;
  }
  const r = await client.receipt(id);
  io.out(values.json ? `${JSON.stringify(r)}\n` : `${receiptText(r)}\n`);
}

async function exportCsv(client: IndiciaClient, io: CliIo, values: Values): Promise<void> {
  if (values.out === undefined) throw new AppError('INVALID_ARGUMENT', 'indicia orders export needs --out FILE.csv');
  const out = resolve(io.cwd, values.out);
  const mode = progressMode(io, values);
  let next = PROGRESS_STEP;
  const onProgress = ({ bytes }: { bytes: number }): void => {
    if (mode === 'bar') io.err(`\r\x1b[Kexporting: ${formatBytes(bytes)}`);
    else if (mode === 'lines' && bytes >= next) {
      io.err(`exporting: ${formatBytes(bytes)} so far\n`);
      while (next <= bytes) next += PROGRESS_STEP;
    }
  };
  const what = values.stamps ? 'stamps' : 'orders';
  let result;
  try {
    if (values.stamps) {
      if (values.state !== undefined) throw new AppError('INVALID_ARGUMENT', '--state filters orders; for stamps use --category, --order or --refund-status');
      const refundStatus = values['refund-status'];
      if (refundStatus !== undefined && !['none', 'requested', 'approved', 'rejected'].includes(refundStatus)) {
        throw new AppError('INVALID_ARGUMENT', `--refund-status must be none, requested, approved or rejected, not ${JSON.stringify(refundStatus)}`);
      }
      result = await client.exportStampsCsv(
        {
          ...(values.from === undefined ? {} : { from: values.from }),
          ...(values.to === undefined ? {} : { to: values.to }),
          ...(values.category === undefined ? {} : { rateCategory: values.category }),
          ...(values.order === undefined ? {} : { purchaseId: values.order }),
          ...(refundStatus === undefined ? {} : { refundStatus: refundStatus as RefundStatus | 'none' }),
        },
        { out, onProgress },
      );
    } else {
      if (values.category !== undefined || values.order !== undefined || values['refund-status'] !== undefined) {
        throw new AppError('INVALID_ARGUMENT', '--category, --order and --refund-status filter stamps: add --stamps');
      }
      result = await client.exportOrdersCsv(orderFilters(values), { out, onProgress });
    }
  } finally {
    if (mode === 'bar') io.err('\n');
  }
  io.out(values.json ? `${JSON.stringify({ export: what, file: result.file, bytes: result.bytes })}\n` : `exported ${what} to ${result.file} (${formatBytes(result.bytes)})\n`);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1 << 20) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('orders', args, {
    from: { type: 'string' },
    to: { type: 'string' },
    state: { type: 'string' },
    limit: { type: 'string' },
    html: { type: 'string' },
    stamps: { type: 'boolean', default: false },
    out: { type: 'string' },
    category: { type: 'string' },
    order: { type: 'string' },
    'refund-status': { type: 'string' },
    ...PROFILE_OPTION,
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  });
  const [verb, id, ...extra] = positionals;
  if (verb !== 'list' && verb !== 'show' && verb !== 'receipt' && verb !== 'export') {
    throw new AppError('INVALID_ARGUMENT', `indicia orders needs list, show, receipt or export (got ${verb ?? 'nothing'})`);
  }
  const takesId = verb === 'show' || verb === 'receipt';
  if (takesId && id === undefined) throw new AppError('INVALID_ARGUMENT', `indicia orders ${verb} needs the order's ID (see indicia orders list)`);
  if (extra.length > 0 || (!takesId && id !== undefined)) throw new AppError('INVALID_ARGUMENT', `indicia orders ${verb} takes ${takesId ? 'one ID' : 'no ID'}`);
  const session = await openSession(io, values.profile);
  const client = session.client;
  if (verb === 'list') await list(client, io, values);
  else if (verb === 'show') {
    const order = await client.getOrder(id!);
    io.out(values.json ? `${JSON.stringify(order)}\n` : `${orderText(order)}\n`);
  } else if (verb === 'receipt') await receipt(client, io, id!, values);
  else await exportCsv(client, io, values);
  return 0;
}

/** `indicia orders`: list and show orders, print receipts, export orders and stamps as CSV. */
export const ordersCommand: CliCommand = { name: 'orders', summary: 'list orders, show receipts and export orders or stamps as CSV', usage: USAGE, run };
