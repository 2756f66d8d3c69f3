// The processing server's ledger tables. Money columns are BIGINT mills; times are BIGINT milliseconds
// since 1970-01-01 UTC (one portable type on both dialects); hashes and indicia are BLOB/BYTEA.
// Ids 101–199 belong to the ledger, so that other parts' migrations can share one database.
import type { Dialect, Migration } from '../db/database.js';

/** The SQL of the first ledger migration with the dialect's binary type and byte-length function. */
function ledgerTables(binary: string, byteLength: string): string {
  return `
CREATE TABLE psds (
  psd_id BIGINT PRIMARY KEY CHECK (psd_id BETWEEN 1 AND 4294967295),
  server_id TEXT NOT NULL,
  license_number BIGINT NOT NULL CHECK (license_number BETWEEN 0 AND 4294967295),
  certificate_serial BIGINT NOT NULL CHECK (certificate_serial BETWEEN 0 AND 4294967295),
  key_id TEXT NOT NULL,
  algorithm SMALLINT NOT NULL CHECK (algorithm IN (1, 2)),
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
  ascending_register BIGINT NOT NULL CHECK (ascending_register >= 0),
  descending_register BIGINT NOT NULL CHECK (descending_register >= 0),
  control_total BIGINT NOT NULL CHECK (control_total <= 1099511627775),
  piece_count BIGINT NOT NULL CHECK (piece_count BETWEEN 0 AND 4294967295),
  audit_sequence BIGINT NOT NULL CHECK (audit_sequence >= 0),
  audit_head ${binary} NOT NULL,
  last_inspection_at_ms BIGINT,
  inspection_due_at_ms BIGINT,
  provisioned_at_ms BIGINT NOT NULL,
  withdrawn_at_ms BIGINT,
  CHECK (control_total = ascending_register + descending_register)
);
CREATE INDEX psds_by_server ON psds (server_id, status);

CREATE TABLE indicium_records (
  psd_id BIGINT NOT NULL REFERENCES psds (psd_id),
  piece_count BIGINT NOT NULL CHECK (piece_count >= 1),
  request_id TEXT NOT NULL UNIQUE,
  postage BIGINT NOT NULL CHECK (postage > 0),
  ascending_register BIGINT NOT NULL,
  descending_register BIGINT NOT NULL,
  date_of_mailing INTEGER NOT NULL,
  origin_zip BIGINT NOT NULL,
  destination_zip BIGINT NOT NULL,
  rate_category INTEGER NOT NULL,
  medium_serial BIGINT NOT NULL,
  medium_slot INTEGER NOT NULL,
  software_id INTEGER NOT NULL,
  indicium ${binary} NOT NULL CHECK (${byteLength}(indicium) = 117),
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (psd_id, piece_count)
);

CREATE TABLE audit_entries (
  psd_id BIGINT NOT NULL REFERENCES psds (psd_id),
  sequence BIGINT NOT NULL CHECK (sequence >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('debit', 'reset', 'inspection', 'withdrawal')),
  ascending_register BIGINT NOT NULL,
  descending_register BIGINT NOT NULL,
  control_total BIGINT NOT NULL,
  piece_count BIGINT NOT NULL,
  amount BIGINT NOT NULL,
  reference ${binary} NOT NULL,
  created_at_ms BIGINT NOT NULL,
  hash ${binary} NOT NULL,
  PRIMARY KEY (psd_id, sequence)
);

CREATE TABLE psd_resets (
  transaction_id TEXT PRIMARY KEY,
  psd_id BIGINT NOT NULL REFERENCES psds (psd_id),
  amount BIGINT NOT NULL CHECK (amount > 0),
  old_control_total BIGINT NOT NULL CHECK (old_control_total >= 0),
  state TEXT NOT NULL CHECK (state IN ('pending', 'applied', 'refused')),
  origin TEXT NOT NULL CHECK (origin IN ('automatic', 'manual')),
  attempts INTEGER NOT NULL,
  last_error TEXT,
  authorization_signature ${binary},
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
-- At most one open reset per PSD: a second would name a control total the authority no longer holds.
CREATE UNIQUE INDEX psd_resets_one_pending ON psd_resets (psd_id) WHERE state = 'pending';
`;
}

const SQL: Readonly<Record<Dialect, string>> = {
  sqlite: ledgerTables('BLOB', 'length'),
  postgres: ledgerTables('BYTEA', 'octet_length'),
};

/** The ledger's migrations, in id order; a processing server applies them (and later parts' own) at start. */
export const LEDGER_MIGRATIONS: readonly Migration[] = Object.freeze([
  { id: 101, name: 'ledger: psds, indicium records, audit entries, resets', sql: SQL },
]);
