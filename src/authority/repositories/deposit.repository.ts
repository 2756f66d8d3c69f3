import type { Queryable, Row } from '../../db/database.js';
import { asBigInt, asString, orNull } from '../../db/row-values.js';
import type { DepositEntry, DepositEntryKind } from '../records.js';
import { forUpdate } from './sql.js';

const COLUMNS = 'entry_id, kind, amount_mills, reference, psd_id, created_at_ms';

/** The deposit balance in mills: the sum of every entry (0 for an empty ledger). */
export async function depositBalance(q: Queryable): Promise<bigint> {
  const rows = await q.query('SELECT COALESCE(SUM(amount_mills), 0) AS balance FROM authority_deposit_entries');
  return asBigInt(rows[0]?.balance, 'balance');
}

/** Appends one entry and returns it with its id. */
export async function appendDepositEntry(q: Queryable, entry: Omit<DepositEntry, 'entryId'>): Promise<DepositEntry> {
  const rows = await q.query(
    `INSERT INTO authority_deposit_entries (kind, amount_mills, reference, psd_id, created_at_ms) VALUES (?, ?, ?, ?, ?)
     RETURNING entry_id`,
    [entry.kind, entry.amountMills, entry.reference, entry.psdId, entry.createdAtMs],
  );
  return { ...entry, entryId: Number(asBigInt(rows[0]?.entry_id, 'entry_id')) };
}

/** The entry with this kind and reference (its idempotency key), or null. */
export async function findDepositEntry(q: Queryable, kind: DepositEntryKind, reference: string): Promise<DepositEntry | null> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM authority_deposit_entries WHERE kind = ? AND reference = ?`, [kind, reference]);
  return rows[0] === undefined ? null : toEntry(rows[0]);
}

/** Entries in the order they were made, after `afterId`, at most `limit`. */
export async function listDepositEntries(q: Queryable, afterId: number, limit: number): Promise<DepositEntry[]> {
  const rows = await q.query(`SELECT ${COLUMNS} FROM authority_deposit_entries WHERE entry_id > ? ORDER BY entry_id LIMIT ?`, [
    afterId,
    limit,
  ]);
  return rows.map(toEntry);
}

function toEntry(r: Row): DepositEntry {
  return {
    entryId: Number(asBigInt(r.entry_id, 'entry_id')),
    kind: asString(r.kind, 'kind') as DepositEntryKind,
    amountMills: asBigInt(r.amount_mills, 'amount_mills'),
    reference: asString(r.reference, 'reference'),
    psdId: orNull((v, c) => Number(asBigInt(v, c)))(r.psd_id, 'psd_id'),
    createdAtMs: Number(asBigInt(r.created_at_ms, 'created_at_ms')),
  };
}

/** Holds the deposit lock until the transaction ends: movements of the deposit take turns. */
export async function lockDeposit(q: Queryable): Promise<void> {
  await q.query(`SELECT id FROM authority_deposit_lock WHERE id = 1${forUpdate(q)}`);
}
