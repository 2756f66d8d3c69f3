import { resolve } from 'node:path';
import type { Stamp } from '../../client/index.js';
import { AppError } from '../../errors/app-error.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { writeFileAtomic } from '../user/atomic-file.js';
import { openSession, PROFILE_OPTION, SESSION_HELP, type UserSession } from '../user/session.js';
import { stampDetails, stampLine } from '../user/stamp-text.js';

const USAGE = `Usage: indicia stamps <list|get|png|svg> [options]

Your stamps as the vendor's web server holds them (those bought with your API key).

  indicia stamps list [--limit N] [--cursor C]   newest first, N stamps (default 20, up to 10000)
  indicia stamps get ID                          one stamp with every particular
  indicia stamps png ID --out FILE [--scale N]   its Data Matrix symbol as PNG (N pixels per module, 1-40)
  indicia stamps svg ID --out FILE               its Data Matrix symbol as SVG

Options:
  --json               print JSON
${SESSION_HELP}
`;

const MAX_LIST = 10_000;
const PAGE = 100;

function limitOf(text: string | undefined): number {
  if (text === undefined) return 20;
  const value = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= MAX_LIST)) throw new AppError('INVALID_ARGUMENT', `--limit must be a whole number from 1 to ${MAX_LIST}, not ${JSON.stringify(text)}`);
  return value;
}

async function list(session: UserSession, io: CliIo, values: { limit?: string; cursor?: string; json: boolean }): Promise<void> {
  const limit = limitOf(values.limit);
  const stamps: Stamp[] = [];
  let cursor = values.cursor;
  // Pages of at most 100 (the server's limit) until enough stamps or the last page.
  for (;;) {
    const page = await session.client.listStamps({ limit: Math.min(PAGE, limit - stamps.length), cursor });
    stamps.push(...page.stamps);
    cursor = page.nextCursor ?? undefined;
    if (cursor === undefined || stamps.length >= limit) break;
  }
  if (values.json) {
    io.out(`${JSON.stringify({ stamps, nextCursor: cursor ?? null })}\n`);
    return;
  }
  for (const stamp of stamps) io.out(`${stampLine(stamp)}\n`);
  if (stamps.length === 0) io.err('no stamps yet; buy some with indicia buy\n');
  if (cursor !== undefined) io.err(`more: indicia stamps list --cursor ${cursor}\n`);
}

function scaleOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  if (!(value >= 1 && value <= 40)) throw new AppError('INVALID_ARGUMENT', `--scale must be a whole number from 1 to 40, not ${JSON.stringify(text)}`);
  return value;
}

async function download(session: UserSession, io: CliIo, verb: 'png' | 'svg', id: string, values: { out?: string; scale?: string; json: boolean }): Promise<void> {
  if (values.out === undefined) throw new AppError('INVALID_ARGUMENT', `indicia stamps ${verb} needs --out FILE`);
  const out = resolve(io.cwd, values.out);
  const data = verb === 'png' ? await session.client.stampPng(id, { scale: scaleOf(values.scale) }) : await session.client.stampSvg(id);
  await writeFileAtomic(out, data, 0o644);
  io.out(values.json ? `${JSON.stringify({ id, format: verb, file: out })}\n` : `wrote ${out}\n`);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('stamps', args, {
    limit: { type: 'string' },
    cursor: { type: 'string' },
    out: { type: 'string' },
    scale: { type: 'string' },
    ...PROFILE_OPTION,
    json: { type: 'boolean', default: false },
  });
  const [verb, id, ...extra] = positionals;
  if (verb !== 'list' && verb !== 'get' && verb !== 'png' && verb !== 'svg') {
    throw new AppError('INVALID_ARGUMENT', `indicia stamps needs list, get, png or svg (got ${verb ?? 'nothing'})`);
  }
  if (verb !== 'list' && id === undefined) throw new AppError('INVALID_ARGUMENT', `indicia stamps ${verb} needs the stamp's ID`);
  if (extra.length > 0 || (verb === 'list' && id !== undefined)) throw new AppError('INVALID_ARGUMENT', `indicia stamps ${verb} takes ${verb === 'list' ? 'no' : 'one'} ID`);
  const session = await openSession(io, values.profile);
  if (verb === 'list') await list(session, io, values);
  else if (verb === 'get') {
    const stamp = await session.client.getStamp(id!);
    io.out(values.json ? `${JSON.stringify(stamp)}\n` : `${stampDetails(stamp)}\n`);
  } else await download(session, io, verb, id!, values);
  return 0;
}

/** `indicia stamps`: list, show or download your stamps. */
export const stampsCommand: CliCommand = { name: 'stamps', summary: 'list, show or download the stamps you bought', usage: USAGE, run };
