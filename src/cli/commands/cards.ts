import type { Card } from '../../client/index.js';
import { AppError } from '../../errors/app-error.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { table } from '../user/money-text.js';
import { readSecrets, stdinIsTerminal } from '../user/secret-input.js';
import { openSession, PROFILE_OPTION, SESSION_HELP } from '../user/session.js';

const USAGE = `Usage: indicia cards <list|add|remove|default> [options]

The payment cards on file for top-ups, auto-refill and pay-per-purchase (owners only). The vendor keeps
a token from its payment gateway, the brand, the last four digits and the expiry, never the number.

  indicia cards list                          the cards, default first
  indicia cards add --expiry MM/YY [--name N] add a card; the first one becomes the default
  indicia cards remove ID                     remove a card (the newest other card becomes the default)
  indicia cards default ID                    make a card the default

cards add reads the card number and then the security code from standard input, one per line, or asks
for them without echo on a terminal. They are never taken from the command line (which the shell history
and other users' ps would show), and this program stores and logs neither.

Options:
  --expiry MM/YY       the card's expiry month and year (MM/YYYY also)
  --name NAME          the name on the card
  --json               print JSON
${SESSION_HELP}
`;

/** MM/YY or MM/YYYY as a month and a four-digit year (CARD_EXPIRY_INVALID otherwise). */
export function parseExpiry(text: string): { expMonth: number; expYear: number } {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
  const month = match ? Number(match[1]) : NaN;
  if (!match || !(month >= 1 && month <= 12)) throw new AppError('CARD_EXPIRY_INVALID', `--expiry ${JSON.stringify(text)} is not MM/YY`, { field: 'expiry' });
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return { expMonth: month, expYear: year };
}

function cardRows(cards: readonly Card[]): string {
  return table([
    ['ID', 'CARD', 'EXPIRES', 'NAME', ''],
    ...cards.map((c) => [c.id, `${c.brand} ending ${c.last4}`, `${String(c.expMonth).padStart(2, '0')}/${c.expYear}${c.expired ? ' (expired)' : ''}`, c.holderName ?? '-', c.isDefault ? 'default' : '']),
  ]);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('cards', args, {
    expiry: { type: 'string' },
    name: { type: 'string' },
    ...PROFILE_OPTION,
    json: { type: 'boolean', default: false },
  });
  const [verb, id, ...extra] = positionals;
  if (verb !== 'list' && verb !== 'add' && verb !== 'remove' && verb !== 'default') {
    throw new AppError('INVALID_ARGUMENT', `indicia cards needs list, add, remove or default (got ${verb ?? 'nothing'})`);
  }
  const takesId = verb === 'remove' || verb === 'default';
  if (takesId && id === undefined) throw new AppError('INVALID_ARGUMENT', `indicia cards ${verb} needs the card's ID (see indicia cards list)`);
  // A number typed as an argument is refused before anything else: it must not be sent or echoed.
  if (verb === 'add' && id !== undefined) throw new AppError('INVALID_ARGUMENT', 'indicia cards add takes the card number on standard input, never as an argument');
  if (extra.length > 0 || (!takesId && id !== undefined)) throw new AppError('INVALID_ARGUMENT', `indicia cards ${verb} takes ${takesId ? 'one ID' : 'no arguments'}`);
  if (verb !== 'add' && (values.expiry !== undefined || values.name !== undefined)) throw new AppError('INVALID_ARGUMENT', '--expiry and --name go with indicia cards add');
  const session = await openSession(io, values.profile);
  const client = session.client;
  if (verb === 'list') {
    const cards = await client.listCards();
    if (values.json) io.out(`${JSON.stringify({ cards })}\n`);
    else if (cards.length === 0) io.err('no cards on file; add one with indicia cards add --expiry MM/YY\n');
    else io.out(`${cardRows(cards)}\n`);
    return 0;
  }
  if (verb === 'add') {
    if (values.expiry === undefined) throw new AppError('INVALID_ARGUMENT', 'indicia cards add needs --expiry MM/YY');
    const expiry = parseExpiry(values.expiry);
    if (!stdinIsTerminal(io)) io.err('reading the card number and the security code from standard input (one per line)\n');
    const [number, cvc] = await readSecrets(io, ['Card number', 'Security code']);
    const card = await client.addCard({ number: number!.replace(/[\s-]/g, ''), cvc: cvc!, ...expiry, ...(values.name === undefined ? {} : { holderName: values.name }) });
    io.out(values.json ? `${JSON.stringify(card)}\n` : `added ${card.brand} ending ${card.last4} as card ${card.id}${card.isDefault ? ' (the default)' : ''}\n`);
    return 0;
  }
  if (verb === 'remove') {
    await client.removeCard(id!);
    io.out(values.json ? `${JSON.stringify({ removed: id })}\n` : `removed card ${id}\n`);
    return 0;
  }
  const card = await client.makeDefaultCard(id!);
  io.out(values.json ? `${JSON.stringify(card)}\n` : `card ${card.id} (${card.brand} ending ${card.last4}) is the default\n`);
  return 0;
}

/** `indicia cards`: list, add, remove and choose the default payment card. */
export const cardsCommand: CliCommand = { name: 'cards', summary: 'list, add, remove or choose the default payment card', usage: USAGE, run };
