// The refund_requests table (migration 205, in the web server's range): one row per stamp whose refund
// a customer asked for. The row is the whole life of the request: requested, then decided (approved and
// credited in the same transaction, or rejected with a reason), with the moment each step happened.
import type { Migration } from '../db/database.js';

// Portable SQL: times are BIGINT milliseconds, money BIGINT mills; the same text runs on both dialects.
const SQL = `
CREATE TABLE refund_requests (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  -- A stamp is refunded at most once: the unique key also settles two concurrent requests of one stamp.
  stamp_id TEXT NOT NULL UNIQUE REFERENCES stamps (id),
  purchase_id TEXT NOT NULL REFERENCES purchases (id),
  -- What the authority is told: the stamp is (license, psd_id, piece_count), the license being the vendor's one.
  psd_id BIGINT NOT NULL,
  piece_count BIGINT NOT NULL,
  amount_mills BIGINT NOT NULL CHECK (amount_mills >= 0),
  status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
  -- Set when rejected: a catalogued code (STAMP_USED) and its sentence.
  reason_code TEXT,
  reason TEXT,
  requested_by_user_id TEXT NOT NULL,
  requested_at_ms BIGINT NOT NULL,
  -- Not reviewed before: a stamp that was mailed has had this long to be scanned.
  expected_decision_at_ms BIGINT NOT NULL,
  decided_at_ms BIGINT,
  -- When the authority first recorded the refund (its own clock).
  published_at_ms BIGINT,
  credited_at_ms BIGINT,
  CHECK ((status = 'requested') = (decided_at_ms IS NULL)),
  CHECK ((status = 'approved') = (credited_at_ms IS NOT NULL)),
  CHECK ((status = 'rejected') = (reason_code IS NOT NULL))
);
-- The account's list, newest first, and the reviewer's scan of due requests.
CREATE INDEX refund_requests_by_account ON refund_requests (account_id, requested_at_ms, id);
CREATE INDEX refund_requests_due ON refund_requests (status, expected_decision_at_ms);
`;

/** Migration 205: refund requests of unused stamps. Apply after WEB_MIGRATIONS' 201 (it references stamps and purchases). */
export const REFUNDS_MIGRATION: Migration = Object.freeze({
  id: 205,
  name: 'web: refund requests of unused stamps',
  sql: Object.freeze({ sqlite: SQL, postgres: SQL }),
});
