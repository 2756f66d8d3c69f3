// Migration 202: accounts, their users, browser sessions, emailed tokens, the outbox of mail, and the
// owner of every API key. Times are BIGINT milliseconds; token hashes are SHA-256 (32 bytes) of random
// tokens, so a leaked table gives no usable token.
import type { Dialect, Migration } from '../db/database.js';

function accountTables(binary: string, byteLength: string): string {
  return `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
  -- The postal address of the account (the sender of its mail); all NULL until an owner sets it.
  address_name TEXT,
  address_street TEXT,
  address_city TEXT,
  address_state TEXT,
  -- Text, not integers: ZIP codes keep their leading zeros.
  address_zip5 TEXT,
  address_zip4 TEXT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
  -- scrypt$N$r$p$salt$hash; NULL for an invited user who has not chosen a password yet.
  password_hash TEXT,
  role TEXT NOT NULL CHECK (role IN ('owner', 'member')),
  email_verified_at_ms BIGINT,
  -- Set when an owner removes the user: the row stays, for the purchases and keys it made.
  disabled_at_ms BIGINT,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX users_by_account ON users (account_id, created_at_ms);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  token_hash ${binary} NOT NULL UNIQUE CHECK (${byteLength}(token_hash) = 32),
  csrf_token TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  -- Absolute end; the idle end is last_seen_at_ms + the idle timeout.
  expires_at_ms BIGINT NOT NULL,
  last_seen_at_ms BIGINT NOT NULL,
  revoked_at_ms BIGINT
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE email_tokens (
  token_hash ${binary} PRIMARY KEY CHECK (${byteLength}(token_hash) = 32),
  user_id TEXT NOT NULL REFERENCES users (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'invite')),
  created_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  used_at_ms BIGINT
);
CREATE INDEX email_tokens_by_user ON email_tokens (user_id, purpose, created_at_ms);

-- The mail the system would send. There is no mail server: the operator (indicia outbox) and tests read it.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL
);
CREATE INDEX outbox_by_recipient ON outbox (to_address, created_at_ms);

-- Every key belongs to an account and the user who made it; rows made before accounts keep NULL and
-- are refused by verification. 'browser' keys are the hidden idempotency scope of a user's sessions.
ALTER TABLE api_keys ADD COLUMN account_id TEXT REFERENCES accounts (id);
ALTER TABLE api_keys ADD COLUMN user_id TEXT REFERENCES users (id);
ALTER TABLE api_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'browser'));
CREATE INDEX api_keys_by_account ON api_keys (account_id, created_at_ms);
CREATE UNIQUE INDEX api_keys_one_browser_per_user ON api_keys (user_id) WHERE kind = 'browser';
`;
}

const SQL: Readonly<Record<Dialect, string>> = {
  sqlite: accountTables('BLOB', 'length'),
  postgres: accountTables('BYTEA', 'octet_length'),
};

/** Migration 202 of the web database: accounts, users, sessions, email tokens, outbox, owners of API keys. */
export const ACCOUNTS_MIGRATION: Migration = Object.freeze({ id: 202, name: 'web: accounts, users, sessions, email tokens, outbox', sql: SQL });
