import { AppError } from '../../errors/app-error.js';
import { resolveDatabaseUrl } from '../../system/process-env.js';
import { AccountAdmin } from '../../accounts/account-admin.js';
import { openWebAdmin } from '../../web/admin.js';
import type { ApiKeyRecord } from '../../web/api-key.repository.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, loadConfigFor } from '../data-dir.js';

const USAGE = `Usage: indicia keys <list|create|revoke> [options]

API keys of the user systems that buy stamps through the web server. Only a hash of each key is stored:
the secret is shown once, when it is created.

  indicia keys list              every key: id, name, prefix, created, revoked
  indicia keys create NAME --account ID
                                 makes a key for the account's (first) owner and prints its secret (once)
  indicia keys revoke ID         the key stops working (within the web server's key cache time, 30 s)

Options:
${DATA_DIR_HELP}
  --account ID        the account a new key belongs to
  --json              print JSON
`;

function row(k: ApiKeyRecord): string {
  const revoked = k.revokedAtMs === null ? 'active' : `revoked ${new Date(k.revokedAtMs).toISOString()}`;
  return `${k.id}  ${k.name.padEnd(20)} ${k.prefix}…  created ${new Date(k.createdAtMs).toISOString()}  ${revoked}`;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('keys', args, { ...DATA_DIR_OPTION, json: { type: 'boolean', default: false }, account: { type: 'string' } });
  const [verb, arg] = positionals;
  const config = loadConfigFor(values['data-dir'], io);
  const admin = await openWebAdmin(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
  try {
    if (verb === 'list') {
      const keys = await admin.apiKeys.list();
      if (values.json) io.out(`${JSON.stringify({ keys }, null, 2)}\n`);
      else for (const k of keys) io.out(`${row(k)}\n`);
      return 0;
    }
    if (verb === 'create') {
      if (!arg) throw new AppError('INVALID_ARGUMENT', 'indicia keys create needs a NAME for the key');
      const accountId = values.account;
      if (accountId === undefined || accountId === '') throw new AppError('INVALID_ARGUMENT', 'indicia keys create needs --account ID: every key belongs to an account (see indicia accounts list)');
      const { users } = await new AccountAdmin(admin.db).show(accountId);
      const owner = users.find((u) => u.role === 'owner' && u.disabledAtMs === null);
      if (owner === undefined) throw new AppError('MEMBER_NOT_FOUND', `Account ${accountId} has no active owner to hold the key`, { accountId });
      const created = await admin.apiKeys.create(arg, { accountId, userId: owner.id });
      if (values.json) io.out(`${JSON.stringify({ key: created.record, secret: created.secret })}\n`);
      else io.out(`${row(created.record)}\nsecret (shown once): ${created.secret}\n`);
      return 0;
    }
    if (verb === 'revoke') {
      if (!arg) throw new AppError('INVALID_ARGUMENT', 'indicia keys revoke needs the key ID (see indicia keys list)');
      const revoked = await admin.apiKeys.revoke(arg);
      io.out(values.json ? `${JSON.stringify({ key: revoked })}\n` : `${row(revoked)}\n`);
      return 0;
    }
    throw new AppError('INVALID_ARGUMENT', `indicia keys needs list, create or revoke (got ${verb ?? 'nothing'})`);
  } finally {
    await admin.close();
  }
}

/** `indicia keys`: API keys of user systems. */
export const keysCommand: CliCommand = { name: 'keys', summary: 'list, create or revoke API keys', usage: USAGE, run };
