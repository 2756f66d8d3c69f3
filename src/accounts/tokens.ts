// Random tokens handed to people (session cookies, email links, CSRF tokens): 32 random bytes in
// base64url. Only their SHA-256 is stored, which is enough since the token cannot be guessed.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new random token: 32 bytes, base64url (43 characters). */
export function newToken(random: (n: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

/** SHA-256 of a token, as stored. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Compares two strings in constant time (for equal lengths; a length difference answers false at once). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True for a string shaped like a token of newToken (43 base64url characters). */
export function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
