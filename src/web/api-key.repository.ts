// Every read and write of the api_keys table. Keys belong to an account and the user who made them
// (account_id, user_id; NULL on rows made before accounts existed); kind 'browser' marks a user's hidden
// browser credential, the idempotency scope of their sessions, which is never listed nor usable as a key.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asBuffer, asString, orNull } from '../db/row-values.js';

/** 'api': a key a user system sends as Bearer; 'browser': a user's hidden session credential. */
export type ApiKeyKind = 'api' | 'browser';

/** An API key as stored: never the key itself, only its prefix and hash. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  /** The first characters of the key, for people to tell keys apart. */
  readonly prefix: string;
  readonly createdAtMs: number;
  /** When it was revoked, or null while it is valid. */
  readonly revokedAtMs: number | null;
  /** The account the key belongs to; null for a key made before accounts existed (refused by verify). */
  readonly accountId: string | null;
  /** The user who made the key; null for a key made before accounts existed. */
  readonly userId: string | null;
  readonly kind: ApiKeyKind;
}

/** A new key's row. */
export interface NewApiKey extends ApiKeyRecord {
  /** SHA-256 of the whole key, 32 bytes. */
  readonly secretHash: Buffer;
}

/** Which keys a caller may see: an account's, or one user's of it. */
export interface ApiKeyScope {
  readonly accountId: string;
  /** Only this user's keys (a member); all of the account's when left out (an owner). */
  readonly userId?: string;
}

const COLUMNS = 'id, name, prefix, created_at_ms, revoked_at_ms, account_id, user_id, kind';

/** The WHERE clause (after "WHERE") and parameters of a scope. */
function scopeSql(scope: ApiKeyScope): { sql: string; params: string[] } {
  return scope.userId === undefined
    ? { sql: "account_id = ? AND kind = 'api'", params: [scope.accountId] }
    : { sql: "account_id = ? AND user_id = ? AND kind = 'api'", params: [scope.accountId, scope.userId] };
}

/** Reads and writes API keys. */
export class ApiKeyRepository {
  constructor(private readonly db: Queryable) {}

  /** Stores a new key. */
  async insert(key: NewApiKey, db: Queryable = this.db): Promise<void> {
    await db.execute(
      'INSERT INTO api_keys (id, name, prefix, secret_hash, created_at_ms, revoked_at_ms, account_id, user_id, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [key.id, key.name, key.prefix, key.secretHash, key.createdAtMs, key.revokedAtMs, key.accountId, key.userId, key.kind],
    );
  }

  /** The key whose SHA-256 is `secretHash`, revoked or not; null when none. */
  async findByHash(secretHash: Buffer): Promise<ApiKeyRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = ?`, [secretHash]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** The key with that id (within `scope` when given); null when none. */
  async findById(id: string, scope?: ApiKeyScope): Promise<ApiKeyRecord | null> {
    if (scope === undefined) {
      const rows = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`, [id]);
      return rows[0] === undefined ? null : toRecord(rows[0]);
    }
    const s = scopeSql(scope);
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = ? AND ${s.sql}`, [id, ...s.params]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** The user's browser credential, or null. */
  async findBrowserKey(userId: string): Promise<ApiKeyRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE user_id = ? AND kind = 'browser'`, [userId]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Marks the key revoked at `atMs` (keeping the first revocation time), within `scope` when given; false when no such key. */
  async revoke(id: string, atMs: number, scope?: ApiKeyScope): Promise<boolean> {
    if (scope === undefined) {
      const { changes } = await this.db.execute('UPDATE api_keys SET revoked_at_ms = COALESCE(revoked_at_ms, ?) WHERE id = ?', [atMs, id]);
      return changes > 0;
    }
    const s = scopeSql(scope);
    const { changes } = await this.db.execute(`UPDATE api_keys SET revoked_at_ms = COALESCE(revoked_at_ms, ?) WHERE id = ? AND ${s.sql}`, [atMs, id, ...s.params]);
    return changes > 0;
  }

  /** Revokes every 'api' key a user made (when the user is removed); returns their ids. */
  async revokeAllOfUser(userId: string, atMs: number, db: Queryable = this.db): Promise<string[]> {
    const rows = await db.query("SELECT id FROM api_keys WHERE user_id = ? AND kind = 'api' AND revoked_at_ms IS NULL", [userId]);
    await db.execute("UPDATE api_keys SET revoked_at_ms = ? WHERE user_id = ? AND kind = 'api' AND revoked_at_ms IS NULL", [atMs, userId]);
    return rows.map((r) => asString(r.id, 'api_keys.id'));
  }

  /** Every key, oldest first (the operator's view: all accounts, all kinds); within `scope`, its 'api' keys only. */
  async list(scope?: ApiKeyScope): Promise<ApiKeyRecord[]> {
    if (scope === undefined) return (await this.db.query(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at_ms, id`)).map(toRecord);
    const s = scopeSql(scope);
    return (await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE ${s.sql} ORDER BY created_at_ms, id`, s.params)).map(toRecord);
  }

  /** The stored hash of a key, for tests and audits. */
  async hashOf(id: string): Promise<Buffer | null> {
    const rows = await this.db.query('SELECT secret_hash FROM api_keys WHERE id = ?', [id]);
    return rows[0] === undefined ? null : asBuffer(rows[0].secret_hash, 'api_keys.secret_hash');
  }
}

function toRecord(row: Row): ApiKeyRecord {
  const revoked = orNull(asBigInt)(row.revoked_at_ms, 'api_keys.revoked_at_ms');
  return {
    id: asString(row.id, 'api_keys.id'),
    name: asString(row.name, 'api_keys.name'),
    prefix: asString(row.prefix, 'api_keys.prefix'),
    createdAtMs: Number(asBigInt(row.created_at_ms, 'api_keys.created_at_ms')),
    revokedAtMs: revoked === null ? null : Number(revoked),
    accountId: orNull(asString)(row.account_id, 'api_keys.account_id'),
    userId: orNull(asString)(row.user_id, 'api_keys.user_id'),
    // A database migrated before 202 has no kind column; such a key is an ordinary one.
    kind: row.kind === 'browser' ? 'browser' : 'api',
  };
}
