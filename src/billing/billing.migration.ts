// Migration 203: the billing tables of the web server's database (docs/customers.md, "The account
// ledger"). account_id columns are TEXT without a foreign key: the accounts table belongs to migration
// 202 and billing must not depend on its shape. Times are BIGINT milliseconds, flags 0/1 INTEGERs, money
// BIGINT mills. A card row keeps the gateway's token, brand, last four digits and expiry: never the
// number or the security code.
import type { Dialect, Migration } from '../db/database.js';
import { appendOnlyTriggers } from '../authority/append-only.js';

// The lines of the journal are append-only: a correction is a new transaction, never an edit.
const APPEND_ONLY = ['ledger_transactions', 'ledger_lines'] as const;

function billingTables(d: Dialect): string {
  // On PostgreSQL the triggers call a function; the authority's one lives in another database, so billing has its own.
  const fn =
    d === 'postgres'
      ? `
CREATE FUNCTION billing_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END
$$;`
      : '';
  const triggers = appendOnlyTriggers(d, APPEND_ONLY).replaceAll('authority_append_only()', 'billing_append_only()');
  return `
CREATE TABLE cards (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  gateway_token TEXT NOT NULL,
  brand TEXT NOT NULL,
  last4 TEXT NOT NULL CHECK (length(last4) = 4),
  exp_month INTEGER NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year INTEGER NOT NULL,
  holder_name TEXT,
  is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
  created_at_ms BIGINT NOT NULL,
  removed_at_ms BIGINT
);
CREATE INDEX cards_by_account ON cards (account_id, created_at_ms);

CREATE TABLE ledger_transactions (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  -- What the transaction is about (a purchase id, a charge id, a refund and stamp); one transaction per
  -- kind and reference, which makes every posting idempotent.
  reference TEXT NOT NULL,
  memo TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  UNIQUE (kind, reference)
);
CREATE INDEX ledger_transactions_by_account ON ledger_transactions (account_id, id);

CREATE TABLE ledger_lines (
  transaction_id TEXT NOT NULL REFERENCES ledger_transactions (id),
  account_id TEXT NOT NULL,
  book TEXT NOT NULL CHECK (book IN ('balance', 'held', 'card', 'postage', 'promotion')),
  amount_mills BIGINT NOT NULL CHECK (amount_mills <> 0),
  PRIMARY KEY (transaction_id, book)
);
CREATE INDEX ledger_lines_by_account ON ledger_lines (account_id, book);

CREATE TABLE ledger_totals (
  account_id TEXT NOT NULL,
  book TEXT NOT NULL,
  amount_mills BIGINT NOT NULL,
  PRIMARY KEY (account_id, book)
);

CREATE TABLE billing_settings (
  account_id TEXT PRIMARY KEY,
  mode TEXT NOT NULL CHECK (mode IN ('prepaid', 'per_purchase')),
  auto_refill_enabled INTEGER NOT NULL CHECK (auto_refill_enabled IN (0, 1)),
  auto_refill_threshold_mills BIGINT NOT NULL,
  auto_refill_amount_mills BIGINT NOT NULL,
  auto_refill_monthly_cap_mills BIGINT NOT NULL,
  low_balance_warning_mills BIGINT NOT NULL,
  -- Set when the warning for the current crossing was sent; cleared when the balance is back above.
  low_balance_warned_at_ms BIGINT,
  updated_at_ms BIGINT NOT NULL
);

CREATE TABLE card_charges (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  card_id TEXT NOT NULL REFERENCES cards (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('topup', 'auto_refill', 'purchase')),
  purchase_id TEXT UNIQUE,
  amount_mills BIGINT NOT NULL CHECK (amount_mills > 0),
  state TEXT NOT NULL CHECK (state IN ('pending', 'succeeded', 'declined', 'unknown', 'void_owed', 'refund_owed', 'refunded')),
  gateway_charge_id TEXT,
  gateway_refund_id TEXT,
  error_code TEXT,
  -- A top-up's Idempotency-Key and a digest of what it asked for (amount and card).
  idempotency_key TEXT,
  request_hash TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE (account_id, idempotency_key)
);
CREATE INDEX card_charges_by_state ON card_charges (state, updated_at_ms);
CREATE INDEX card_charges_by_account ON card_charges (account_id, purpose, created_at_ms);

CREATE TABLE purchase_holds (
  purchase_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  amount_mills BIGINT NOT NULL CHECK (amount_mills > 0),
  method TEXT NOT NULL CHECK (method IN ('balance', 'card')),
  charge_id TEXT REFERENCES card_charges (id),
  state TEXT NOT NULL CHECK (state IN ('held', 'settled', 'released')),
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);

-- Partial refunds to a card, one per refunded stamp of a card-paid purchase, paid by payOwedRefunds().
CREATE TABLE card_refunds (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  charge_id TEXT NOT NULL REFERENCES card_charges (id),
  refund_ref TEXT NOT NULL,
  stamp_id TEXT NOT NULL,
  amount_mills BIGINT NOT NULL CHECK (amount_mills > 0),
  state TEXT NOT NULL CHECK (state IN ('owed', 'paid')),
  gateway_refund_id TEXT,
  error_code TEXT,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE (refund_ref, stamp_id)
);
CREATE INDEX card_refunds_by_state ON card_refunds (state);
${fn}
${triggers}
`;
}

/** Migration 203 of the web server's database: cards, the account ledger, settings, charges and holds. */
export const BILLING_MIGRATION: Migration = Object.freeze({
  id: 203,
  name: 'billing: cards, account ledger, settings, card charges, purchase holds',
  sql: { sqlite: billingTables('sqlite'), postgres: billingTables('postgres') },
});
