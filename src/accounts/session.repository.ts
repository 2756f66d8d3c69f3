// Every read and write of the sessions table. A session is found by the SHA-256 of its cookie token,
// together with what authentication needs of its user (account, role, browser credential), in one query.
import type { Queryable } from '../db/database.js';
import { asBigInt, asString, orNull } from '../db/row-values.js';
import type { Role } from './principal.js';

/** A new session row. */
export interface NewSession {
  readonly id: string;
  readonly userId: string;
  readonly tokenHash: Buffer;
  readonly csrfToken: string;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
}

/** A session with what authentication needs of its user. */
export interface SessionRow {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  readonly lastSeenAtMs: number;
  readonly revokedAtMs: number | null;
  readonly accountId: string;
  readonly role: Role;
  readonly userDisabled: boolean;
  /** The user's hidden browser credential (api_keys row of kind 'browser'); null if it is missing. */
  readonly browserCredentialId: string | null;
}

/** Reads and writes sessions. */
export class SessionRepository {
  constructor(private readonly db: Queryable) {}

  /** Stores a new session. */
  async insert(s: NewSession): Promise<void> {
    await this.db.execute(
      'INSERT INTO sessions (id, user_id, token_hash, csrf_token, created_at_ms, expires_at_ms, last_seen_at_ms, revoked_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
      [s.id, s.userId, s.tokenHash, s.csrfToken, s.createdAtMs, s.expiresAtMs, s.createdAtMs],
    );
  }

  /** The session whose token hashes to `tokenHash`, with its user; null when none. */
  async findByTokenHash(tokenHash: Buffer): Promise<SessionRow | null> {
    const rows = await this.db.query(
      `SELECT s.id, s.user_id, s.csrf_token, s.created_at_ms, s.expires_at_ms, s.last_seen_at_ms, s.revoked_at_ms,
              u.account_id, u.role, u.disabled_at_ms, k.id AS browser_key_id
         FROM sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN api_keys k ON k.user_id = u.id AND k.kind = 'browser'
        WHERE s.token_hash = ?`,
      [tokenHash],
    );
    const r = rows[0];
    if (r === undefined) return null;
    const revoked = orNull(asBigInt)(r.revoked_at_ms, 'sessions.revoked_at_ms');
    return {
      id: asString(r.id, 'sessions.id'),
      userId: asString(r.user_id, 'sessions.user_id'),
      csrfToken: asString(r.csrf_token, 'sessions.csrf_token'),
      createdAtMs: Number(asBigInt(r.created_at_ms, 'sessions.created_at_ms')),
      expiresAtMs: Number(asBigInt(r.expires_at_ms, 'sessions.expires_at_ms')),
      lastSeenAtMs: Number(asBigInt(r.last_seen_at_ms, 'sessions.last_seen_at_ms')),
      revokedAtMs: revoked === null ? null : Number(revoked),
      accountId: asString(r.account_id, 'users.account_id'),
      role: asString(r.role, 'users.role') as Role,
      userDisabled: r.disabled_at_ms !== null && r.disabled_at_ms !== undefined,
      browserCredentialId: orNull(asString)(r.browser_key_id, 'api_keys.id'),
    };
  }

  /** Moves last_seen forward (never back). */
  async touch(id: string, nowMs: number): Promise<void> {
    await this.db.execute('UPDATE sessions SET last_seen_at_ms = ? WHERE id = ? AND last_seen_at_ms < ?', [nowMs, id, nowMs]);
  }

  /** Revokes one session. */
  async revoke(id: string, nowMs: number): Promise<void> {
    await this.db.execute('UPDATE sessions SET revoked_at_ms = COALESCE(revoked_at_ms, ?) WHERE id = ?', [nowMs, id]);
  }

  /** Revokes every session of a user (when the user is removed); returns their ids. */
  async revokeAllOfUser(userId: string, nowMs: number): Promise<string[]> {
    const rows = await this.db.query('SELECT id FROM sessions WHERE user_id = ? AND revoked_at_ms IS NULL', [userId]);
    await this.db.execute('UPDATE sessions SET revoked_at_ms = ? WHERE user_id = ? AND revoked_at_ms IS NULL', [nowMs, userId]);
    return rows.map((r) => asString(r.id, 'sessions.id'));
  }
}
