// What every user verb starts from: the profile's credentials (INDICIA_URL and INDICIA_API_KEY override
// the stored ones), the client made from them, and the folder of the journal.
import { IndiciaClient, type RetryEvent } from '../../client/index.js';
import { AppError } from '../../errors/app-error.js';
import type { CliIo } from '../command.js';
import { credentialsPath, userConfigDir } from './config-dir.js';
import { checkProfileName, DEFAULT_PROFILE, readCredentials, type Credentials } from './credentials-store.js';

/** The `--profile` option of the user verbs. */
export const PROFILE_OPTION = { profile: { type: 'string' } } as const;

/** Help text of the option and the environment the user verbs read. */
export const SESSION_HELP = `  --profile NAME       the stored credentials to use (default: $INDICIA_PROFILE, else "default")

Environment: INDICIA_URL and INDICIA_API_KEY override the profile's URL and key; INDICIA_TIMEOUT_MS
(per attempt, default 30000) and INDICIA_RETRIES (default 5) tune the client; XDG_CONFIG_HOME moves
the folder of the credentials and the journal (default ~/.config/indicia).`;

/** An open session of a user verb. */
export interface UserSession {
  readonly configDir: string;
  readonly profile: string;
  readonly credentials: Credentials;
  readonly client: IndiciaClient;
}

/** The client settings the environment gives, validated (CONFIG_INVALID names every problem). */
export function clientSettings(env: CliIo['env']): { timeoutMs?: number; retries?: number } {
  const problems: string[] = [];
  const read = (name: string, min: number, max: number): number | undefined => {
    const text = env[name]?.trim();
    if (text === undefined || text === '') return undefined;
    const value = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) problems.push(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
    return value;
  };
  const settings = { timeoutMs: read('INDICIA_TIMEOUT_MS', 1, 3_600_000), retries: read('INDICIA_RETRIES', 0, 100) };
  if (problems.length > 0) throw new AppError('CONFIG_INVALID', problems.join('; '), { problems });
  return settings;
}

/** The profile's name: the flag, else INDICIA_PROFILE, else "default". */
export function profileName(flag: string | undefined, io: CliIo): string {
  return checkProfileName(flag ?? (io.env.INDICIA_PROFILE?.trim() || DEFAULT_PROFILE));
}

/** Opens the session of a user verb (CLIENT_NOT_LOGGED_IN when no URL or key is known). */
export async function openSession(io: CliIo, flag: string | undefined, onRetry?: (event: RetryEvent) => void): Promise<UserSession> {
  const configDir = userConfigDir(io.env);
  const profile = profileName(flag, io);
  const stored = (await readCredentials(credentialsPath(configDir)))[profile];
  const url = io.env.INDICIA_URL?.trim() || stored?.url;
  const apiKey = io.env.INDICIA_API_KEY?.trim() || stored?.apiKey;
  if (url === undefined || apiKey === undefined) {
    const missing = [url === undefined ? 'URL' : '', apiKey === undefined ? 'API key' : ''].filter((m) => m !== '').join(' and ');
    throw new AppError('CLIENT_NOT_LOGGED_IN', `Profile ${profile} has no ${missing} (${credentialsPath(configDir)})`, { profile });
  }
  const client = new IndiciaClient({ baseUrl: url, apiKey, ...clientSettings(io.env), onRetry });
  return { configDir, profile, credentials: { url: client.baseUrl, apiKey }, client };
}
