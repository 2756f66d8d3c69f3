// Browser sessions: a random token in an HttpOnly cookie, stored only as its SHA-256, with a CSRF token
// beside it. A session ends after `idleMs` without use or `absoluteMs` after login, whichever comes first,
// or when the user logs out or is removed. Lookups are cached for `cacheMs` (every request of a browser
// goes through here); a session revoked on another web server therefore ends there within that time.
import { AppError } from '../errors/app-error.js';
import { newId as defaultNewId } from '../web/ids.js';
import type { Role } from './principal.js';
import type { SessionRepository, SessionRow } from './session.repository.js';
import { hashToken, looksLikeToken, newToken } from './tokens.js';

/** Lifetimes and cache of sessions. */
export interface SessionOptions {
  /** A session unused this long has ended (default 12 hours). */
  readonly idleMs: number;
  /** A session this old has ended, used or not (default 7 days). */
  readonly absoluteMs: number;
  /** How long a looked-up session is trusted from memory (default 5 s; 0 = ask the database every time). */
  readonly cacheMs: number;
  /** last_seen is written at most this often per session (default 60 s), not on every request. */
  readonly touchEveryMs: number;
}

/** The defaults of the issue: idle 12 h, absolute 7 days. */
export const DEFAULT_SESSION_OPTIONS: SessionOptions = Object.freeze({ idleMs: 12 * 3_600_000, absoluteMs: 7 * 86_400_000, cacheMs: 5_000, touchEveryMs: 60_000 });

/** A new session: the token goes into the cookie, the CSRF token to the page. */
export interface NewSessionTokens {
  readonly sessionId: string;
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAtMs: number;
}

/** A current session with its user. */
export interface ActiveSession {
  readonly sessionId: string;
  readonly userId: string;
  readonly accountId: string;
  readonly role: Role;
  readonly csrfToken: string;
  /** The user's browser credential: the session's idempotency scope. */
  readonly credentialId: string;
  readonly expiresAtMs: number;
}

interface CacheEntry {
  readonly row: SessionRow;
  lastSeenAtMs: number;
  readonly untilMs: number;
}

const MAX_CACHED = 10_000;

/** Creates, looks up (cached) and ends sessions. */
export class SessionService {
  private readonly cache = new Map<string, CacheEntry>();
  readonly options: SessionOptions;
  private readonly nowMs: () => number;
  private readonly newId: () => string;

  constructor(
    private readonly repo: SessionRepository,
    options: Partial<SessionOptions> & { nowMs?: () => number; newId?: () => string } = {},
  ) {
    this.options = { ...DEFAULT_SESSION_OPTIONS, ...dropUndefined(options) };
    this.nowMs = options.nowMs ?? Date.now;
    this.newId = options.newId ?? defaultNewId;
  }

  /** Starts a session for the user. */
  async create(userId: string): Promise<NewSessionTokens> {
    const now = this.nowMs();
    const token = newToken();
    const csrfToken = newToken();
    const sessionId = this.newId();
    const expiresAtMs = now + this.options.absoluteMs;
    await this.repo.insert({ id: sessionId, userId, tokenHash: hashToken(token), csrfToken, createdAtMs: now, expiresAtMs });
    return { sessionId, token, csrfToken, expiresAtMs };
  }

  /** The session of a cookie token; SESSION_INVALID (unknown, revoked, user removed) or SESSION_EXPIRED. */
  async resolve(token: string): Promise<ActiveSession> {
    if (!looksLikeToken(token)) throw new AppError('SESSION_INVALID');
    const hash = hashToken(token);
    const key = hash.toString('base64');
    const now = this.nowMs();
    let entry = this.cache.get(key);
    if (entry === undefined || entry.untilMs <= now) {
      const row = await this.repo.findByTokenHash(hash);
      if (row === null) {
        this.cache.delete(key);
        throw new AppError('SESSION_INVALID');
      }
      entry = { row, lastSeenAtMs: Math.max(row.lastSeenAtMs, entry?.lastSeenAtMs ?? 0), untilMs: now + this.options.cacheMs };
      if (this.options.cacheMs > 0) this.remember(key, entry);
    }
    const { row } = entry;
    if (row.revokedAtMs !== null || row.userDisabled || row.browserCredentialId === null) throw new AppError('SESSION_INVALID');
    if (now >= row.expiresAtMs || now >= entry.lastSeenAtMs + this.options.idleMs) {
      this.cache.delete(key);
      throw new AppError('SESSION_EXPIRED');
    }
    if (now - entry.lastSeenAtMs >= this.options.touchEveryMs) {
      entry.lastSeenAtMs = now;
      await this.repo.touch(row.id, now);
    }
    return {
      sessionId: row.id,
      userId: row.userId,
      accountId: row.accountId,
      role: row.role,
      csrfToken: row.csrfToken,
      credentialId: row.browserCredentialId,
      expiresAtMs: row.expiresAtMs,
    };
  }

  /** Ends the session of a cookie token (logout); an unknown token is ignored. */
  async revokeToken(token: string): Promise<void> {
    if (!looksLikeToken(token)) return;
    const hash = hashToken(token);
    this.cache.delete(hash.toString('base64'));
    const row = await this.repo.findByTokenHash(hash);
    if (row !== null) await this.repo.revoke(row.id, this.nowMs());
  }

  /** Ends every session of a user (removed from the account). */
  async revokeAllOfUser(userId: string): Promise<void> {
    await this.repo.revokeAllOfUser(userId, this.nowMs());
    for (const [k, v] of this.cache) if (v.row.userId === userId) this.cache.delete(k);
  }

  /** Forgets cached sessions of a user whose role or state changed here. */
  forgetUser(userId: string): void {
    for (const [k, v] of this.cache) if (v.row.userId === userId) this.cache.delete(k);
  }

  private remember(key: string, entry: CacheEntry): void {
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, entry);
  }
}

function dropUndefined<T extends object>(o: T): Partial<SessionOptions> {
  const out: Record<string, unknown> = {};
  for (const k of ['idleMs', 'absoluteMs', 'cacheMs', 'touchEveryMs'] as const) {
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as Partial<SessionOptions>;
}
