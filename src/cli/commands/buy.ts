import { formatDollars } from '../../core/money.js';
import { checkIdempotencyKey, MAX_STAMPS_PER_PURCHASE, newIdempotencyKey, stampPostageMills, type BatchPurchase, type BatchResult } from '../../client/index.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { buyParamsFromJournal, MAX_BATCH_QUANTITY, parseBuyFlags, stampRequests, type BuyParams } from '../user/buy-plan.js';
import { journalPath } from '../user/config-dir.js';
import { StampJournal } from '../user/journal.js';
import { PRINT_FLAGS, PRINT_FLAGS_HELP, printAndRecord, printOptionsFrom } from '../user/print-flags.js';
import { createProgress, progressMode } from '../user/progress.js';
import { openSession, PROFILE_OPTION, SESSION_HELP, type UserSession } from '../user/session.js';
import { stampLine } from '../user/stamp-text.js';

const USAGE = `Usage: indicia buy --category CATEGORY --from ZIP [--weight OZ] [--to ZIP | --country CC] [--postage DOLLARS] [options]
       indicia buy --resume BATCHKEY|last [--print LAYOUT --out FILE]

Buys stamps (signed indicia) from the vendor. Up to ${MAX_BATCH_QUANTITY} at a time: the batch is bought as
purchases of at most 1000, each keyed from the batch's idempotency key, so running the same command
again with the same --idempotency-key (or --resume) never buys anything twice: purchases already made
come back as they were. Every stamp received is saved to the local journal (stamps.jsonl beside the
credentials) and flushed to disk before the next purchase and before printing.

Options:
  --category CATEGORY  letter, flat, postcard, ground, priority, express, media, international,
                       a slug such as first-class-letter, or a code 1-8
  --postage DOLLARS    postage per stamp, such as 0.74 (at most three decimals), at least the rate;
                       left out (with --postage-mills), each stamp pays the rate the vendor computes
                       from the category, the weight and the destination
  --postage-mills N    postage per stamp in mills (1 mill = $0.001), such as 740
  --weight OZ          weight of the piece in ounces, such as 3.5 (default 1)
  --from ZIP           ZIP or ZIP+4 the mail leaves from
  --to ZIP             ZIP or ZIP+4 it goes to
  --country CC         destination country (ISO 3166-1 alpha-2, such as CA) of an international letter
  --date YYYY-MM-DD    date of mailing (default: the day the vendor processes the purchase, UTC)
  --quantity N         stamps to buy, 1 to ${MAX_BATCH_QUANTITY} (default 1)
  --medium SERIAL      the registered label or sheet (NNNN-NNNN-NNNN-C) the stamps are for
  --slot N             its first slot to fill (0 = a single label; stamp i goes to slot N + i)
  --idempotency-key K  the batch's key (default: a new UUID, shown on stderr and kept in the journal)
  --resume KEY|last    buy (the rest of) a batch from the journal again, with its key and parameters
${PRINT_FLAGS_HELP}
  --json               print one JSON document (and no progress)
  --quiet              no progress on stderr
${SESSION_HELP}
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('buy', args, {
    category: { type: 'string' },
    postage: { type: 'string' },
    'postage-mills': { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    weight: { type: 'string' },
    country: { type: 'string' },
    date: { type: 'string' },
    quantity: { type: 'string' },
    medium: { type: 'string' },
    slot: { type: 'string' },
    'idempotency-key': { type: 'string' },
    resume: { type: 'string' },
    ...PRINT_FLAGS,
    ...PROFILE_OPTION,
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  }, false);
  // Flags are checked before anything else, so that a typo costs no request.
  const plan = values.resume === undefined ? fresh(values) : undefined;
  const progress = createProgress(io.err, progressMode(io, values));
  const session = await openSession(io, values.profile, (e) => progress.retry(e));
  const journal = new StampJournal(journalPath(session.configDir));
  const { params, batchKey } = plan ?? (await resumed(values, journal, session));
  const print = await printOptionsFrom(values, io, params);

  const saved = await journal.stampIds();
  await journal.append([{ type: 'batch', at: new Date().toISOString(), batchKey, url: session.credentials.url, profile: session.profile, params: { ...params } }]);
  const purchases = Math.ceil(params.quantity / MAX_STAMPS_PER_PURCHASE);
  progress.start(params.quantity, purchases, batchKey);
  let result: BatchResult;
  let alreadySaved = 0;
  try {
    result = await session.client.buyBatch(stampRequests(params), {
      batchKey,
      onPurchase: async (purchase) => {
        alreadySaved += await saveStamps(journal, session, purchase, batchKey, saved);
        progress.purchase(purchase);
      },
    });
  } finally {
    progress.finish();
  }
  await journal.append([
    { type: 'batch-done', at: new Date().toISOString(), batchKey, url: session.credentials.url, purchaseIds: result.purchases.map((p) => p.purchaseId), stamps: result.stamps.length },
  ]);
  const printed = print === undefined ? undefined : await printAndRecord(journal, result.stamps, print, { reprint: false, batchKey });
  report(io, values.json, result, params, journal.path, alreadySaved, printed && { layout: print!.layout, files: printed });
  return 0;
}

function fresh(values: Record<string, string | boolean | undefined>): { params: BuyParams; batchKey: string } {
  const flag = (name: string): string | undefined => values[name] as string | undefined;
  const params = parseBuyFlags({
    category: flag('category'),
    postage: flag('postage'),
    postageMills: flag('postage-mills'),
    from: flag('from'),
    to: flag('to'),
    weight: flag('weight'),
    country: flag('country'),
    date: flag('date'),
    quantity: flag('quantity'),
    medium: flag('medium'),
    slot: flag('slot'),
  });
  return { params, batchKey: checkIdempotencyKey(flag('idempotency-key') ?? newIdempotencyKey()) };
}

async function resumed(values: Record<string, string | boolean | undefined>, journal: StampJournal, session: UserSession): Promise<{ params: BuyParams; batchKey: string }> {
  const given = ['category', 'postage', 'postage-mills', 'from', 'to', 'weight', 'country', 'date', 'quantity', 'medium', 'slot', 'idempotency-key'].filter((n) => values[n] !== undefined);
  if (given.length > 0) throw new AppError('INVALID_ARGUMENT', `--resume takes the batch's parameters from the journal; leave out --${given.join(', --')}`);
  const batch = await journal.findBatch(values.resume as string, session.credentials.url);
  return { params: buyParamsFromJournal(batch.params), batchKey: batch.batchKey };
}

