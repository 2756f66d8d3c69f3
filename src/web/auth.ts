// Authentication of the public API: either `Authorization: Bearer ik_…` (an API key of an account) or
// the browser session cookie `indicia_session`, which on unsafe methods must come with X-CSRF-Token.
// Either way the request gets a Principal (src/accounts/principal.ts). The lookups behind both are
// cached (API keys for apiKeyCacheMs, sessions and roles for a few seconds): this runs on every purchase.
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE, readCookie } from '../accounts/cookies.js';
import { checkCsrf } from '../accounts/csrf.js';
import { setPrincipal, type Principal, type Role } from '../accounts/principal.js';
import type { SessionService } from '../accounts/session.service.js';
import { AppError } from '../errors/app-error.js';
import type { ApiKeyRecord } from './api-key.repository.js';
import type { ApiKeyService } from './api-key.service.js';

/** What authentication needs: keys, sessions, and the role of a key's user. */
export interface AuthenticateDeps {
  readonly apiKeys: ApiKeyService;
  readonly sessions: SessionService;
  /** The account and role of a user (AccountService.userAccess: cached). */
  readonly userAccess: (userId: string) => Promise<{ readonly accountId: string; readonly role: Role; readonly disabled: boolean }>;
}

const verified = new WeakMap<FastifyRequest, ApiKeyRecord>();
const sessionTokens = new WeakMap<FastifyRequest, { token: string; csrfToken: string }>();

/**
 * A preHandler that authenticates the request and records its Principal: a bearer key
 * (API_KEY_MISSING, API_KEY_INVALID, API_KEY_REVOKED, API_KEY_NO_ACCOUNT) or, when there is no
 * Authorization header, the session cookie (SESSION_INVALID, SESSION_EXPIRED, and on POST, PUT, PATCH
 * and DELETE CSRF_TOKEN_MISSING or CSRF_TOKEN_INVALID).
 */
export function authenticate(deps: AuthenticateDeps): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const header = request.headers.authorization;
    if (header !== undefined && header.trim() !== '') {
      await authenticateKey(deps, request, header);
      return;
    }
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (token === undefined || token === '') {
      throw new AppError('API_KEY_MISSING', 'The request has no Authorization header and no session cookie');
    }
    const session = await deps.sessions.resolve(token);
    checkCsrf(request.method, request.headers['x-csrf-token'], session.csrfToken);
    sessionTokens.set(request, { token, csrfToken: session.csrfToken });
    setPrincipal(request, { accountId: session.accountId, userId: session.userId, role: session.role, credentialId: session.credentialId, via: 'session' });
  };
}

async function authenticateKey(deps: AuthenticateDeps, request: FastifyRequest, header: string): Promise<void> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null || match[1] === undefined) {
    throw new AppError('API_KEY_INVALID', 'The Authorization header is not of the form Bearer ik_…');
  }
  const key = await deps.apiKeys.verify(match[1]);
  // verify refuses keys without account and user; these are set.
  const access = await deps.userAccess(key.userId!);
  if (access.disabled || access.accountId !== key.accountId) throw new AppError('API_KEY_REVOKED', `The API key ${key.prefix}… belongs to a user removed from the account`, { keyId: key.id });
  verified.set(request, key);
  const principal: Principal = { accountId: key.accountId!, userId: key.userId!, role: access.role, credentialId: key.id, via: 'api_key' };
  setPrincipal(request, principal);
}

/**
 * The API key of a request authenticated by a bearer key. Kept while routes move to principalOf:
 * prefer `principalOf(request).credentialId`, which also covers sessions.
 */
export function apiKeyOf(request: FastifyRequest): ApiKeyRecord {
  const key = verified.get(request);
  if (key === undefined) throw new Error(`route ${request.url} reads the API key of a request not authenticated by one (use principalOf)`);
  return key;
}

/** The session cookie token and CSRF token of a request authenticated by its session; undefined for a bearer key. */
export function sessionOf(request: FastifyRequest): { readonly token: string; readonly csrfToken: string } | undefined {
  return sessionTokens.get(request);
}

/** Checks the Idempotency-Key header: 1 to 255 visible ASCII characters (IDEMPOTENCY_KEY_MISSING, _INVALID). */
export function idempotencyKeyOf(request: FastifyRequest): string {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined || raw === '') throw new AppError('IDEMPOTENCY_KEY_MISSING');
  if (typeof raw !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(raw)) {
    throw new AppError('IDEMPOTENCY_KEY_INVALID', 'The Idempotency-Key header must be one value of 1 to 255 visible ASCII characters');
  }
  return raw;
}
