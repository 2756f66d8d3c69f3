import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { IndiciaClient } from '../../client/index.js';
import { AppError } from '../../errors/app-error.js';
import { parseCommandArgs } from '../args.js';
import type { CliCommand, CliIo } from '../command.js';
import { credentialsPath, userConfigDir } from '../user/config-dir.js';
import { removeProfile, saveProfile } from '../user/credentials-store.js';
import { readSecrets, stdinIsTerminal } from '../user/secret-input.js';
import { clientSettings, profileName, PROFILE_OPTION } from '../user/session.js';

const LOGIN_USAGE = `Usage: indicia login --url URL (--api-key KEY | --api-key-file FILE) [--profile NAME] [--json]
       indicia login --url URL --email ADDRESS [--password-stdin] [--key-name NAME] [--profile NAME] [--json]

Checks an API key against the vendor's web server (by listing one of your stamps) and stores the URL and
the key for the user verbs (buy, stamps, print). The credentials file is
$XDG_CONFIG_HOME/indicia/credentials.json (else ~/.config/indicia/credentials.json), readable by you
alone (mode 0600) and rewritten atomically. Several profiles may be stored; each login replaces its own.

With --email, logs in with your password instead: it opens a session, makes an API key named for this
machine (--key-name, default "indicia CLI on HOSTNAME"), stores that key as above, and closes the session.
The password is asked for without echo on a terminal, else read from the first line of standard input
(--password-stdin says so explicitly); it is never taken from the command line and never stored.

Options:
  --url URL           the web server's base URL (default: $INDICIA_URL)
  --email ADDRESS     log in with the email and password of your account
  --password-stdin    read the password from the first line of standard input
  --key-name NAME     the name of the API key made for this machine
  --api-key KEY       the API key, ik_… (default: $INDICIA_API_KEY); it is kept out of the shell
                      history with --api-key-file or the environment variable
  --api-key-file FILE read the key from the first line of FILE
  --profile NAME      the profile to store (default: $INDICIA_PROFILE, else "default")
  --json              print JSON
`;

const LOGOUT_USAGE = `Usage: indicia logout [--profile NAME] [--json]

Removes a profile's stored URL and API key (the key itself stays valid: the vendor revokes keys).
The local stamp journal is kept.
`;

async function readKey(io: CliIo, flag: string | undefined, file: string | undefined): Promise<string> {
  if (flag !== undefined && file !== undefined) throw new AppError('INVALID_ARGUMENT', 'Give --api-key or --api-key-file, not both');
  if (file !== undefined) {
    const text = await readFile(resolve(io.cwd, file), 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new AppError('INPUT_UNREADABLE', `Cannot read ${file} (${err.code ?? 'unknown'})`);
    });
    return text.split(/\r?\n/)[0]!.trim();
  }
  const key = flag ?? io.env.INDICIA_API_KEY?.trim();
  if (!key) throw new AppError('INVALID_ARGUMENT', 'indicia login needs --api-key KEY, --api-key-file FILE or INDICIA_API_KEY');
  return key;
}

/** The key as shown to people: its prefix only. */
export function maskKey(key: string): string {
  return `${key.slice(0, 7)}…`;
}

/** The default name of the key `login --email` makes: says which machine holds it, to revoke it later. */
export function machineKeyName(): string {
  return `indicia CLI on ${hostname() || 'this machine'}`.slice(0, 200);
}

/**
 * Logs in with email and password, makes an API key for this machine and closes the session again, even
 * when making the key failed. Returns the key's secret and id.
 */
async function keyFromPassword(io: CliIo, url: string, email: string, keyName: string): Promise<{ apiKey: string; keyId: string }> {
  if (!stdinIsTerminal(io)) io.err(`reading the password of ${email} from standard input\n`);
  const [password] = await readSecrets(io, [`Password for ${email}`]);
  if (!password) throw new AppError('INVALID_ARGUMENT', 'The password is empty');
  const { client } = await IndiciaClient.logIn({ baseUrl: url, email, password, ...clientSettings(io.env) });
  try {
    const created = await client.createApiKey(keyName);
    return { apiKey: created.secret, keyId: created.key.id };
  } finally {
    // The session was only the way to make the key: it must not outlive this command.
    await client.closeSession().catch((err: unknown) => io.err(`could not close the session (${(err as Error).message}); it expires by itself\n`));
  }
}

async function login(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('login', args, {
    url: { type: 'string' },
    'api-key': { type: 'string' },
    'api-key-file': { type: 'string' },
    email: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    'key-name': { type: 'string' },
    ...PROFILE_OPTION,
    json: { type: 'boolean', default: false },
  }, false);
  const url = values.url ?? io.env.INDICIA_URL?.trim();
  if (!url) throw new AppError('INVALID_ARGUMENT', 'indicia login needs --url URL (or INDICIA_URL), the web server\'s base URL');
  const byEmail = values.email !== undefined;
  if (byEmail && (values['api-key'] !== undefined || values['api-key-file'] !== undefined)) throw new AppError('INVALID_ARGUMENT', 'Give --email or an API key, not both');
  if (!byEmail && (values['password-stdin'] || values['key-name'] !== undefined)) throw new AppError('INVALID_ARGUMENT', '--password-stdin and --key-name go with --email');
  const made = byEmail ? await keyFromPassword(io, url, values.email!, values['key-name'] ?? machineKeyName()) : undefined;
  const apiKey = made?.apiKey ?? (await readKey(io, values['api-key'], values['api-key-file']));
  const profile = profileName(values.profile, io);
  const client = new IndiciaClient({ baseUrl: url, apiKey, ...clientSettings(io.env) });
  // Any answer but a page of stamps (API_KEY_INVALID, API_KEY_REVOKED, an unreachable server) stops here, before storing.
  await client.listStamps({ limit: 1 });
  const path = credentialsPath(userConfigDir(io.env));
  await saveProfile(path, profile, { url: client.baseUrl, apiKey });
  const keyId = made === undefined ? {} : { apiKeyId: made.keyId };
  if (values.json) io.out(`${JSON.stringify({ profile, url: client.baseUrl, apiKey: maskKey(apiKey), ...keyId, credentialsFile: path })}\n`);
  else io.out(`logged in to ${client.baseUrl} as profile ${profile} with key ${maskKey(apiKey)}${made ? ` (new key ${made.keyId})` : ''} (stored in ${path})\n`);
  return 0;
}

async function logout(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('logout', args, { ...PROFILE_OPTION, json: { type: 'boolean', default: false } }, false);
  const profile = profileName(values.profile, io);
  const path = credentialsPath(userConfigDir(io.env));
  const removed = await removeProfile(path, profile);
  if (values.json) io.out(`${JSON.stringify({ profile, removed, credentialsFile: path })}\n`);
  else io.out(removed ? `logged out of profile ${profile}\n` : `profile ${profile} was not logged in\n`);
  return 0;
}

/** `indicia login`: check and store a vendor URL and API key. */
export const loginCommand: CliCommand = { name: 'login', summary: 'check and store the vendor URL and your API key', usage: LOGIN_USAGE, run: login };

/** `indicia logout`: forget a stored profile. */
export const logoutCommand: CliCommand = { name: 'logout', summary: 'forget the stored URL and API key of a profile', usage: LOGOUT_USAGE, run: logout };
