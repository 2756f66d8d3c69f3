// Operator sessions without server-side state: the cookie holds its expiry and a random id, signed with
// HMAC-SHA256 under a key derived from the operator token. Every web server of an installation that
// shares the token accepts the others' cookies, and changing the token ends every session at once.
// The CSRF token of a session is another HMAC of the session id, so it needs no storage either.
// Pure apart from randomness (injectable): no I/O, no clock of its own.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A verified session. */
export interface OperatorSession {
  /** Random id of the session (base64url). */
  readonly id: string;
  readonly expiresAtMs: number;
}

/** A new session, its cookie value and its CSRF token. */
export interface IssuedSession {
  readonly session: OperatorSession;
  readonly cookieValue: string;
  readonly csrfToken: string;
}

const LOGIN_CSRF_MS = 60 * 60 * 1000;

/** Issues and checks operator session cookies and CSRF tokens. */
export class OperatorSessions {
  private readonly key: Buffer;
  private readonly tokenDigest: Buffer;

  constructor(
    operatorToken: string,
    private readonly sessionMs: number,
    private readonly random: (bytes: number) => Buffer = randomBytes,
  ) {
    // A derived key: the token itself never signs anything a browser holds.
    this.key = createHmac('sha256', operatorToken).update('indicia operator session v1').digest();
    this.tokenDigest = createHmac('sha256', this.key).update(`token:${operatorToken}`).digest();
  }

  /** True when `given` is the operator token (compared as HMAC digests in constant time). */
  tokenMatches(given: string): boolean {
    return timingSafeEqual(createHmac('sha256', this.key).update(`token:${given}`).digest(), this.tokenDigest);
  }

  /** A new session starting at `nowMs`. */
  issue(nowMs: number): IssuedSession {
    const session = { id: this.random(18).toString('base64url'), expiresAtMs: nowMs + this.sessionMs };
    const payload = `${session.id}.${session.expiresAtMs}`;
    return { session, cookieValue: `${payload}.${this.mac(`session:${payload}`)}`, csrfToken: this.csrfTokenOf(session) };
  }

  /** The session a cookie value proves, or null when it is malformed, forged or expired at `nowMs`. */
  verify(cookieValue: string | undefined, nowMs: number): OperatorSession | null {
    const m = /^([A-Za-z0-9_-]{24})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(cookieValue ?? '');
    if (m === null) return null;
    const [, id, expires, mac] = m as unknown as [string, string, string, string];
    if (!this.macMatches(`session:${id}.${expires}`, mac)) return null;
    const expiresAtMs = Number(expires);
    return expiresAtMs > nowMs ? { id, expiresAtMs } : null;
  }

  /** The CSRF token of a session. */
  csrfTokenOf(session: OperatorSession): string {
    return this.mac(`csrf:${session.id}`);
  }

  /** True when `given` is the CSRF token of `session`. */
  csrfMatches(session: OperatorSession, given: string | undefined): boolean {
    return given !== undefined && this.macMatches(`csrf:${session.id}`, given);
  }

  /**
   * A CSRF token for the login form, before any session exists: signed expiry, valid an hour. It keeps
   * another site from logging a browser into the console with a token of its choosing.
   */
  loginCsrfToken(nowMs: number): string {
    const expires = nowMs + LOGIN_CSRF_MS;
    return `${expires}.${this.mac(`login:${expires}`)}`;
  }

  /** True when `given` is an unexpired login CSRF token. */
  loginCsrfMatches(given: string | undefined, nowMs: number): boolean {
    const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(given ?? '');
    if (m === null) return false;
    return this.macMatches(`login:${m[1]}`, m[2]!) && Number(m[1]) > nowMs;
  }

  private mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  private macMatches(text: string, given: string): boolean {
    const expected = Buffer.from(this.mac(text));
    const actual = Buffer.from(given);
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
