import { BillingService } from '../../billing/billing.service.js';
import type { LedgerAuditReport } from '../../billing/ledger.repository.js';
import type { PsdAuditReport } from '../../ledger/ledger-audit.js';
import { UNCONFIGURED_GATEWAY } from '../../payment/unconfigured-gateway.js';
import { resolveDatabaseUrl } from '../../system/process-env.js';
import { openWebAdmin } from '../../web/admin.js';
import { LICENSE_FILE, readLicenseNumber } from '../../system/authority-bootstrap.js';
import { openProcessingLedger } from '../../system/open-processing-ledger.js';
import { dataPath } from '../../system/system-config.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, loadConfigFor } from '../data-dir.js';

const USAGE = `Usage: indicia audit [options]

Recomputes, for every PSD of every processing server of this installation, its audit hash chain and the
register invariants of psd-ledger.md (CT = AR + DR, DR >= 0; one stored indicium for every piece count
1..n whose postage sums to AR). Reads each server's database directly, so it works with servers down.
Then checks the customers' account ledger in the vendor database: every transaction sums to zero, every
running total equals the sum of its lines, no balance is negative.

Options:
${DATA_DIR_HELP}
  --signatures        also verify every stored indicium's signature (slower)
  --json              print the reports as JSON

Exit status: 0 when every PSD and the account ledger are clean, 1 when anything is broken.
`;

interface ServerAudit {
  readonly serverId: string;
  readonly reports: readonly PsdAuditReport[];
}

function describe(a: ServerAudit): string[] {
  if (a.reports.length === 0) return [`${a.serverId}: no PSDs`];
  return a.reports.flatMap((r) => [
    `${a.serverId} PSD ${r.psdId}: ${r.ok ? 'clean' : 'BROKEN'} (${r.entries} audit entries, ${r.records} indicium records)`,
    ...r.problems.map((p) => `    ${p.kind}: ${p.message}`),
  ]);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('audit', args, { ...DATA_DIR_OPTION, signatures: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } }, false);
  const config = loadConfigFor(values['data-dir'], io);
  const licenseNumber = readLicenseNumber(dataPath(config, LICENSE_FILE));
  const audits: ServerAudit[] = [];
  for (const server of config.processing) {
    const opened = await openProcessingLedger(config, server, licenseNumber);
    try {
      audits.push({ serverId: server.id, reports: await opened.ledger.auditAll({ verifySignatures: values.signatures }) });
    } finally {
      await opened.close();
    }
  }
  const accounts = await auditAccountLedger(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
  const clean = audits.every((a) => a.reports.every((r) => r.ok)) && accounts.ok;
  if (values.json) io.out(`${JSON.stringify({ clean, servers: audits, accountLedger: accounts }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  else {
    for (const a of audits) for (const line of describe(a)) io.out(`${line}\n`);
    for (const line of describeLedger(accounts)) io.out(`${line}\n`);
    const psds = audits.reduce((n, a) => n + a.reports.length, 0);
    io.out(clean ? `audit clean: ${psds} PSDs on ${audits.length} servers, account ledger of ${accounts.transactions} transactions\n` : 'audit FAILED: see above\n');
  }
  return clean ? 0 : 1;
}

async function auditAccountLedger(databaseUrl: string): Promise<LedgerAuditReport> {
  const admin = await openWebAdmin(databaseUrl);
  try {
    return await new BillingService({ db: admin.db, gateway: UNCONFIGURED_GATEWAY }).audit();
  } finally {
    await admin.close();
  }
}

function describeLedger(r: LedgerAuditReport): string[] {
  return [
    `account ledger: ${r.ok ? 'clean' : 'BROKEN'} (${r.transactions} transactions)`,
    ...r.unbalanced.map((u) => `    unbalanced transaction ${u.transactionId}: its lines sum to ${u.sumMills} mills`),
    ...r.totalDifferences.map((d) => `    account ${d.accountId} book ${d.book}: running total ${d.totalMills} mills, lines sum to ${d.linesMills}`),
    ...r.negativeBooks.map((n) => `    account ${n.accountId} book ${n.book} is negative: ${n.amountMills} mills`),
  ];
}

/** `indicia audit`: recomputes every audit chain and the register invariants, and checks the account ledger. */
export const auditCommand: CliCommand = { name: 'audit', summary: 'recompute every PSD audit chain and register invariant, and check the account ledger', usage: USAGE, run };
