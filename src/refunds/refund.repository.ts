// Every read and write of refund_requests, and the one read of stamps the refund rules need.
import type { Queryable, Row, SqlValue } from '../db/database.js';
import { asBigInt, asBuffer, asNumber, asString, orNull } from '../db/row-values.js';
import type { Mills } from '../core/money.js';
import type { RefundCursor } from './refund-cursor.js';
import type { RefundStatus } from './refund-policy.js';

/** One refund request as stored. */
export interface RefundRecord {
  readonly id: string;
  readonly accountId: string;
  readonly stampId: string;
  readonly purchaseId: string;
  readonly psdId: number;
  readonly pieceCount: number;
  readonly amountMills: Mills;
  readonly status: RefundStatus;
  /** Why it was rejected (a catalogued code such as STAMP_USED), null otherwise. */
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly requestedByUserId: string;
  readonly requestedAtMs: number;
  readonly expectedDecisionAtMs: number;
  readonly decidedAtMs: number | null;
  readonly publishedAtMs: number | null;
  readonly creditedAtMs: number | null;
}

/** A stamp of the account as the refund rules see it, with its refund request if there is one. */
export interface RefundableStamp {
  readonly stampId: string;
  readonly purchaseId: string;
  readonly psdId: number;
  readonly pieceCount: number;
  readonly indicium: Buffer;
  /** The postage column (migration 206); null on rows written before accounts existed. */
  readonly postageMills: Mills | null;
  readonly dispensedAtMs: number;
  readonly existing: { readonly id: string; readonly status: RefundStatus } | null;
}

const COLUMNS =
  'id, account_id, stamp_id, purchase_id, psd_id, piece_count, amount_mills, status, reason_code, reason, requested_by_user_id, ' +
  'requested_at_ms, expected_decision_at_ms, decided_at_ms, published_at_ms, credited_at_ms';
const INSERT = `INSERT INTO refund_requests (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')})`;

const optionalNumber = orNull(asNumber);

/** Reads and writes refund requests. `db` serves reads; writes that must be atomic take the caller's transaction. */
export class RefundRepository {
  constructor(private readonly db: Queryable) {}

  /** The stamps among `stampIds` that belong to `accountId` (others are simply absent), each with its request. */
  async refundableStamps(q: Queryable, accountId: string, stampIds: readonly string[]): Promise<RefundableStamp[]> {
    if (stampIds.length === 0) return [];
    const rows = await q.query(
      `SELECT s.id, s.purchase_id, s.psd_id, s.piece_count, s.indicium, s.postage_mills, s.dispensed_at_ms, r.id AS refund_id, r.status AS refund_status
         FROM stamps s LEFT JOIN refund_requests r ON r.stamp_id = s.id
        WHERE s.account_id = ? AND s.id IN (${stampIds.map(() => '?').join(', ')})`,
      [accountId, ...stampIds],
    );
    return rows.map((row) => ({
      stampId: asString(row.id, 'stamps.id'),
      purchaseId: asString(row.purchase_id, 'stamps.purchase_id'),
      psdId: asNumber(row.psd_id, 'stamps.psd_id'),
      pieceCount: asNumber(row.piece_count, 'stamps.piece_count'),
      indicium: asBuffer(row.indicium, 'stamps.indicium'),
      postageMills: orNull(asBigInt)(row.postage_mills, 'stamps.postage_mills'),
      dispensedAtMs: asNumber(row.dispensed_at_ms, 'stamps.dispensed_at_ms'),
      existing:
        row.refund_id === null || row.refund_id === undefined
          ? null
          : { id: asString(row.refund_id, 'refund_requests.id'), status: asString(row.refund_status, 'refund_requests.status') as RefundStatus },
    }));
  }

  /** Inserts new requests inside the caller's transaction; a stamp already requested fails the whole transaction (unique key). */
  async insertMany(tx: Queryable, records: readonly RefundRecord[]): Promise<void> {
    for (const r of records) await tx.execute(INSERT, toParams(r));
  }

