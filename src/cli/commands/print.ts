import type { Stamp } from '../../client/index.js';
import { isIndiciaApiError } from '../../client/index.js';
import { AppError, isAppError } from '../../errors/app-error.js';
import { layoutNames } from '../../print/index.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { journalPath } from '../user/config-dir.js';
import { StampJournal } from '../user/journal.js';
import { OUTPUT_FLAGS, OUTPUT_FLAGS_HELP, printAndRecord, resolvePrintOptions } from '../user/print-flags.js';
import { openSession, PROFILE_OPTION, SESSION_HELP, type UserSession } from '../user/session.js';

const USAGE = `Usage: indicia print ID... --layout LAYOUT --out FILE [options]
       indicia print --batch BATCHKEY --layout LAYOUT --out FILE [options]

Prints (again) stamps you bought, in the order given, with one of the print layouts:
  ${layoutNames().join(', ')}
The stamps are fetched from the vendor's web server; when it cannot be reached, the copies in the
local journal are printed. --batch prints every stamp of a batch bought with indicia buy, from the
journal. Each print is recorded in the journal.

Options:
  --layout LAYOUT      the label, sheet, envelope or thermal label to print on
${OUTPUT_FLAGS_HELP}
  --batch KEY          print the stamps the journal holds for this batch key
  --json               print JSON
${SESSION_HELP}
`;

// Stamps fetched at the same time: enough to hide latency, few enough to be gentle with the server.
const FETCH_CONCURRENCY = 8;

/** True for a failure that says nothing about the stamp, only that the server cannot answer now. */
function serverUnavailable(err: unknown): boolean {
  if (isIndiciaApiError(err)) return err.statusCode >= 500;
  return isAppError(err, 'CLIENT_NETWORK_ERROR') || isAppError(err, 'CLIENT_TIMEOUT');
}

async function fetchStamps(session: UserSession, journal: StampJournal, ids: readonly string[], io: CliIo): Promise<Stamp[]> {
  const found = new Map<string, Stamp>();
  let next = 0;
  let unavailable: unknown;
  const worker = async (): Promise<void> => {
    while (next < ids.length && unavailable === undefined) {
      const id = ids[next++]!;
      try {
        found.set(id, await session.client.getStamp(id));
      } catch (err) {
        if (!serverUnavailable(err)) throw err;
        unavailable = err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, ids.length) }, worker));
  if (unavailable === undefined) return ids.map((id) => found.get(id)!);
  // The server cannot be asked: a paid stamp can still be printed from the journal's copy.
  const missing = new Set(ids.filter((id) => !found.has(id)));
  const copies = await journal.findStamps(missing, session.credentials.url);
  const absent = [...missing].filter((id) => !copies.has(id));
  if (absent.length > 0) throw unavailable;
  io.err(`the vendor's server cannot be reached (${(unavailable as AppError).code}); printing ${copies.size} stamps from the journal ${journal.path}\n`);
  return ids.map((id) => found.get(id) ?? copies.get(id)!);
}

async function batchStamps(journal: StampJournal, batchKey: string, url: string): Promise<Stamp[]> {
  const stamps = new Map<string, Stamp>();
  for await (const e of journal.entries()) if (e.type === 'stamp' && e.batchKey === batchKey && e.url === url) stamps.set(e.stamp.id, e.stamp);
  if (stamps.size === 0) throw new AppError('CLIENT_JOURNAL_INVALID', `${journal.path} holds no stamps of batch ${batchKey} bought from ${url}`, { batchKey });
  return [...stamps.values()];
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('print', args, {
    layout: { type: 'string' },
    batch: { type: 'string' },
    ...OUTPUT_FLAGS,
    ...PROFILE_OPTION,
    json: { type: 'boolean', default: false },
  });
  if (values.layout === undefined) throw new AppError('INVALID_ARGUMENT', 'indicia print needs --layout LAYOUT; run indicia help print');
  if ((positionals.length === 0) === (values.batch === undefined)) throw new AppError('INVALID_ARGUMENT', 'indicia print needs stamp IDs or --batch KEY (one of the two)');
  const options = (await resolvePrintOptions(values.layout, '--layout', values, io))!;
  const session = await openSession(io, values.profile);
  const journal = new StampJournal(journalPath(session.configDir));
  const unique = [...new Set(positionals)];
  const stamps = values.batch !== undefined ? await batchStamps(journal, values.batch, session.credentials.url) : await fetchStamps(session, journal, unique, io);
  const files = await printAndRecord(journal, stamps, options, { reprint: true });
  if (values.json) io.out(`${JSON.stringify({ layout: options.layout, files, stampIds: stamps.map((s) => s.id) })}\n`);
  else io.out(`printed ${stamps.length} stamp${stamps.length === 1 ? '' : 's'} on ${options.layout}: ${files.join(', ')}\n`);
  return 0;
}

/** `indicia print`: print stamps you own again, with the print layouts. */
export const printCommand: CliCommand = { name: 'print', summary: 'print stamps you bought (again) on labels, sheets or envelopes', usage: USAGE, run };
