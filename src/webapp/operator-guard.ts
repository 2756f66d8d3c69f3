// Who may use the operator console: a browser holding a valid session cookie, and for every POST also
// the session's CSRF token in X-CSRF-Token. The cookie is HttpOnly (scripts cannot read it) and
// SameSite=Strict (other sites cannot send it); the CSRF token is a second, independent proof that the
// request comes from a page this server rendered.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseCookies, serializeCookie } from './cookies.js';
import type { IssuedSession, OperatorSession, OperatorSessions } from './operator-session.js';
import { webappError } from './webapp-error.js';

/** The session cookie's name and path: it is sent to the console's pages and API only. */
export const OPERATOR_COOKIE = 'indicia_operator';
export const OPERATOR_COOKIE_PATH = '/operator';
/** The header carrying the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Kept per request in a WeakMap rather than as a request decoration, so that no request type changes.
const sessions = new WeakMap<FastifyRequest, OperatorSession>();

/** Checks sessions and CSRF tokens of requests, and writes the session cookie. */
export class OperatorGuard {
  // Sessions logged out before they expired, by id (until their expiry). The cookie is stateless, so
  // this is what makes logging out end the session on this web server even if the cookie was copied.
  private readonly ended = new Map<string, number>();

  constructor(
    private readonly sessions: OperatorSessions,
    private readonly nowMs: () => number,
  ) {}

  /** The valid session of the request's cookie, or null. */
  sessionOf(request: FastifyRequest): OperatorSession | null {
    const session = this.sessions.verify(parseCookies(request.headers.cookie).get(OPERATOR_COOKIE), this.nowMs());
    return session === null || this.ended.has(session.id) ? null : session;
  }

  /** onRequest hook of the API: OPERATOR_SESSION_REQUIRED without a session, OPERATOR_CSRF_INVALID for a POST without its token. */
  readonly requireSession = async (request: FastifyRequest): Promise<void> => {
    const session = this.sessionOf(request);
    if (session === null) throw webappError('OPERATOR_SESSION_REQUIRED');
    if (UNSAFE.has(request.method) && !this.sessions.csrfMatches(session, headerOf(request, CSRF_HEADER))) {
      throw webappError('OPERATOR_CSRF_INVALID', `A ${request.method} to the operator console needs the session's CSRF token in the ${CSRF_HEADER} header`, { header: CSRF_HEADER });
    }
    sessions.set(request, session);
  };

  /** The CSRF token of the request's session (after requireSession, or for a page with a session). */
  csrfTokenOf(session: OperatorSession): string {
    return this.sessions.csrfTokenOf(session);
  }

  /** Refuses a login without the login form's CSRF token (OPERATOR_CSRF_INVALID) or with a wrong token (OPERATOR_TOKEN_INVALID). */
  checkLogin(request: FastifyRequest, token: string): void {
    if (!this.sessions.loginCsrfMatches(headerOf(request, CSRF_HEADER), this.nowMs())) {
      throw webappError('OPERATOR_CSRF_INVALID', `Logging in needs the login page's CSRF token in the ${CSRF_HEADER} header; reload the login page`, { header: CSRF_HEADER });
    }
    if (!this.sessions.tokenMatches(token)) throw webappError('OPERATOR_TOKEN_INVALID');
  }

  /** A login CSRF token for a login form rendered now. */
  loginCsrfToken(): string {
    return this.sessions.loginCsrfToken(this.nowMs());
  }

  /** Starts a session: sets its cookie on `reply`. */
  startSession(request: FastifyRequest, reply: FastifyReply): IssuedSession {
    // One reading of the clock for the session and its cookie: reading it twice made Max-Age a second
    // short whenever a millisecond passed between the two.
    const now = this.nowMs();
    const issued = this.sessions.issue(now);
    const maxAge = Math.floor((issued.session.expiresAtMs - now) / 1000);
    reply.header('set-cookie', serializeCookie(OPERATOR_COOKIE, issued.cookieValue, cookieOptions(request, maxAge)));
    return issued;
  }

  /** Ends the browser's session: an expired, empty cookie replaces it. */
  endSession(request: FastifyRequest, reply: FastifyReply): void {
    const session = this.sessionOf(request);
    const now = this.nowMs();
    for (const [id, expires] of this.ended) if (expires <= now) this.ended.delete(id);
    if (session !== null) this.ended.set(session.id, session.expiresAtMs);
    reply.header('set-cookie', serializeCookie(OPERATOR_COOKIE, '', cookieOptions(request, 0)));
  }
}

function cookieOptions(request: FastifyRequest, maxAgeSeconds: number) {
  // Secure whenever the browser reached us over https (directly or, with trustProxy, through a proxy).
  return { path: OPERATOR_COOKIE_PATH, maxAgeSeconds, secure: request.protocol === 'https', sameSite: 'Strict', httpOnly: true } as const;
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' ? v : undefined;
}