  /** The account's request with that id; null when there is none (or it is another account's). */
  async find(accountId: string, id: string): Promise<RefundRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM refund_requests WHERE id = ? AND account_id = ?`, [id, accountId]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Any request by id, whoever's: for the reviewer, which works for every account. */
  async findById(q: Queryable, id: string): Promise<RefundRecord | null> {
    const rows = await q.query(`SELECT ${COLUMNS} FROM refund_requests WHERE id = ?`, [id]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Up to `limit` of the account's requests, newest first, optionally of one status, after `cursor`. */
  async list(accountId: string, status: RefundStatus | null, limit: number, cursor: RefundCursor | null): Promise<RefundRecord[]> {
    const where: string[] = ['account_id = ?'];
    const params: SqlValue[] = [accountId];
    if (status !== null) {
      where.push('status = ?');
      params.push(status);
    }
    if (cursor !== null) {
      where.push('(requested_at_ms < ? OR (requested_at_ms = ? AND id < ?))');
      params.push(cursor.requestedAtMs, cursor.requestedAtMs, cursor.id);
    }
    params.push(limit);
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM refund_requests WHERE ${where.join(' AND ')} ORDER BY requested_at_ms DESC, id DESC LIMIT ?`,
      params,
    );
    return rows.map(toRecord);
  }

  /** The request of each of `stampIds` that has one, restricted to the account's own. */
  async statusesOf(accountId: string, stampIds: readonly string[]): Promise<{ stampId: string; refundId: string; status: RefundStatus }[]> {
    if (stampIds.length === 0) return [];
    const rows = await this.db.query(
      `SELECT stamp_id, id, status FROM refund_requests WHERE account_id = ? AND stamp_id IN (${stampIds.map(() => '?').join(', ')})`,
      [accountId, ...stampIds],
    );
    return rows.map((row) => ({
      stampId: asString(row.stamp_id, 'refund_requests.stamp_id'),
      refundId: asString(row.id, 'refund_requests.id'),
      status: asString(row.status, 'refund_requests.status') as RefundStatus,
    }));
  }

  /** Up to `limit` requests still 'requested' whose expected decision time is at or before `nowMs`, oldest first. */
  async due(nowMs: number, limit: number): Promise<RefundRecord[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM refund_requests WHERE status = 'requested' AND expected_decision_at_ms <= ? ORDER BY expected_decision_at_ms, id LIMIT ?`,
      [nowMs, limit],
    );
    return rows.map(toRecord);
  }

  /**
   * Marks a request approved and credited, inside the caller's transaction; false when it was no longer
   * 'requested' (another reviewer decided it), in which case nothing must be credited.
   */
  async approveInTx(tx: Queryable, id: string, decidedAtMs: number, publishedAtMs: number): Promise<boolean> {
    const { changes } = await tx.execute(
      `UPDATE refund_requests SET status = 'approved', decided_at_ms = ?, published_at_ms = ?, credited_at_ms = ? WHERE id = ? AND status = 'requested'`,
      [decidedAtMs, publishedAtMs, decidedAtMs, id],
    );
    return changes === 1;
  }

  /** Marks a request rejected with a reason; false when it was no longer 'requested'. */
  async reject(q: Queryable, id: string, decidedAtMs: number, publishedAtMs: number, reasonCode: string, reason: string): Promise<boolean> {
    const { changes } = await q.execute(
      `UPDATE refund_requests SET status = 'rejected', decided_at_ms = ?, published_at_ms = ?, reason_code = ?, reason = ? WHERE id = ? AND status = 'requested'`,
      [decidedAtMs, publishedAtMs, reasonCode, reason, id],
    );
    return changes === 1;
  }
}

function toParams(r: RefundRecord): SqlValue[] {
  return [
    r.id, r.accountId, r.stampId, r.purchaseId, r.psdId, r.pieceCount, r.amountMills, r.status, r.reasonCode, r.reason, r.requestedByUserId,
    r.requestedAtMs, r.expectedDecisionAtMs, r.decidedAtMs, r.publishedAtMs, r.creditedAtMs,
  ];
}

function toRecord(row: Row): RefundRecord {
  return {
    id: asString(row.id, 'refund_requests.id'),
    accountId: asString(row.account_id, 'refund_requests.account_id'),
    stampId: asString(row.stamp_id, 'refund_requests.stamp_id'),
    purchaseId: asString(row.purchase_id, 'refund_requests.purchase_id'),
    psdId: asNumber(row.psd_id, 'refund_requests.psd_id'),
    pieceCount: asNumber(row.piece_count, 'refund_requests.piece_count'),
    amountMills: asBigInt(row.amount_mills, 'refund_requests.amount_mills'),
    status: asString(row.status, 'refund_requests.status') as RefundStatus,
    reasonCode: orNull(asString)(row.reason_code, 'refund_requests.reason_code'),
    reason: orNull(asString)(row.reason, 'refund_requests.reason'),
    requestedByUserId: asString(row.requested_by_user_id, 'refund_requests.requested_by_user_id'),
    requestedAtMs: asNumber(row.requested_at_ms, 'refund_requests.requested_at_ms'),
    expectedDecisionAtMs: asNumber(row.expected_decision_at_ms, 'refund_requests.expected_decision_at_ms'),
    decidedAtMs: optionalNumber(row.decided_at_ms, 'refund_requests.decided_at_ms'),
    publishedAtMs: optionalNumber(row.published_at_ms, 'refund_requests.published_at_ms'),
    creditedAtMs: optionalNumber(row.credited_at_ms, 'refund_requests.credited_at_ms'),
  };
}