/** Appends the purchase's stamps not yet in the journal, flushed; returns how many were there already. */
async function saveStamps(journal: StampJournal, session: UserSession, purchase: BatchPurchase, batchKey: string, saved: Set<string>): Promise<number> {
  const at = new Date().toISOString();
  const fresh = purchase.stamps.filter((s) => !saved.has(s.id));
  try {
    await journal.append(fresh.map((stamp) => ({ type: 'stamp', at, url: session.credentials.url, profile: session.profile, batchKey, idempotencyKey: purchase.idempotencyKey, stamp })));
  } catch (err) {
    if (!isAppError(err, 'CLIENT_JOURNAL_WRITE_FAILED')) throw err;
    // The server keeps the purchase under its key: the same batch key gets these stamps back.
    throw new AppError(
      'CLIENT_JOURNAL_WRITE_FAILED',
      `Cannot save the ${purchase.stamps.length} stamps of purchase ${purchase.purchaseId} to ${journal.path} (${String(err.details?.code)}); the batch key is ${batchKey}`,
      { batchKey, purchaseId: purchase.purchaseId, stampIds: purchase.stamps.map((s) => s.id) },
      { cause: err },
    );
  }
  for (const s of fresh) saved.add(s.id);
  return purchase.stamps.length - fresh.length;
}

function report(io: CliIo, json: boolean, result: BatchResult, _params: BuyParams, journal: string, alreadySaved: number, printed: { layout: string; files: string[] } | undefined): void {
  // What the stamps carry: with the postage left out, each paid the rate the server computed.
  const totalMills = result.stamps.reduce((sum, stamp) => sum + stampPostageMills(stamp), 0n);
  if (json) {
    const purchases = result.purchases.map((p) => ({ index: p.index, idempotencyKey: p.idempotencyKey, purchaseId: p.purchaseId, stamps: p.stamps.length }));
    const doc = { batchKey: result.batchKey, quantity: result.stamps.length, totalPostageMills: totalMills.toString(), purchases, stamps: result.stamps, alreadyInJournal: alreadySaved, journal, printed: printed ?? null };
    io.out(`${JSON.stringify(doc)}\n`);
    return;
  }
  for (const stamp of result.stamps) io.out(`${stampLine(stamp)}\n`);
  const again = alreadySaved > 0 ? ` (${alreadySaved} of them were bought before under this batch key and are not charged again)` : '';
  io.out(`bought ${result.stamps.length} stamps, ${formatDollars(totalMills)} of postage, in ${result.purchases.length} purchases${again}; batch key ${result.batchKey}\n`);
  io.out(`saved in ${journal}\n`);
  if (printed) io.out(`printed on ${printed.layout}: ${printed.files.join(', ')}\n`);
}

/** `indicia buy`: buy stamps, save them in the journal, and optionally print them. */
export const buyCommand: CliCommand = { name: 'buy', summary: 'buy stamps (safe to retry), save them locally and print them', usage: USAGE, run };
