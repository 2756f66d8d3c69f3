// The scanning service's tables in the authority's database (migration 2): the first sighting of
// every indicium (spec §8 rule 6, kept across restarts and shared by every scanner), the log of every
// scan, and the stamps the vendor refunded. All three are append-only. Times are epoch milliseconds.
import type { Dialect, Migration } from '../../db/database.js';
import { appendOnlyTriggers } from '../append-only.js';

const TABLES = ['authority_sightings', 'authority_scans', 'authority_refunds'] as const;

// SQLite's auto-increment key must be spelled INTEGER PRIMARY KEY; elsewhere BIGINT reads the same on both.
const SERIAL: Record<Dialect, string> = {
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  postgres: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
};
const BYTES: Record<Dialect, string> = { sqlite: 'BLOB', postgres: 'BYTEA' };
const UINT32 = 'BETWEEN 0 AND 4294967295';

function tables(d: Dialect): string {
  return `
-- One row per (license number, PSD id, piece count) ever seen passing rules 1 to 5. The primary key is
-- what decides rule 6: of two scans of one indicium at the same moment, on any scanner, exactly one
-- inserts the row and the other hits the unique constraint.
CREATE TABLE authority_sightings (
  license_number BIGINT NOT NULL CHECK (license_number ${UINT32}),
  psd_id BIGINT NOT NULL CHECK (psd_id ${UINT32}),
  piece_count BIGINT NOT NULL CHECK (piece_count ${UINT32}),
  first_seen_at_ms BIGINT NOT NULL,
  scanner_id TEXT,
  PRIMARY KEY (license_number, psd_id, piece_count)
);

-- Every scan: one row per symbol read, or one row with no bytes when nothing could be read.
CREATE TABLE authority_scans (
  scan_id ${SERIAL[d]},
  scanned_at_ms BIGINT NOT NULL,
  scanner_id TEXT,
  role TEXT NOT NULL CHECK (role IN ('scanner', 'operator')),
  request_id TEXT NOT NULL,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('hex', 'base64', 'bytes', 'png', 'pdf')),
  source TEXT NOT NULL,
  indicium ${BYTES[d]},
  status TEXT NOT NULL CHECK (status IN ('valid', 'invalid', 'duplicate', 'refunded', 'unreadable')),
  rule INTEGER CHECK (rule BETWEEN 1 AND 6),
  reason TEXT NOT NULL,
  license_number BIGINT,
  psd_id BIGINT,
  piece_count BIGINT,
  CHECK ((status IN ('valid', 'unreadable')) = (rule IS NULL)),
  CHECK ((status = 'unreadable') = (indicium IS NULL))
);
CREATE INDEX authority_scans_triple ON authority_scans (license_number, psd_id, piece_count);

-- Stamps whose postage the vendor gave back: a later scan of one is not valid.
CREATE TABLE authority_refunds (
  license_number BIGINT NOT NULL CHECK (license_number ${UINT32}),
  psd_id BIGINT NOT NULL REFERENCES authority_psds (psd_id),
  piece_count BIGINT NOT NULL CHECK (piece_count BETWEEN 1 AND 4294967295),
  refunded_at_ms BIGINT NOT NULL,
  PRIMARY KEY (license_number, psd_id, piece_count)
);
`;
}

// Nothing here is corrected in place; authority_append_only() is migration 1's PostgreSQL function.
function appendOnly(d: Dialect): string {
  return appendOnlyTriggers(d, TABLES);
}

/** Migration 2 of the authority's database: sightings, scans and refunds. */
export const SCANNING_MIGRATION: Migration = {
  id: 2,
  name: 'authority scanning: sightings, scans, refunds',
  sql: { sqlite: tables('sqlite') + appendOnly('sqlite'), postgres: tables('postgres') + appendOnly('postgres') },
};
