// The media registry's tables (migration 204, in the web server's database): the labels and sheets the
// vendor issued, and the slots of them that purchases have reserved or used. A slot with no row is free.
// account_id has no foreign key: the accounts table is another part's migration (202), and the registry
// must not depend on its order.
import type { Migration } from '../db/database.js';

const SQL = `
CREATE TABLE media (
  -- The 12-digit serial without its check digit, as packed into the indicium's medium field (spec §5).
  serial BIGINT PRIMARY KEY CHECK (serial BETWEEN 1 AND 999999999999),
  kind TEXT NOT NULL CHECK (kind IN ('label', 'sheet')),
  -- A layout name of src/print/layouts.ts; it fixes which slot numbers exist.
  layout TEXT NOT NULL,
  slot_count INTEGER NOT NULL CHECK (slot_count BETWEEN 1 AND 255),
  account_id TEXT NOT NULL,
  -- Every medium issued by one operator command shares a batch id.
  issue_batch TEXT NOT NULL,
  issued_at_ms BIGINT NOT NULL,
  voided_at_ms BIGINT,
  void_reason TEXT,
  CHECK ((voided_at_ms IS NULL) = (void_reason IS NULL))
);
-- An account's media, newest first (GET /v1/media pages by issued_at_ms, serial).
CREATE INDEX media_by_account ON media (account_id, issued_at_ms, serial);
CREATE INDEX media_by_batch ON media (issue_batch);

CREATE TABLE media_slots (
  serial BIGINT NOT NULL REFERENCES media (serial),
  slot INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 255),
  purchase_id TEXT NOT NULL,
  -- Position of the stamp in its purchase, from 0.
  item_index INTEGER NOT NULL,
  -- NULL while reserved: the stamp does not exist until the purchase completes.
  stamp_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('reserved', 'used')),
  reserved_at_ms BIGINT NOT NULL,
  CHECK ((state = 'used') = (stamp_id IS NOT NULL)),
  -- One stamp per slot: two purchases racing for a slot cannot both insert it.
  PRIMARY KEY (serial, slot)
);
CREATE INDEX media_slots_by_purchase ON media_slots (purchase_id, item_index);
`;

/** Migration 204: the media registry (listed in WEB_MIGRATIONS). */
export const MEDIA_MIGRATION: Migration = Object.freeze({
  id: 204,
  name: 'media: registered labels and sheets, and their used slots',
  sql: { sqlite: SQL, postgres: SQL },
});
