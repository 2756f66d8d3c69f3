// Every read and write of the api_keys table.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asBuffer, asString, orNull } from '../db/row-values.js';

/** An API key as stored: never the key itself, only its prefix and hash. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  /** The first characters of the key, for people to tell keys apart. */
  readonly prefix: string;
  readonly createdAtMs: number;
  /** When it was revoked, or null while it is valid. */
  readonly revokedAtMs: number | null;
}

/** A new key's row. */
export interface NewApiKey extends ApiKeyRecord {
  /** SHA-256 of the whole key, 32 bytes. */
  readonly secretHash: Buffer;
}

const COLUMNS = 'id, name, prefix, created_at_ms, revoked_at_ms';

/** Reads and writes API keys. */
export class ApiKeyRepository {
  constructor(private readonly db: Queryable) {}

  /** Stores a new key. */
  async insert(key: NewApiKey): Promise<void> {
    await this.db.execute(
      'INSERT INTO api_keys (id, name, prefix, secret_hash, created_at_ms, revoked_at_ms) VALUES (?, ?, ?, ?, ?, ?)',
      [key.id, key.name, key.prefix, key.secretHash, key.createdAtMs, key.revokedAtMs],
    );
  }

  /** The key whose SHA-256 is `secretHash`, revoked or not; null when none. */
  async findByHash(secretHash: Buffer): Promise<ApiKeyRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = ?`, [secretHash]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** The key with that id; null when none. */
  async findById(id: string): Promise<ApiKeyRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM api_keys WHERE id = ?`, [id]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Marks the key revoked at `atMs` (keeping the first revocation time); false when no such key. */
  async revoke(id: string, atMs: number): Promise<boolean> {
    const { changes } = await this.db.execute('UPDATE api_keys SET revoked_at_ms = COALESCE(revoked_at_ms, ?) WHERE id = ?', [atMs, id]);
    return changes > 0;
  }

  /** Every key, oldest first. */
  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at_ms, id`);
    return rows.map(toRecord);
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
  };
}
