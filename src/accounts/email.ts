// Email addresses are identities: stored trimmed and lower-case so that Ada@Example.com and
// ada@example.com are one user.
import { AppError } from '../errors/app-error.js';

// Deliberately loose (one @, no spaces, a dot in the domain): the verification email is the real check.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The address trimmed and lower-cased; EMAIL_INVALID when it is not name@domain of at most 254 characters. */
export function normalizeEmail(raw: unknown): string {
  const email = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (email.length > 254 || !EMAIL.test(email)) throw new AppError('EMAIL_INVALID', `${JSON.stringify(raw)} is not an email address`, { field: 'email' });
  return email;
}
