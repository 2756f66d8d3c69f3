// API keys: made here, shown once, stored only as a SHA-256 hash. A key is `ik_` followed by 32 random
// bytes in base64url, so guessing one is hopeless and a fast hash is the right tool (no bcrypt needed).
// Every key belongs to an account and the user who made it. A user's 'browser' credential is an
// api_keys row too (the idempotency scope of their sessions) but its hash is of random bytes nobody
// holds, and verify refuses it anyway.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { ApiKeyKind, ApiKeyRecord, ApiKeyRepository, ApiKeyScope } from './api-key.repository.js';
import { newId as defaultNewId } from './ids.js';

/** What `create` returns: the key itself appears here and nowhere else, ever. */
export interface CreatedApiKey {
  readonly record: ApiKeyRecord;
  /** The secret to hand to the user: `ik_` + 43 base64url characters. */
  readonly secret: string;
}

/** Whose a new key is: the account and the user who makes it. */
export interface ApiKeyOwner {
  readonly accountId: string;
  readonly userId: string;
}

/** Clock, randomness and cache settings of the service. */
export interface ApiKeyServiceOptions {
  /** How long a verified key is trusted from memory (0 = ask the database every time). */
  readonly cacheMs: number;
  readonly nowMs?: () => number;
  readonly random?: (n: number) => Buffer;
  readonly newId?: () => string;
}

/** The prefix of every key, so that a leaked key is easy to recognise in logs and scanners. */
export const API_KEY_PREFIX = 'ik_';
const KEY_FORMAT = /^ik_[A-Za-z0-9_-]{43}$/;
// Characters of the key kept in clear for people: "ik_" and 7 more (42 bits, no help to a guesser).
const SHOWN_PREFIX_LENGTH = 10;
// Upper bound of cached keys, so that memory stays bounded however many keys exist.
const MAX_CACHED_KEYS = 10_000;

/** SHA-256 of a key, as stored. */
export function hashApiKey(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Creates, verifies (with a short cache), revokes and lists API keys. */
export class ApiKeyService {
  private readonly cache = new Map<string, { readonly record: ApiKeyRecord; readonly untilMs: number }>();
  private readonly nowMs: () => number;
  private readonly random: (n: number) => Buffer;
  private readonly newId: () => string;

  constructor(
    private readonly repo: ApiKeyRepository,
    private readonly options: ApiKeyServiceOptions,
  ) {
    this.nowMs = options.nowMs ?? Date.now;
    this.random = options.random ?? randomBytes;
    this.newId = options.newId ?? defaultNewId;
  }

  /**
   * Makes a new key called `name` for `owner` (an account and the user making it); the returned secret
   * is not stored and cannot be shown again. `kind` 'browser' makes a user's hidden session credential
   * (its secret is thrown away by the caller). `db` may be a transaction.
   */
  async create(name: string, owner: ApiKeyOwner, kind: ApiKeyKind = 'api', db?: Queryable): Promise<CreatedApiKey> {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > 200) {
      throw new AppError('INVALID_ARGUMENT', 'An API key name must be 1 to 200 characters', { name });
    }
    const secret = API_KEY_PREFIX + this.random(32).toString('base64url');
    const record: ApiKeyRecord = {
      id: this.newId(),
      name: trimmed,
      prefix: secret.slice(0, SHOWN_PREFIX_LENGTH),
      createdAtMs: this.nowMs(),
      revokedAtMs: null,
      accountId: owner.accountId,
      userId: owner.userId,
      kind,
    };
    await this.repo.insert({ ...record, secretHash: hashApiKey(secret) }, db);
    return { record, secret };
  }

  /**
   * The key's record when `secret` is a valid, unrevoked key of an account; API_KEY_INVALID (also for a
   * browser credential), API_KEY_REVOKED or API_KEY_NO_ACCOUNT otherwise. Answers from memory for
   * `cacheMs`: this runs on every purchase.
   */
  async verify(secret: string): Promise<ApiKeyRecord> {
    if (!KEY_FORMAT.test(secret)) {
      throw new AppError('API_KEY_INVALID', 'The API key does not have the form ik_ followed by 43 characters');
    }
    const hash = hashApiKey(secret);
    const cacheKey = hash.toString('base64');
    const now = this.nowMs();
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined && cached.untilMs > now) return cached.record;
    const record = await this.repo.findByHash(hash);
    if (record === null || record.kind === 'browser') throw new AppError('API_KEY_INVALID');
    if (record.revokedAtMs !== null) {
      this.cache.delete(cacheKey);
      throw new AppError('API_KEY_REVOKED', `The API key ${record.prefix}… was revoked`, { keyId: record.id });
    }
    if (record.accountId === null || record.userId === null) {
      throw new AppError('API_KEY_NO_ACCOUNT', `The API key ${record.prefix}… was made before accounts existed and belongs to no account`, { keyId: record.id });
    }
    if (this.options.cacheMs > 0) this.remember(cacheKey, record, now + this.options.cacheMs);
    return record;
  }

  /**
   * Revokes a key; other web servers notice within their cache time. With `scope`, only a key of that
   * account (and user) — another's is API_KEY_NOT_FOUND, exactly like a key that does not exist.
   */
  async revoke(id: string, scope?: ApiKeyScope): Promise<ApiKeyRecord> {
    if (!(await this.repo.revoke(id, this.nowMs(), scope))) {
      throw new AppError('API_KEY_NOT_FOUND', `No API key has the id ${JSON.stringify(id)}`, { id });
    }
    this.forget([id]);
    const record = await this.repo.findById(id);
    if (record === null) throw new AppError('API_KEY_NOT_FOUND', `No API key has the id ${JSON.stringify(id)}`, { id });
    return record;
  }

  /** Revokes every key a user made (when the user leaves the account); returns their ids. */
  async revokeAllOfUser(userId: string): Promise<string[]> {
    const ids = await this.repo.revokeAllOfUser(userId, this.nowMs());
    this.forget(ids);
    return ids;
  }

  /** Every key (never the secrets), oldest first; with `scope`, that account's (or user's) 'api' keys only. */
  list(scope?: ApiKeyScope): Promise<ApiKeyRecord[]> {
    return this.repo.list(scope);
  }

  /** The key with that id within `scope`; API_KEY_NOT_FOUND otherwise. */
  async get(id: string, scope: ApiKeyScope): Promise<ApiKeyRecord> {
    const record = await this.repo.findById(id, scope);
    if (record === null) throw new AppError('API_KEY_NOT_FOUND', `No API key has the id ${JSON.stringify(id)}`, { id });
    return record;
  }

  /** The user's hidden browser credential (the idempotency scope of their sessions), or null. */
  browserCredentialOf(userId: string): Promise<ApiKeyRecord | null> {
    return this.repo.findBrowserKey(userId);
  }

  private forget(ids: readonly string[]): void {
    if (ids.length === 0) return;
    const set = new Set(ids);
    for (const [k, v] of this.cache) if (set.has(v.record.id)) this.cache.delete(k);
  }

  private remember(cacheKey: string, record: ApiKeyRecord, untilMs: number): void {
    if (this.cache.size >= MAX_CACHED_KEYS) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(cacheKey, { record, untilMs });
  }
}
