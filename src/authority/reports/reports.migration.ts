// The transaction reports' tables in the authority's database (migration 3): one row per PSD and UTC
// day with the report's header, its signature and the SHA-256 of its canonical bytes, and the report's
// pieces and resets as rows of their own so that reconciliation can join them with the sightings and
// the authority's reset records. All three are append-only. Times are epoch milliseconds.
import type { Dialect, Migration } from '../../db/database.js';
import { appendOnlyTriggers } from '../append-only.js';

const TABLES = ['authority_reports', 'authority_report_pieces', 'authority_report_resets'] as const;
const BYTES: Record<Dialect, string> = { sqlite: 'BLOB', postgres: 'BYTEA' };

function tables(d: Dialect): string {
  return `
-- One report per PSD and day (YYYY-MM-DD, UTC): the primary key makes a day reported once.
CREATE TABLE authority_reports (
  psd_id BIGINT NOT NULL REFERENCES authority_psds (psd_id),
  report_day TEXT NOT NULL CHECK (length(report_day) = 10),
  license_number BIGINT NOT NULL,
  first_piece_count BIGINT,
  last_piece_count BIGINT,
  ascending_before_mills BIGINT NOT NULL CHECK (ascending_before_mills >= 0),
  first_ascending_mills BIGINT,
  last_ascending_mills BIGINT,
  postage_total_mills BIGINT NOT NULL CHECK (postage_total_mills >= 0),
  piece_rows BIGINT NOT NULL CHECK (piece_rows >= 0),
  reset_rows BIGINT NOT NULL CHECK (reset_rows >= 0),
  content_sha256 TEXT NOT NULL CHECK (length(content_sha256) = 64),
  signature ${BYTES[d]} NOT NULL,
  received_at_ms BIGINT NOT NULL,
  request_id TEXT NOT NULL,
  PRIMARY KEY (psd_id, report_day),
  CHECK ((first_piece_count IS NULL) = (last_piece_count IS NULL)),
  CHECK ((first_piece_count IS NULL) = (first_ascending_mills IS NULL)),
  CHECK ((first_piece_count IS NULL) = (last_ascending_mills IS NULL))
);

-- The pieces as reported, in the report's order (row_index), repeated or out-of-order rows included:
-- they are evidence, and reconciliation flags them.
CREATE TABLE authority_report_pieces (
  psd_id BIGINT NOT NULL,
  report_day TEXT NOT NULL,
  row_index BIGINT NOT NULL CHECK (row_index >= 0),
  piece_count BIGINT NOT NULL,
  postage_mills BIGINT NOT NULL,
  ascending_mills BIGINT NOT NULL,
  PRIMARY KEY (psd_id, report_day, row_index),
  FOREIGN KEY (psd_id, report_day) REFERENCES authority_reports (psd_id, report_day)
);
CREATE INDEX authority_report_pieces_piece ON authority_report_pieces (psd_id, piece_count);

CREATE TABLE authority_report_resets (
  psd_id BIGINT NOT NULL,
  report_day TEXT NOT NULL,
  row_index BIGINT NOT NULL CHECK (row_index >= 0),
  transaction_id TEXT NOT NULL,
  amount_mills BIGINT NOT NULL,
  old_control_total_mills BIGINT NOT NULL,
  new_control_total_mills BIGINT NOT NULL,
  applied_at_ms BIGINT NOT NULL,
  PRIMARY KEY (psd_id, report_day, row_index),
  FOREIGN KEY (psd_id, report_day) REFERENCES authority_reports (psd_id, report_day)
);
CREATE INDEX authority_report_resets_transaction ON authority_report_resets (transaction_id);

-- Reconciliation reads the sightings and resets of a range of days.
CREATE INDEX authority_sightings_first_seen ON authority_sightings (first_seen_at_ms);
CREATE INDEX authority_resets_authorized ON authority_resets (authorized_at_ms);
`;
}

// A received report is never corrected in place; authority_append_only() is migration 1's PostgreSQL function.
function appendOnly(d: Dialect): string {
  return appendOnlyTriggers(d, TABLES);
}

/** Migration 3 of the authority's database: transaction reports, their pieces and resets. */
export const REPORTS_MIGRATION: Migration = {
  id: 3,
  name: 'authority reports: daily transaction reports, their pieces and resets',
  sql: { sqlite: tables('sqlite') + appendOnly('sqlite'), postgres: tables('postgres') + appendOnly('postgres') },
};
