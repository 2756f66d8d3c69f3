// CSRF protection of browser sessions: a request authenticated by the session cookie that may change
// something (POST, PUT, PATCH, DELETE) must also carry the session's token in X-CSRF-Token, which
// another site's page cannot read. Bearer-key requests need none: a browser never adds them by itself.
import { AppError } from '../errors/app-error.js';
import { sameSecret } from './tokens.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True for the methods that must carry the CSRF token under a session. */
export function isUnsafeMethod(method: string): boolean {
  return UNSAFE.has(method.toUpperCase());
}

/** Refuses an unsafe request whose X-CSRF-Token header is missing (CSRF_TOKEN_MISSING) or wrong (CSRF_TOKEN_INVALID). */
export function checkCsrf(method: string, header: string | string[] | undefined, sessionToken: string): void {
  if (!isUnsafeMethod(method)) return;
  if (header === undefined || header === '') throw new AppError('CSRF_TOKEN_MISSING');
  if (typeof header !== 'string' || !sameSecret(header, sessionToken)) throw new AppError('CSRF_TOKEN_INVALID');
}
