import { checkIdempotencyKey, IndiciaApiError, newIdempotencyKey } from '../../client/index.js';
import { MILLS_PER_CENT, parseDollars } from '../../core/money.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { dollarsOf } from '../user/money-text.js';
import { openSession, PROFILE_OPTION, SESSION_HELP } from '../user/session.js';

const USAGE = `Usage: indicia topup AMOUNT [--card ID] [--idempotency-key KEY] [--json]

Adds AMOUNT dollars (such as 25.00: whole cents, $5.00 to $2,000.00) to the prepaid balance, charged to
the default card or to --card ID (see indicia cards list), and prints the new balance. Owners only.

The top-up is sent with an idempotency key, printed on stderr before anything is charged. If the command
fails without a definite answer (the connection dropped, a timeout), run it again with
--idempotency-key KEY and the same amount: the vendor answers the first top-up again instead of charging
the card twice.

Options:
  --card ID            the card to charge (default: the default card)
  --idempotency-key K  the top-up's key (default: a new UUID)
  --json               print {topUp, balance} as JSON
${SESSION_HELP}
`;

// The server's limits (src/billing/billing-settings.ts), checked here too so that a typo costs no request.
const LIMITS = { min: 5_000n, max: 2_000_000n };

/** The amount as typed, checked: dollars in whole cents within the top-up limits. */
export function parseTopUpDollars(text: string): string {
  const trimmed = text.trim().replace(/^\$/, '');
  const mills = parseDollars(trimmed, LIMITS);
  if (mills % MILLS_PER_CENT !== 0n) throw new AppError('PAYMENT_AMOUNT_FRACTIONAL_CENT', `A top-up of ${trimmed} dollars is not whole cents`, { field: 'AMOUNT' });
  return trimmed;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('topup', args, {
    card: { type: 'string' },
    'idempotency-key': { type: 'string' },
    ...PROFILE_OPTION,
    json: { type: 'boolean', default: false },
  });
  if (positionals.length !== 1) throw new AppError('INVALID_ARGUMENT', `indicia topup needs one AMOUNT in dollars, such as 25.00 (got ${positionals.length})`);
  const amountDollars = parseTopUpDollars(positionals[0]!);
  const idempotencyKey = checkIdempotencyKey(values['idempotency-key'] ?? newIdempotencyKey());
  const session = await openSession(io, values.profile, (e) => io.err(`retrying the top-up in ${(e.delayMs / 1000).toFixed(1)} s (${e.reason}), same key ${idempotencyKey}\n`));
  // Shown before the charge, so that the key survives a crash of this process too.
  io.err(`top-up key ${idempotencyKey} (to retry safely: indicia topup ${amountDollars} --idempotency-key ${idempotencyKey}${values.card ? ` --card ${values.card}` : ''})\n`);
  let topUp;
  try {
    topUp = await session.client.topUp({ amountDollars, idempotencyKey, ...(values.card === undefined ? {} : { cardId: values.card }) });
  } catch (err) {
    // A refusal is definite (nothing charged); anything else may have charged: the key settles it.
    if (isAppError(err) && !(err instanceof IndiciaApiError && err.statusCode < 500)) {
      io.err(`the top-up may have been made: run the same command with --idempotency-key ${idempotencyKey} to find out without paying twice\n`);
    }
    throw err;
  }
  const balance = await session.client.balance();
  if (values.json) {
    io.out(`${JSON.stringify({ topUp, balance })}\n`);
    return 0;
  }
  io.out(`topped up ${dollarsOf(topUp.amountMills)} from ${topUp.card.brand} ending ${topUp.card.last4} (top-up ${topUp.id}, key ${topUp.idempotencyKey})\n`);
  io.out(`balance ${dollarsOf(balance.balanceMills)}${balance.heldMills !== '0' ? `, ${dollarsOf(balance.heldMills)} held` : ''}\n`);
  return 0;
}

/** `indicia topup`: add money to the prepaid balance from a card, safe to retry. */
export const topupCommand: CliCommand = { name: 'topup', summary: 'add money to the prepaid balance from a card (safe to retry)', usage: USAGE, run };
