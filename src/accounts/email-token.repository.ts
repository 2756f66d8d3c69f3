// Every read and write of the email_tokens table: the tokens of verification and invitation links,
// stored as SHA-256 hashes and used once.
import type { Queryable } from '../db/database.js';
import { asBigInt, asString, orNull } from '../db/row-values.js';

/** What an emailed token is for. */
export type EmailTokenPurpose = 'verify' | 'invite';

/** An emailed token as stored. */
export interface EmailTokenRecord {
  readonly userId: string;
  readonly purpose: EmailTokenPurpose;
  readonly createdAtMs: number;
  readonly expiresAtMs: number;
  readonly usedAtMs: number | null;
}

/** Reads and writes emailed tokens. */
export class EmailTokenRepository {
  constructor(private readonly db: Queryable) {}

  /** Stores a new token. */
  async insert(tokenHash: Buffer, t: Omit<EmailTokenRecord, 'usedAtMs'>): Promise<void> {
    await this.db.execute(
      'INSERT INTO email_tokens (token_hash, user_id, purpose, created_at_ms, expires_at_ms, used_at_ms) VALUES (?, ?, ?, ?, ?, NULL)',
      [tokenHash, t.userId, t.purpose, t.createdAtMs, t.expiresAtMs],
    );
  }

  /** The token with that hash, or null. */
  async find(tokenHash: Buffer): Promise<EmailTokenRecord | null> {
    const rows = await this.db.query('SELECT user_id, purpose, created_at_ms, expires_at_ms, used_at_ms FROM email_tokens WHERE token_hash = ?', [tokenHash]);
    const r = rows[0];
    if (r === undefined) return null;
    const used = orNull(asBigInt)(r.used_at_ms, 'email_tokens.used_at_ms');
    return {
      userId: asString(r.user_id, 'email_tokens.user_id'),
      purpose: asString(r.purpose, 'email_tokens.purpose') as EmailTokenPurpose,
      createdAtMs: Number(asBigInt(r.created_at_ms, 'email_tokens.created_at_ms')),
      expiresAtMs: Number(asBigInt(r.expires_at_ms, 'email_tokens.expires_at_ms')),
      usedAtMs: used === null ? null : Number(used),
    };
  }

  /** Marks the token used unless it already was: true for the one caller that used it. */
  async use(tokenHash: Buffer, nowMs: number): Promise<boolean> {
    const { changes } = await this.db.execute('UPDATE email_tokens SET used_at_ms = ? WHERE token_hash = ? AND used_at_ms IS NULL', [nowMs, tokenHash]);
    return changes === 1;
  }

  /** When the user's latest token of that purpose was made, or null. */
  async latestCreatedAt(userId: string, purpose: EmailTokenPurpose): Promise<number | null> {
    const rows = await this.db.query('SELECT MAX(created_at_ms) AS t FROM email_tokens WHERE user_id = ? AND purpose = ?', [userId, purpose]);
    const t = orNull(asBigInt)(rows[0]?.t, 'email_tokens.created_at_ms');
    return t === null ? null : Number(t);
  }
}
