// Every read and write of purchase_holds: the money reserved for one purchase in flight, how it is paid
// (from the balance or by a card charge) and whether it was settled or released.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asNumber, asString, orNull } from '../db/row-values.js';
import type { Mills } from '../core/money.js';

/** Where a hold stands. */
export type HoldState = 'held' | 'settled' | 'released';

/** The payment of one purchase. */
export interface HoldRecord {
  readonly purchaseId: string;
  readonly accountId: string;
  readonly amountMills: Mills;
  readonly method: 'balance' | 'card';
  readonly chargeId: string | null;
  readonly state: HoldState;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

const COLUMNS = 'purchase_id, account_id, amount_mills, method, charge_id, state, created_at_ms, updated_at_ms';

/** Reads and writes purchase holds. */
export class HoldRepository {
  /** Stores a new hold in state held. */
  async insert(q: Queryable, h: Omit<HoldRecord, 'state' | 'updatedAtMs'>): Promise<void> {
    await q.execute(`INSERT INTO purchase_holds (${COLUMNS}) VALUES (?, ?, ?, ?, ?, 'held', ?, ?)`, [
      h.purchaseId,
      h.accountId,
      h.amountMills,
      h.method,
      h.chargeId,
      h.createdAtMs,
      h.createdAtMs,
    ]);
  }

  /** The hold of the purchase, or null. */
  async find(q: Queryable, purchaseId: string): Promise<HoldRecord | null> {
    const rows = await q.query(`SELECT ${COLUMNS} FROM purchase_holds WHERE purchase_id = ?`, [purchaseId]);
    return rows[0] === undefined ? null : toHold(rows[0]);
  }

  /** Moves the hold from `from` to `to`; true when it moved (false: it was not in `from`). */
  async transition(q: Queryable, purchaseId: string, from: HoldState, to: HoldState, atMs: number): Promise<boolean> {
    const { changes } = await q.execute('UPDATE purchase_holds SET state = ?, updated_at_ms = ? WHERE purchase_id = ? AND state = ?', [to, atMs, purchaseId, from]);
    return changes > 0;
  }
}

function toHold(r: Row): HoldRecord {
  return {
    purchaseId: asString(r.purchase_id),
    accountId: asString(r.account_id),
    amountMills: asBigInt(r.amount_mills),
    method: asString(r.method) as 'balance' | 'card',
    chargeId: orNull(asString)(r.charge_id),
    state: asString(r.state) as HoldState,
    createdAtMs: asNumber(asBigInt(r.created_at_ms)),
    updatedAtMs: asNumber(asBigInt(r.updated_at_ms)),
  };
}
