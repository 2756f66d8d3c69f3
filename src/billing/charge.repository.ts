// Every read and write of card_charges (one row per card charge the vendor makes or may have made) and
// card_refunds (partial refunds owed to a card for refunded stamps). A charge row is written 'pending'
// before the gateway is called and its id is the gateway's idempotency key, so that asking again after a
// crash or a time-out can never charge twice.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asNumber, asString, orNull } from '../db/row-values.js';
import type { Mills } from '../core/money.js';

/** Why a card was charged. */
export type ChargePurpose = 'topup' | 'auto_refill' | 'purchase';

/**
 * Where a charge stands: pending (row written, gateway not yet answered), succeeded, declined (closed),
 * unknown (the gateway did not answer: ask again with the same key), void_owed (the purchase failed while
 * the outcome was not known: ask again and refund what was charged), refund_owed (the purchase failed
 * after the charge: refund it), refunded (closed).
 */
export type ChargeState = 'pending' | 'succeeded' | 'declined' | 'unknown' | 'void_owed' | 'refund_owed' | 'refunded';

/** One card charge. */
export interface ChargeRecord {
  readonly id: string;
  readonly accountId: string;
  readonly cardId: string;
  readonly purpose: ChargePurpose;
  readonly purchaseId: string | null;
  readonly amountMills: Mills;
  readonly state: ChargeState;
  readonly gatewayChargeId: string | null;
  readonly gatewayRefundId: string | null;
  readonly errorCode: string | null;
  readonly idempotencyKey: string | null;
  readonly requestHash: string | null;
  readonly attempts: number;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** A partial refund owed (or paid) to a card for one refunded stamp. */
export interface CardRefundRecord {
  readonly id: string;
  readonly accountId: string;
  readonly chargeId: string;
  readonly refundRef: string;
  readonly stampId: string;
  readonly amountMills: Mills;
  readonly state: 'owed' | 'paid';
  readonly gatewayRefundId: string | null;
}

const COLUMNS =
  'id, account_id, card_id, purpose, purchase_id, amount_mills, state, gateway_charge_id, gateway_refund_id, error_code, idempotency_key, request_hash, attempts, created_at_ms, updated_at_ms';

/** Reads and writes card charges and card refunds. */
export class ChargeRepository {
  /** Stores a new charge row (state pending). */
  async insert(q: Queryable, c: Omit<ChargeRecord, 'state' | 'gatewayChargeId' | 'gatewayRefundId' | 'errorCode' | 'attempts' | 'updatedAtMs'>): Promise<void> {
    await q.execute(
      'INSERT INTO card_charges (id, account_id, card_id, purpose, purchase_id, amount_mills, state, idempotency_key, request_hash, attempts, created_at_ms, updated_at_ms) ' +
        "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, 0, ?, ?)",
      [c.id, c.accountId, c.cardId, c.purpose, c.purchaseId, c.amountMills, c.idempotencyKey, c.requestHash, c.createdAtMs, c.createdAtMs],
    );
  }

  /** The charge with that id, or null. */
  async find(q: Queryable, id: string): Promise<ChargeRecord | null> {
    const rows = await q.query(`SELECT ${COLUMNS} FROM card_charges WHERE id = ?`, [id]);
    return rows[0] === undefined ? null : toCharge(rows[0]);
  }

  /** The account's top-up made with that Idempotency-Key, or null. */
  async findByIdempotencyKey(q: Queryable, accountId: string, key: string): Promise<ChargeRecord | null> {
    const rows = await q.query(`SELECT ${COLUMNS} FROM card_charges WHERE account_id = ? AND idempotency_key = ?`, [accountId, key]);
    return rows[0] === undefined ? null : toCharge(rows[0]);
  }

  /** Charges in one of `states`, oldest first, at most `limit`. */
  async listInStates(q: Queryable, states: readonly ChargeState[], limit: number): Promise<ChargeRecord[]> {
    const rows = await q.query(`SELECT ${COLUMNS} FROM card_charges WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY updated_at_ms, id LIMIT ?`, [
      ...states,
      limit,
    ]);
    return rows.map(toCharge);
  }

  /** Counts an attempt to reach the gateway for the charge. */
  async countAttempt(q: Queryable, id: string, atMs: number): Promise<void> {
    await q.execute('UPDATE card_charges SET attempts = attempts + 1, updated_at_ms = ? WHERE id = ?', [atMs, id]);
  }

