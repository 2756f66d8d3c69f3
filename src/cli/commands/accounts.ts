import { AccountAdmin } from '../../accounts/account-admin.js';
import type { AccountRecord, UserRecord } from '../../accounts/account.repository.js';
import { accountJson, userJson } from '../../accounts/account-views.js';
import { AppError } from '../../errors/app-error.js';
import { resolveDatabaseUrl } from '../../system/process-env.js';
import { openDatabase } from '../../db/open-database.js';
import { WEB_MIGRATIONS } from '../../web/migrations.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, loadConfigFor } from '../data-dir.js';

const USAGE = `Usage: indicia accounts <list|show|create|verify-email|suspend|reinstate> [options]

Customer accounts of the web server.

  indicia accounts list                      every account: id, name, status, address
  indicia accounts show ID                   one account with its users and API keys
  indicia accounts create NAME --owner EMAIL [--password PW] [--verified]
                                             makes an account and its owner; without --password the
                                             owner gets an invitation email (see indicia outbox)
  indicia accounts verify-email EMAIL|USERID marks a user's email verified
  indicia accounts suspend ID                the account can no longer buy
  indicia accounts reinstate ID              lifts a suspension

Options:
${DATA_DIR_HELP}
  --json              print JSON
`;

function accountRow(a: AccountRecord): string {
  const address = a.address === null ? 'no address' : `${a.address.city}, ${a.address.state} ${a.address.zip5}`;
  return `${a.id}  ${a.name.padEnd(24)} ${a.status.padEnd(9)} ${address}`;
}

function userRow(u: UserRecord): string {
  const j = userJson(u);
  return `  ${u.id}  ${u.email.padEnd(30)} ${u.role.padEnd(6)} ${j.status.padEnd(7)} ${j.emailVerified ? 'verified' : 'unverified'}`;
}

function need(arg: string | undefined, what: string): string {
  if (!arg) throw new AppError('INVALID_ARGUMENT', `indicia accounts needs ${what}`);
  return arg;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('accounts', args, {
    ...DATA_DIR_OPTION,
    json: { type: 'boolean', default: false },
    owner: { type: 'string' },
    password: { type: 'string' },
    verified: { type: 'boolean', default: false },
  });
  const [verb, arg] = positionals;
  const config = loadConfigFor(values['data-dir'], io);
  const db = await openDatabase(resolveDatabaseUrl(config, config.vendorDatabaseUrl));
  try {
    await db.migrate(WEB_MIGRATIONS);
    const admin = new AccountAdmin(db);
    const print = (json: unknown, text: string): void => io.out(values.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
    switch (verb) {
      case 'list': {
        const accounts = await admin.list();
        print({ accounts: accounts.map(accountJson) }, accounts.map(accountRow).join('\n'));
        return 0;
      }
      case 'show': {
        const d = await admin.show(need(arg, 'the account ID (see indicia accounts list)'));
        const keys = d.keys.map((k) => `  key ${k.id}  ${k.name.padEnd(20)} ${k.prefix}…  ${k.revokedAtMs === null ? 'active' : 'revoked'}`);
        print({ account: accountJson(d.account), users: d.users.map(userJson), keys: d.keys }, [accountRow(d.account), ...d.users.map(userRow), ...keys].join('\n'));
        return 0;
      }
      case 'create': {
        const name = need(arg, 'a NAME for the account');
        const owner = need(values.owner, '--owner EMAIL');
        const created = await admin.createAccount({ name, ownerEmail: owner, ...(values.password ? { password: values.password } : {}), emailVerified: values.verified });
        print({ account: accountJson(created.account), owner: userJson(created.user) }, `${accountRow(created.account)}\n${userRow(created.user)}`);
        return 0;
      }
      case 'verify-email': {
        const user = await admin.verifyEmail(need(arg, 'the EMAIL or user id'));
        print({ user: userJson(user) }, userRow(user).trim());
        return 0;
      }
      case 'suspend':
      case 'reinstate': {
        const id = need(arg, 'the account ID (see indicia accounts list)');
        const account = verb === 'suspend' ? await admin.suspend(id) : await admin.reinstate(id);
        print({ account: accountJson(account) }, accountRow(account));
        return 0;
      }
      default:
        throw new AppError('INVALID_ARGUMENT', `indicia accounts needs list, show, create, verify-email, suspend or reinstate (got ${verb ?? 'nothing'})`);
    }
  } finally {
    await db.close();
  }
}

/** `indicia accounts`: customer accounts, for the operator. */
export const accountsCommand: CliCommand = { name: 'accounts', summary: 'list, show, create, verify, suspend or reinstate customer accounts', usage: USAGE, run };
