// The web server's tables. Times are BIGINT milliseconds since 1970-01-01 UTC and flags are 0/1
// INTEGERs, one portable type on both dialects; hashes and indicia are BLOB/BYTEA.
// Ids 201–299 belong to the web server, so that other parts' migrations can share one database.
import { ACCOUNTS_MIGRATION } from '../accounts/accounts.migration.js';
import { BILLING_MIGRATION } from '../billing/billing.migration.js';
import type { Dialect, Migration } from '../db/database.js';
import { MEDIA_MIGRATION } from '../media/media.migration.js';
import { REFUNDS_MIGRATION } from '../refunds/refunds.migration.js';

/** The SQL of the first web migration with the dialect's binary type and byte-length function. */
function webTables(binary: string, byteLength: string): string {
  return `
CREATE TABLE processing_servers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('enabled', 'draining', 'removed')),
  healthy INTEGER NOT NULL CHECK (healthy IN (0, 1)),
  last_health_check_at_ms BIGINT,
  -- Round-robin order: servers are taken by ascending position, then id.
  position BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- The first characters of the key, shown to people so that they can tell keys apart.
  prefix TEXT NOT NULL,
  -- SHA-256 of the whole key: the key is 32 random bytes, so a fast hash cannot be brute-forced.
  secret_hash ${binary} NOT NULL UNIQUE CHECK (${byteLength}(secret_hash) = 32),
  created_at_ms BIGINT NOT NULL,
  revoked_at_ms BIGINT
);

CREATE TABLE purchases (
  id TEXT PRIMARY KEY,
  api_key_id TEXT NOT NULL REFERENCES api_keys (id),
  idempotency_key TEXT NOT NULL,
  request_hash ${binary} NOT NULL CHECK (${byteLength}(request_hash) = 32),
  state TEXT NOT NULL CHECK (state IN ('pending', 'completed', 'failed')),
  -- The server that holds (or may hold) the request ids; NULL while no server may have received them.
  server_id TEXT REFERENCES processing_servers (id),
  -- JSON array of the DispenseItems sent (request ids included), reused verbatim on every retry.
  items_json TEXT NOT NULL,
  item_count INTEGER NOT NULL CHECK (item_count BETWEEN 1 AND 1000),
  -- Who is working on the purchase, until when: a second request with the same key waits its turn.
  lease_token TEXT,
  lease_until_ms BIGINT,
  response_status INTEGER,
  response_json TEXT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE (api_key_id, idempotency_key)
);
CREATE INDEX purchases_by_state ON purchases (state, updated_at_ms);

CREATE TABLE stamps (
  id TEXT PRIMARY KEY,
  purchase_id TEXT NOT NULL REFERENCES purchases (id),
  -- Position of the stamp in its purchase, from 0.
  item_index INTEGER NOT NULL,
  server_id TEXT NOT NULL,
  psd_id BIGINT NOT NULL,
  piece_count BIGINT NOT NULL,
  indicium ${binary} NOT NULL CHECK (${byteLength}(indicium) = 117),
  api_key_id TEXT NOT NULL REFERENCES api_keys (id),
  dispensed_at_ms BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  UNIQUE (psd_id, piece_count)
);
-- Paging newest first: (created_at_ms, id) descending within one key.
CREATE INDEX stamps_by_owner ON stamps (api_key_id, created_at_ms, id);
`;
}

const SQL: Readonly<Record<Dialect, string>> = {
  sqlite: webTables('BLOB', 'length'),
  postgres: webTables('BYTEA', 'octet_length'),
};

// Purchases and stamps belong to an account (history, isolation, refunds); the stamp's postage, rate
// category and medium are kept in columns so that lists can be filtered without decoding indicia.
// Rows written before accounts existed keep NULL.
const ACCOUNT_COLUMNS = `
ALTER TABLE purchases ADD COLUMN account_id TEXT;
ALTER TABLE purchases ADD COLUMN user_id TEXT;
ALTER TABLE purchases ADD COLUMN total_mills BIGINT;
ALTER TABLE stamps ADD COLUMN account_id TEXT;
ALTER TABLE stamps ADD COLUMN postage_mills BIGINT;
ALTER TABLE stamps ADD COLUMN rate_category INTEGER;
ALTER TABLE stamps ADD COLUMN medium_serial BIGINT;
ALTER TABLE stamps ADD COLUMN medium_slot INTEGER;
CREATE INDEX purchases_by_account ON purchases (account_id, created_at_ms, id);
CREATE INDEX stamps_by_account ON stamps (account_id, created_at_ms, id);
`;

/** The web server's migrations, in id order; applied at start by main.ts. */
export const WEB_MIGRATIONS: readonly Migration[] = Object.freeze([
  { id: 201, name: 'web: processing servers, api keys, purchases, stamps', sql: SQL },
  // The customer side (docs/customers.md): each part keeps its migration beside its code.
  ACCOUNTS_MIGRATION,
  BILLING_MIGRATION,
  MEDIA_MIGRATION,
  REFUNDS_MIGRATION,
  { id: 206, name: 'web: purchases and stamps by account', sql: { sqlite: ACCOUNT_COLUMNS, postgres: ACCOUNT_COLUMNS } },
]);
