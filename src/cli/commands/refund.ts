import type { IndiciaClient, Refund, RefundEligibility, RefundStatus } from '../../client/index.js';
import { AppError } from '../../errors/app-error.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { dayOf, dollarsOf, table } from '../user/money-text.js';
import { openSession, PROFILE_OPTION, SESSION_HELP } from '../user/session.js';

const USAGE = `Usage: indicia refund STAMP_ID... [--check] [--json]
       indicia refund --status [REFUND_ID] [--filter STATUS] [--limit N] [--json]

Asks for refunds of unused stamps. Each stamp's eligibility is checked first and, when any stamp cannot
be refunded, nothing is requested and the reasons are listed (the vendor refunds all or none). A request
is decided after the review delay: approved and credited when the stamp was not scanned in the mail,
rejected (STAMP_USED) when it was.

  indicia refund ID...            check every stamp, then request refunds of them all
  indicia refund ID... --check    only check: print what a refund would credit, or why not
  indicia refund --status         your refund requests, newest first, with status, reason and expected date
  indicia refund --status ID      one refund request

Options:
  --filter STATUS      with --status: requested, approved or rejected
  --limit N            with --status: at most N requests (default 20, up to 1000)
  --json               print JSON
${SESSION_HELP}
`;

const STATUSES: readonly RefundStatus[] = ['requested', 'approved', 'rejected'];
const MAX_LIST = 1000;

function eligibilityRows(list: readonly RefundEligibility[]): string[][] {
  return [
    ['STAMP', 'REFUND', 'AMOUNT', 'DECIDED AFTER / WHY NOT'],
    ...list.map((e) => [e.stampId, e.eligible ? 'eligible' : 'NOT ELIGIBLE', dollarsOf(e.amountMills), e.eligible ? dayOf(e.expectedDecisionDate) : e.reasons.map((r) => `${r.code}: ${r.message}`).join('; ')]),
  ];
}

function refundRows(list: readonly Refund[]): string[][] {
  return [
    ['REFUND', 'STAMP', 'STATUS', 'AMOUNT', 'REQUESTED', 'EXPECTED', 'REASON'],
    ...list.map((r) => [r.id, r.stampId, r.status, dollarsOf(r.amountMills), dayOf(r.requestedAt), r.status === 'requested' ? dayOf(r.expectedDecisionDate) : `decided ${dayOf(r.decidedAt)}`, r.reasonCode === null ? '-' : `${r.reasonCode}: ${r.reason ?? ''}`.trim()]),
  ];
}

async function request(client: IndiciaClient, io: CliIo, ids: readonly string[], checkOnly: boolean, json: boolean): Promise<number> {
  const unique = [...new Set(ids)];
  const eligibility: RefundEligibility[] = [];
  for (const id of unique) eligibility.push(await client.refundEligibility(id));
  const refused = eligibility.filter((e) => !e.eligible);
  if (checkOnly || refused.length > 0) {
    if (json) io.out(`${JSON.stringify({ eligibility, requested: false })}\n`);
    else io.out(`${table(eligibilityRows(eligibility))}\n`);
    if (refused.length === 0) return 0;
    if (checkOnly) return 1;
    throw new AppError('REFUND_NOT_ELIGIBLE', `${refused.length} of ${unique.length} stamps cannot be refunded: ${refused.map((e) => e.stampId).join(', ')}`, {
      refused: refused.map((e) => ({ stampId: e.stampId, codes: e.reasons.map((r) => r.code) })),
    });
  }
  const refunds = await client.requestRefunds(unique);
  if (json) {
    io.out(`${JSON.stringify({ eligibility, requested: true, refunds })}\n`);
    return 0;
  }
  io.out(`${table(refundRows(refunds))}\n`);
  const total = refunds.reduce((sum, r) => sum + BigInt(r.amountMills), 0n);
  io.out(`requested ${refunds.length} refund${refunds.length === 1 ? '' : 's'} of ${dollarsOf(total.toString())}; see where they stand with indicia refund --status\n`);
  return 0;
}

async function status(client: IndiciaClient, io: CliIo, id: string | undefined, values: { filter?: string; limit?: string; json: boolean }): Promise<number> {
  if (id !== undefined) {
    const refund = await client.getRefund(id);
    io.out(values.json ? `${JSON.stringify(refund)}\n` : `${table(refundRows([refund]))}\n`);
    return 0;
  }
  const filter = values.filter;
  if (filter !== undefined && !STATUSES.includes(filter as RefundStatus)) throw new AppError('INVALID_ARGUMENT', `--filter must be one of ${STATUSES.join(', ')}, not ${JSON.stringify(filter)}`);
  const limit = values.limit === undefined ? 20 : /^\d{1,4}$/.test(values.limit) ? Number(values.limit) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIST)) throw new AppError('INVALID_ARGUMENT', `--limit must be a whole number from 1 to ${MAX_LIST}, not ${JSON.stringify(values.limit)}`);
  const refunds: Refund[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listRefunds({ limit: Math.min(100, limit - refunds.length), cursor, ...(filter === undefined ? {} : { status: filter as RefundStatus }) });
    refunds.push(...page.refunds);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && refunds.length < limit);
  if (values.json) io.out(`${JSON.stringify({ refunds, nextCursor: cursor ?? null })}\n`);
  else if (refunds.length === 0) io.err('no refund requests\n');
  else io.out(`${table(refundRows(refunds))}\n`);
  return 0;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('refund', args, {
    check: { type: 'boolean', default: false },
    status: { type: 'boolean', default: false },
    filter: { type: 'string' },
    limit: { type: 'string' },
    ...PROFILE_OPTION,
    json: { type: 'boolean', default: false },
  });
  if (values.status) {
    if (values.check) throw new AppError('INVALID_ARGUMENT', 'Give --status or --check, not both');
    if (positionals.length > 1) throw new AppError('INVALID_ARGUMENT', 'indicia refund --status takes at most one refund id');
    const session = await openSession(io, values.profile);
    return status(session.client, io, positionals[0], values);
  }
  if (values.filter !== undefined || values.limit !== undefined) throw new AppError('INVALID_ARGUMENT', '--filter and --limit go with --status');
  if (positionals.length === 0) throw new AppError('INVALID_ARGUMENT', 'indicia refund needs the ids of the stamps to refund (see indicia stamps list), or --status');
  const session = await openSession(io, values.profile);
  return request(session.client, io, positionals, values.check, values.json);
}

/** `indicia refund`: check and request refunds of unused stamps, and follow them. */
export const refundCommand: CliCommand = { name: 'refund', summary: 'request refunds of unused stamps and see their status', usage: USAGE, run };
