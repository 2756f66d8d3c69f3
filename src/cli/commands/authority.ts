import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatDollars, parseDollars } from '../../core/money.js';
import { AppError } from '../../errors/app-error.js';
import { serverUrl } from '../../system/process-env.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, loadConfigFor } from '../data-dir.js';
import { operatorCall } from '../http-call.js';
import { authorityScanCommand } from './authority-scan.js';

const USAGE = `Usage: indicia authority <fund|deposit|scan|reconcile> [options]

The postal authority side of this installation (started by indicia start).

  indicia authority fund AMOUNT [--reference REF]   adds AMOUNT dollars (e.g. 5000 or 12.345) to the vendor's
                                                    deposit, from which PSD resets are paid; REF makes a
                                                    retry safe (the same REF funds once)
  indicia authority deposit                          the deposit's balance and its latest entries
  indicia authority scan INPUT...                    scans indicia (hex, PNG, PDF) at the authority's scanning
                                                    service; see indicia authority scan --help
  indicia authority reconcile [--from DAY] [--to DAY] [--csv FILE]
                                                    reconciles the PSDs' daily reports with the authority's
                                                    resets and scans (default: today, UTC); exit 1 on any flag;
                                                    --csv writes the flags as CSV

Options:
${DATA_DIR_HELP}
  --json              print JSON
`;

interface DepositEntry {
  readonly entryId: number;
  readonly kind: string;
  readonly amountMills: string;
  readonly reference: string | null;
  readonly psdId: number | null;
  readonly createdAt: string;
}

/**
 * `scan` takes its own options; without --url/--token (or their variables) it scans at this
 * installation's authority with the operator token.
 */
async function scan(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(authorityScanCommand.usage);
    return 0;
  }
  const extra: string[] = [];
  const dataDirAt = args.indexOf('--data-dir');
  const rest = dataDirAt >= 0 ? [...args.slice(0, dataDirAt), ...args.slice(dataDirAt + 2)] : [...args];
  if (!rest.includes('--url') && !io.env.AUTHORITY_URL) {
    const config = loadConfigFor(dataDirAt >= 0 ? args[dataDirAt + 1] : undefined, io);
    extra.push('--url', serverUrl(config, config.authority.port));
    if (!rest.includes('--token') && !io.env.AUTHORITY_SCANNER_TOKEN) extra.push('--token', config.authority.operatorToken);
  }
  return authorityScanCommand.run([...extra, ...rest], io);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  if (args[0] === 'scan') return scan(args.slice(1), io);
  const { values, positionals } = parseCommandArgs('authority', args, {
    ...DATA_DIR_OPTION,
    reference: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    csv: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const config = loadConfigFor(values['data-dir'], io);
  const base = serverUrl(config, config.authority.port);
  const auth = { authorization: `Bearer ${config.authority.operatorToken}` };
  const [verb, amount] = positionals;
  if (verb === 'fund') {
    if (!amount) throw new AppError('INVALID_ARGUMENT', 'indicia authority fund needs an AMOUNT in dollars, e.g. indicia authority fund 5000');
    const mills = parseDollars(amount);
    const reference = values.reference ?? `cli-${new Date().toISOString()}`;
    const res = await operatorCall<{ balanceMills: string }>(`${base}/v1/deposit/fund`, { method: 'POST', headers: auth, body: { amountMills: mills.toString(), reference } });
    if (values.json) io.out(`${JSON.stringify({ fundedMills: mills.toString(), reference, ...res })}\n`);
    else io.out(`funded ${formatDollars(mills)} (reference ${reference}); deposit balance ${formatDollars(BigInt(res.balanceMills))}\n`);
    return 0;
  }
  if (verb === 'deposit') {
    const res = await operatorCall<{ balanceMills: string; entries: DepositEntry[] }>(`${base}/v1/deposit?limit=1000`, { method: 'GET', headers: auth });
    if (values.json) {
      io.out(`${JSON.stringify(res, null, 2)}\n`);
      return 0;
    }
    io.out(`deposit balance ${formatDollars(BigInt(res.balanceMills))}\n`);
    for (const e of res.entries.slice(-20)) {
      io.out(`  ${e.createdAt}  ${e.kind.padEnd(12)} ${formatDollars(BigInt(e.amountMills)).padStart(14)}  ${e.psdId === null ? '' : `PSD ${e.psdId} `}${e.reference ?? ''}\n`);
    }
    return 0;
  }
  if (verb === 'reconcile') return reconcile(base, auth, values, io);
  throw new AppError('INVALID_ARGUMENT', `indicia authority needs fund, deposit, scan or reconcile (got ${verb ?? 'nothing'}); run indicia help authority`);
}

interface Flag {
  readonly kind: string;
  readonly psdId: number;
  readonly day: string;
  readonly pieceCount: number | null;
  readonly detail: string;
}

/** GET /v1/reconciliation (and its CSV); exit 0 only when the range reconciles without a flag. */
async function reconcile(base: string, auth: Record<string, string>, values: { from?: string; to?: string; csv?: string; json?: boolean }, io: CliIo): Promise<number> {
  const from = values.from ?? new Date().toISOString().slice(0, 10);
  const query = new URLSearchParams({ from, ...(values.to ? { to: values.to } : {}) }).toString();
  const res = await operatorCall<{ clean: boolean; flags: Flag[]; pending: unknown; counts: unknown; from: string; to: string }>(`${base}/v1/reconciliation?${query}`, { method: 'GET', headers: auth });
  if (values.csv) {
    const csv = await fetch(`${base}/v1/reconciliation.csv?${query}`, { headers: auth, signal: AbortSignal.timeout(30_000) });
    if (!csv.ok) throw new AppError('SERVER_UNREACHABLE', `the authority answered HTTP ${csv.status} for the reconciliation CSV`);
    await writeFile(resolve(io.cwd, values.csv), await csv.text());
  }
  if (values.json) io.out(`${JSON.stringify(res, null, 2)}\n`);
  else {
    io.out(`reconciliation ${res.from} to ${res.to}: ${res.clean ? 'clean' : `${res.flags.length} flags`}\n`);
    for (const f of res.flags) io.out(`  ${f.kind.padEnd(20)} PSD ${f.psdId} ${f.day}${f.pieceCount === null ? '' : ` piece ${f.pieceCount}`}: ${f.detail}\n`);
  }
  return res.clean ? 0 : 1;
}

/** `indicia authority`: the operator's view of the authority's deposit. */
export const authorityCommand: CliCommand = { name: 'authority', summary: 'the deposit at the postal authority; scan indicia; reconcile daily reports', usage: USAGE, run };