  /**
   * Moves the charge from one of `from` to `to`, setting the given gateway ids and error code when not
   * undefined; true when it moved (false: another caller moved it first).
   */
  async transition(
    q: Queryable,
    id: string,
    from: readonly ChargeState[],
    to: ChargeState,
    atMs: number,
    set: { gatewayChargeId?: string; gatewayRefundId?: string; errorCode?: string | null } = {},
  ): Promise<boolean> {
    const { changes } = await q.execute(
      `UPDATE card_charges SET state = ?, updated_at_ms = ?, gateway_charge_id = COALESCE(?, gateway_charge_id), gateway_refund_id = COALESCE(?, gateway_refund_id), ` +
        `error_code = ${set.errorCode === undefined ? 'error_code' : '?'} WHERE id = ? AND state IN (${from.map(() => '?').join(', ')})`,
      [to, atMs, set.gatewayChargeId ?? null, set.gatewayRefundId ?? null, ...(set.errorCode === undefined ? [] : [set.errorCode]), id, ...from],
    );
    return changes > 0;
  }

  /** Mills charged or possibly charged for auto-refills of the account since `sinceMs` (declined ones do not count). */
  async refillsSince(q: Queryable, accountId: string, sinceMs: number): Promise<Mills> {
    const rows = await q.query(
      "SELECT COALESCE(SUM(amount_mills), 0) AS s FROM card_charges WHERE account_id = ? AND purpose = 'auto_refill' AND created_at_ms >= ? AND state IN ('pending', 'succeeded', 'unknown')",
      [accountId, sinceMs],
    );
    return asBigInt(rows[0]?.s ?? 0n);
  }

  /** Stores a partial refund owed to a card. */
  async insertRefund(q: Queryable, r: Omit<CardRefundRecord, 'state' | 'gatewayRefundId'>, atMs: number): Promise<void> {
    await q.execute(
      "INSERT INTO card_refunds (id, account_id, charge_id, refund_ref, stamp_id, amount_mills, state, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, 'owed', ?, ?)",
      [r.id, r.accountId, r.chargeId, r.refundRef, r.stampId, r.amountMills, atMs, atMs],
    );
  }

  /** Card refunds still owed, oldest first. */
  async listOwedRefunds(q: Queryable, limit: number): Promise<CardRefundRecord[]> {
    const rows = await q.query(
      "SELECT id, account_id, charge_id, refund_ref, stamp_id, amount_mills, state, gateway_refund_id FROM card_refunds WHERE state = 'owed' ORDER BY created_at_ms, id LIMIT ?",
      [limit],
    );
    return rows.map((r) => ({
      id: asString(r.id),
      accountId: asString(r.account_id),
      chargeId: asString(r.charge_id),
      refundRef: asString(r.refund_ref),
      stampId: asString(r.stamp_id),
      amountMills: asBigInt(r.amount_mills),
      state: asString(r.state) as 'owed' | 'paid',
      gatewayRefundId: orNull(asString)(r.gateway_refund_id),
    }));
  }

  /** Marks a card refund paid (or records why it was not); true when it moved. */
  async markRefund(q: Queryable, id: string, atMs: number, paid: { gatewayRefundId: string } | { errorCode: string }): Promise<boolean> {
    if ('gatewayRefundId' in paid) {
      const { changes } = await q.execute("UPDATE card_refunds SET state = 'paid', gateway_refund_id = ?, updated_at_ms = ? WHERE id = ? AND state = 'owed'", [
        paid.gatewayRefundId,
        atMs,
        id,
      ]);
      return changes > 0;
    }
    await q.execute('UPDATE card_refunds SET error_code = ?, updated_at_ms = ? WHERE id = ?', [paid.errorCode, atMs, id]);
    return false;
  }
}

function toCharge(r: Row): ChargeRecord {
  return {
    id: asString(r.id),
    accountId: asString(r.account_id),
    cardId: asString(r.card_id),
    purpose: asString(r.purpose) as ChargePurpose,
    purchaseId: orNull(asString)(r.purchase_id),
    amountMills: asBigInt(r.amount_mills),
    state: asString(r.state) as ChargeState,
    gatewayChargeId: orNull(asString)(r.gateway_charge_id),
    gatewayRefundId: orNull(asString)(r.gateway_refund_id),
    errorCode: orNull(asString)(r.error_code),
    idempotencyKey: orNull(asString)(r.idempotency_key),
    requestHash: orNull(asString)(r.request_hash),
    attempts: asNumber(asBigInt(r.attempts)),
    createdAtMs: asNumber(asBigInt(r.created_at_ms)),
    updatedAtMs: asNumber(asBigInt(r.updated_at_ms)),
  };
}
