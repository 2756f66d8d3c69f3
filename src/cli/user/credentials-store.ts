// The credentials file: one { url, apiKey } per profile, written atomically with mode 0600 because an
// API key spends money. Format: { "version": 1, "profiles": { "default": { "url": …, "apiKey": … } } }.
import { readFile, rm } from 'node:fs/promises';
import { AppError } from '../../errors/app-error.js';
import { writeFileAtomic } from './atomic-file.js';

/** What one profile holds. */
export interface Credentials {
  readonly url: string;
  readonly apiKey: string;
}

/** Every stored profile by name. */
export type CredentialsFile = Readonly<Record<string, Credentials>>;

/** The version of the file format. */
export const CREDENTIALS_FILE_VERSION = 1;
/** The profile used when none is named. */
export const DEFAULT_PROFILE = 'default';
const PROFILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

/** Returns the name when it can name a profile (letters, digits, . _ -), INVALID_ARGUMENT otherwise. */
export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) throw new AppError('INVALID_ARGUMENT', `${JSON.stringify(name)} cannot name a profile; use letters, digits, ".", "_" and "-"`);
  return name;
}

/** Reads every profile; an absent file holds none (CLIENT_CREDENTIALS_INVALID for a damaged one). */
export async function readCredentials(path: string): Promise<CredentialsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AppError('CLIENT_CREDENTIALS_INVALID', `Cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'unknown'})`, { path }, { cause: err });
  }
  let parsed: { version?: unknown; profiles?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (err) {
    throw new AppError('CLIENT_CREDENTIALS_INVALID', `${path} is not JSON`, { path }, { cause: err });
  }
  if (parsed?.version !== CREDENTIALS_FILE_VERSION || typeof parsed.profiles !== 'object' || parsed.profiles === null) {
    throw new AppError('CLIENT_CREDENTIALS_INVALID', `${path} is not a version ${CREDENTIALS_FILE_VERSION} credentials file`, { path });
  }
  const profiles: Record<string, Credentials> = {};
  for (const [name, value] of Object.entries(parsed.profiles)) {
    const { url, apiKey } = (value ?? {}) as Partial<Credentials>;
    if (typeof url !== 'string' || typeof apiKey !== 'string') throw new AppError('CLIENT_CREDENTIALS_INVALID', `Profile ${name} in ${path} lacks its url or apiKey`, { path, profile: name });
    profiles[name] = { url, apiKey };
  }
  return profiles;
}

/** Stores one profile (replacing it), keeping the others; the file is rewritten atomically with mode 0600. */
export async function saveProfile(path: string, name: string, credentials: Credentials): Promise<void> {
  const profiles = { ...(await readCredentials(path)), [checkProfileName(name)]: { url: credentials.url, apiKey: credentials.apiKey } };
  await writeProfiles(path, profiles);
}

/** Removes one profile; the file goes when it was the last. Returns whether the profile existed. */
export async function removeProfile(path: string, name: string): Promise<boolean> {
  const profiles: Record<string, Credentials> = { ...(await readCredentials(path)) };
  if (!Object.hasOwn(profiles, name)) return false;
  delete profiles[name];
  if (Object.keys(profiles).length === 0) {
    await rm(path, { force: true });
    return true;
  }
  await writeProfiles(path, profiles);
  return true;
}

async function writeProfiles(path: string, profiles: CredentialsFile): Promise<void> {
  const text = `${JSON.stringify({ version: CREDENTIALS_FILE_VERSION, profiles }, null, 2)}\n`;
  try {
    await writeFileAtomic(path, text, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    throw new AppError('CLIENT_CREDENTIALS_WRITE_FAILED', `Cannot write ${path} (${code})`, { path, code }, { cause: err });
  }
}
