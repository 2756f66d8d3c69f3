// The postal authority's own database (never the vendor's): its one license, the PSDs registered
// under it with their certificates, the vendor's deposit as an append-only ledger of integer mills,
// the reset authorizations it signed and the inspections it received. Times are epoch milliseconds.
import type { Dialect, Migration } from '../db/database.js';
import { REPORTS_MIGRATION } from './reports/reports.migration.js';
import { SCANNING_MIGRATION } from './scanning/scanning.migration.js';
import { appendOnlyTriggers } from './append-only.js';

// SQLite's auto-increment key must be spelled INTEGER PRIMARY KEY; elsewhere BIGINT reads the same on both.
const SERIAL: Record<Dialect, string> = {
  sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  postgres: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
};

const APPEND_ONLY_TABLES = ['authority_deposit_entries', 'authority_resets', 'authority_inspections'] as const;

function tables(d: Dialect): string {
  return `
CREATE TABLE authority_license (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  license_number BIGINT NOT NULL UNIQUE CHECK (license_number BETWEEN 1 AND 4294967295),
  vendor_name TEXT NOT NULL,
  assigned_at_ms BIGINT NOT NULL
);

-- One row that every movement of the deposit locks first (FOR UPDATE on PostgreSQL), so that two
-- transactions can never both pass a balance check that only one of them may.
CREATE TABLE authority_deposit_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1)
);
INSERT INTO authority_deposit_lock (id) VALUES (1);

CREATE TABLE authority_psds (
  psd_id BIGINT PRIMARY KEY CHECK (psd_id BETWEEN 1 AND 4294967295),
  license_number BIGINT NOT NULL REFERENCES authority_license (license_number),
  algorithm INTEGER NOT NULL CHECK (algorithm IN (1, 2)),
  public_key_pem TEXT NOT NULL UNIQUE,
  certificate_serial BIGINT NOT NULL UNIQUE CHECK (certificate_serial BETWEEN 1 AND 4294967295),
  certificate_pem TEXT NOT NULL,
  not_before_ms BIGINT NOT NULL,
  not_after_ms BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'withdrawn', 'revoked')),
  registered_at_ms BIGINT NOT NULL,
  suspended_at_ms BIGINT,
  withdrawn_at_ms BIGINT,
  revoked_at_ms BIGINT,
  control_total_mills BIGINT NOT NULL DEFAULT 0 CHECK (control_total_mills >= 0),
  withdrawn_descending_mills BIGINT,
  CHECK (withdrawn_descending_mills IS NULL OR withdrawn_descending_mills BETWEEN 0 AND control_total_mills),
  CHECK (status <> 'withdrawn' OR (withdrawn_at_ms IS NOT NULL AND revoked_at_ms IS NOT NULL AND withdrawn_descending_mills IS NOT NULL)),
  CHECK (status <> 'revoked' OR revoked_at_ms IS NOT NULL),
  CHECK (status <> 'suspended' OR suspended_at_ms IS NOT NULL)
);

-- Credits are positive, debits negative; the balance is their sum. (kind, reference) is the idempotency
-- key: the operator's funding reference, the reset's transaction id, or psd-N for a withdrawal.
CREATE TABLE authority_deposit_entries (
  entry_id ${SERIAL[d]},
  kind TEXT NOT NULL CHECK (kind IN ('funding', 'reset', 'withdrawal')),
  amount_mills BIGINT NOT NULL,
  reference TEXT NOT NULL,
  psd_id BIGINT REFERENCES authority_psds (psd_id),
  created_at_ms BIGINT NOT NULL,
  UNIQUE (kind, reference),
  CHECK (
    (kind = 'funding' AND amount_mills > 0 AND psd_id IS NULL)
    OR (kind = 'reset' AND amount_mills < 0 AND psd_id IS NOT NULL)
    OR (kind = 'withdrawal' AND amount_mills >= 0 AND psd_id IS NOT NULL)
  )
);

CREATE TABLE authority_resets (
  transaction_id TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  license_number BIGINT NOT NULL,
  psd_id BIGINT NOT NULL REFERENCES authority_psds (psd_id),
  old_control_total_mills BIGINT NOT NULL CHECK (old_control_total_mills >= 0),
  new_control_total_mills BIGINT NOT NULL,
  signature_base64 TEXT NOT NULL,
  deposit_entry_id BIGINT NOT NULL UNIQUE REFERENCES authority_deposit_entries (entry_id),
  authorized_at_ms BIGINT NOT NULL,
  CHECK (new_control_total_mills > old_control_total_mills)
);
CREATE INDEX authority_resets_psd ON authority_resets (psd_id);

CREATE TABLE authority_inspections (
  inspection_id ${SERIAL[d]},
  psd_id BIGINT NOT NULL REFERENCES authority_psds (psd_id),
  ascending_mills BIGINT NOT NULL CHECK (ascending_mills >= 0),
  descending_mills BIGINT NOT NULL CHECK (descending_mills >= 0),
  control_total_mills BIGINT NOT NULL,
  piece_count BIGINT NOT NULL CHECK (piece_count >= 0),
  audit_head TEXT NOT NULL,
  inspected_at_ms BIGINT NOT NULL,
  next_due_at_ms BIGINT NOT NULL,
  CHECK (control_total_mills = ascending_mills + descending_mills)
);
CREATE INDEX authority_inspections_psd ON authority_inspections (psd_id, inspection_id);
`;
}

// The ledger tables refuse UPDATE and DELETE, so a correction can only be a new entry.
function appendOnly(d: Dialect): string {
  if (d === 'sqlite') return appendOnlyTriggers(d, APPEND_ONLY_TABLES);
  return `
CREATE FUNCTION authority_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;
${appendOnlyTriggers(d, APPEND_ONLY_TABLES)}
`;
}

/** The migrations of the authority's database, for Database.migrate. */
export const AUTHORITY_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'authority: license, PSDs, deposit ledger, resets, inspections',
    sql: { sqlite: tables('sqlite') + appendOnly('sqlite'), postgres: tables('postgres') + appendOnly('postgres') },
  },
  // Appended by the scanning service (src/authority/scanning/): first sightings, the scans log, refunds.
  SCANNING_MIGRATION,
  // Appended by the transaction reports (src/authority/reports/): reports, their pieces and resets.
  REPORTS_MIGRATION,
];
