import { formatDollars, parseDollars } from '../../core/money.js';
import { AppError } from '../../errors/app-error.js';
import { INTERNAL_TOKEN_HEADER } from '../../internal-api/dispense-contract.js';
import { resolveDatabaseUrl } from '../../system/process-env.js';
import { openWebAdmin } from '../../web/admin.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, loadConfigFor } from '../data-dir.js';
import { operatorCall } from '../http-call.js';

const USAGE = `Usage: indicia psd <list|reset|withdraw|inspect> [options]

The PSD resources held by the processing servers of this installation.

  indicia psd list                       every PSD of every server: registers, status, inspection due
  indicia psd reset SERVER PSD AMOUNT    adds AMOUNT dollars from the vendor's deposit to the PSD (a reset
                                         authorized by the postal authority)
  indicia psd inspect SERVER PSD         reports the PSD's registers and audit head to the authority now
  indicia psd withdraw SERVER PSD        withdraws the PSD: it dispenses nothing more, its descending register
                                         goes back to the deposit, its certificate is revoked for later dates

SERVER is a processing server's name (see indicia servers list), PSD its PSD id.

Options:
${DATA_DIR_HELP}
  --json              print JSON
`;

interface PsdRow {
  readonly psdId: number;
  readonly status: string;
  readonly registers: { ascendingMills: string; descendingMills: string; controlTotalMills: string; pieceCount: number };
  readonly inspectionDueAt: string | null;
  readonly inspectionOverdue: boolean;
  readonly pendingReset: boolean;
}

function row(server: string, p: PsdRow): string {
  const r = p.registers;
  const due = p.inspectionOverdue ? 'INSPECTION OVERDUE' : `inspection due ${p.inspectionDueAt ?? 'never'}`;
  return `${server.padEnd(14)} PSD ${String(p.psdId).padEnd(4)} ${p.status.padEnd(9)} pieces ${String(r.pieceCount).padStart(8)}  AR ${formatDollars(BigInt(r.ascendingMills)).padStart(12)}  DR ${formatDollars(BigInt(r.descendingMills)).padStart(12)}  ${due}${p.pendingReset ? '  reset pending' : ''}`;
}

async function serverUrls(io: CliIo, dataDir: string | undefined): Promise<{ token: string; urls: Map<string, string> }> {
  const config = loadConfigFor(dataDir, io);
  const admin = await openWebAdmin(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
  try {
    const servers = await admin.servers.list();
    return { token: config.internalToken, urls: new Map(servers.map((s) => [s.name, s.url])) };
  } finally {
    await admin.close();
  }
}

function psdIdOf(text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new AppError('INVALID_ARGUMENT', `PSD must be a PSD id (a whole number from 1), got ${text ?? 'nothing'}; see indicia psd list`);
  return n;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('psd', args, { ...DATA_DIR_OPTION, json: { type: 'boolean', default: false } });
  const [verb, server, psd, amount] = positionals;
  const { token, urls } = await serverUrls(io, values['data-dir']);
  const headers = { [INTERNAL_TOKEN_HEADER]: token };
  if (verb === 'list') {
    const all: { server: string; psds: PsdRow[] }[] = [];
    for (const [name, url] of urls) {
      const res = await operatorCall<{ psds: PsdRow[] }>(`${url}/internal/v1/psds`, { method: 'GET', headers });
      all.push({ server: name, psds: res.psds });
    }
    if (values.json) io.out(`${JSON.stringify({ servers: all }, null, 2)}\n`);
    else for (const s of all) for (const p of s.psds) io.out(`${row(s.server, p)}\n`);
    return 0;
  }
  if (verb !== 'reset' && verb !== 'withdraw' && verb !== 'inspect') {
    throw new AppError('INVALID_ARGUMENT', `indicia psd needs list, reset, withdraw or inspect (got ${verb ?? 'nothing'})`);
  }
  const url = server === undefined ? undefined : urls.get(server);
  if (!url) throw new AppError('INVALID_ARGUMENT', `indicia psd ${verb} needs a SERVER name from indicia servers list (got ${server ?? 'nothing'})`);
  const id = psdIdOf(psd);
  let body: unknown;
  if (verb === 'reset') {
    if (!amount) throw new AppError('INVALID_ARGUMENT', 'indicia psd reset needs an AMOUNT in dollars, e.g. indicia psd reset processing-1 3 500');
    body = { amountMills: parseDollars(amount).toString() };
  }
  const res = await operatorCall<Record<string, unknown>>(`${url}/internal/v1/psds/${id}/${verb}`, { method: 'POST', headers, ...(body === undefined ? {} : { body }) });
  io.out(values.json ? `${JSON.stringify(res, null, 2)}\n` : `${verb} of PSD ${id} on ${server}: done\n${JSON.stringify(res, null, 2)}\n`);
  return 0;
}

/** `indicia psd`: the operator's view of PSD resources. */
export const psdCommand: CliCommand = { name: 'psd', summary: 'list PSDs with their registers; reset, inspect or withdraw one', usage: USAGE, run };
