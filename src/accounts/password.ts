// Passwords: scrypt (node:crypto) with a fresh random salt per password. The cost parameters are stored
// with each hash, so they can be raised later without invalidating stored passwords, and comparisons
// are constant-time.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../errors/app-error.js';

/** Shortest password accepted. */
export const PASSWORD_MIN_LENGTH = 10;
/** Longest password accepted (a bound on the work an attacker can make the server do). */
export const PASSWORD_MAX_LENGTH = 200;

/** scrypt cost parameters: N (CPU and memory cost, a power of two), r (block size), p (parallelism). */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** The parameters new passwords are hashed with: N = 2^15, r = 8 (32 MiB, about 50-100 ms on a server core). */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; allow that plus a margin rather than Node's 32 MiB default.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Refuses a password outside 10-200 characters (PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG). */
export function checkPasswordRules(password: string): void {
  // Characters, not UTF-16 units: an emoji counts once.
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw new AppError('PASSWORD_TOO_SHORT', undefined, { minLength: PASSWORD_MIN_LENGTH });
  if (length > PASSWORD_MAX_LENGTH) throw new AppError('PASSWORD_TOO_LONG', undefined, { maxLength: PASSWORD_MAX_LENGTH });
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (salt and hash in base64url). Checks the length rules first. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  checkPasswordRules(password);
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Parses a stored hash; null when it is not of the scrypt$… form (then no password matches it). */
export function parsePasswordHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((v) => Number.isSafeInteger(v) && v > 0)) return null;
  return { params: { N, r, p }, salt: Buffer.from(parts[4]!, 'base64url'), key: Buffer.from(parts[5]!, 'base64url') };
}

/** True when `password` matches `stored`, compared in constant time with the parameters stored in the hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  // An over-long password is never a stored one; refusing it early bounds the work per attempt.
  if (parsed === null || parsed.key.length !== KEY_BYTES || [...password].length > PASSWORD_MAX_LENGTH) return false;
  const key = await scrypt(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when a stored hash was made with weaker parameters than `current` and should be re-hashed at the next login. */
export function needsRehash(stored: string, current: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parsePasswordHash(stored);
  return parsed === null || parsed.params.N < current.N || parsed.params.r < current.r || parsed.params.p < current.p;
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification against a throw-away hash, so that a login for an unknown email
 * (or an invited user without a password) takes as long as a wrong password and reveals nothing.
 */
export async function burnPasswordCheck(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<void> {
  dummy ??= hashPassword('not-a-password-of-anyone', params);
  await verifyPassword(password, await dummy);
}
