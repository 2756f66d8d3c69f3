import type { Balance } from '../../client/index.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { dollarsOf, table } from '../user/money-text.js';
import { openSession, PROFILE_OPTION, SESSION_HELP } from '../user/session.js';

const USAGE = `Usage: indicia balance [--json]

Shows the account's prepaid postage balance (GET /v1/balance): what can be spent, what is held for
purchases in flight, whether the balance is under the low-balance warning level, how purchases are paid,
and the auto-refill settings with what auto-refill charged this month (UTC).

Options:
  --json               print the answer as JSON (mills as decimal strings, 1 mill = $0.001)
${SESSION_HELP}
`;

/** The balance as lines of text. */
export function balanceText(b: Balance): string {
  const refill = b.autoRefill;
  const auto = refill.enabled
    ? `on: ${dollarsOf(refill.amountMills)} from the default card when a purchase would leave less than ${dollarsOf(refill.thresholdMills)}, at most ${dollarsOf(refill.monthlyCapMills)} a month`
    : 'off';
  const warning = b.lowBalanceWarningMills === '0' ? 'never warns' : `warns under ${dollarsOf(b.lowBalanceWarningMills)}`;
  return table([
    ['balance', dollarsOf(b.balanceMills)],
    ['held', `${dollarsOf(b.heldMills)} (reserved for purchases in flight)`],
    ['low balance', `${b.lowBalance ? 'YES' : 'no'} (${warning})`],
    ['paid by', b.mode === 'prepaid' ? 'prepaid balance' : 'a card charge per purchase'],
    ['auto-refill', auto],
    ['refilled', `${dollarsOf(refill.usedThisMonthMills)} this month`],
  ]);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('balance', args, { ...PROFILE_OPTION, json: { type: 'boolean', default: false } }, false);
  const session = await openSession(io, values.profile);
  const balance = await session.client.balance();
  io.out(values.json ? `${JSON.stringify(balance)}\n` : `${balanceText(balance)}\n`);
  if (!values.json && balance.lowBalance) io.err(`the balance is low: top it up with indicia topup AMOUNT\n`);
  return 0;
}

/** `indicia balance`: the prepaid balance, held amount, low-balance flag and auto-refill. */
export const balanceCommand: CliCommand = { name: 'balance', summary: 'show the prepaid balance, held postage and auto-refill', usage: USAGE, run };
