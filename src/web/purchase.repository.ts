// Every read and write of the purchases table. Writes that change who may work on a purchase are
// conditional on the caller's lease token, so that two web servers never act on one purchase at once.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asBuffer, asString, orNull } from '../db/row-values.js';
import type { DispenseItem } from '../internal-api/dispense-contract.js';

/** `pending`: recorded, maybe sent; `completed`: stamps stored, answer stored; `failed`: refused, nothing dispensed. */
export type PurchaseState = 'pending' | 'completed' | 'failed';

/** A purchase as stored. */
export interface PurchaseRecord {
  readonly id: string;
  /** The credential whose idempotency keys this purchase's key belongs to (an API key, or a user's browser credential). */
  readonly apiKeyId: string;
  /** The account that buys; null only for rows made before accounts existed. */
  readonly accountId: string | null;
  /** The user who bought. */
  readonly userId: string | null;
  /** What the stamps cost together, in mills (the sum of their postage). */
  readonly totalMills: bigint | null;
  readonly idempotencyKey: string;
  /** SHA-256 of the canonical request, 32 bytes. */
  readonly requestHash: Buffer;
  readonly state: PurchaseState;
  /** The server that holds or may hold the request ids; null while no server can have received them. */
  readonly serverId: string | null;
  /** What is (re)sent to the processing server, request ids included. */
  readonly items: readonly DispenseItem[];
  readonly leaseToken: string | null;
  readonly leaseUntilMs: number | null;
  /** The stored answer of a completed (or failed) purchase. */
  readonly responseStatus: number | null;
  readonly responseJson: string | null;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

const COLUMNS =
  'id, api_key_id, idempotency_key, request_hash, state, server_id, items_json, lease_token, lease_until_ms, response_status, response_json, created_at_ms, updated_at_ms, account_id, user_id, total_mills';

/** Reads and writes purchases; the group-committed writes take the transaction as an argument. */
export class PurchaseRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts a pending purchase unless (api key, idempotency key) exists; true when inserted. */
  async insertPending(tx: Queryable, p: PurchaseRecord): Promise<boolean> {
    const { changes } = await tx.execute(
      `INSERT INTO purchases (${COLUMNS}, item_count) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (api_key_id, idempotency_key) DO NOTHING`,
      [
        p.id, p.apiKeyId, p.idempotencyKey, p.requestHash, p.serverId, JSON.stringify(p.items), p.leaseToken, p.leaseUntilMs, p.createdAtMs, p.updatedAtMs,
        p.accountId, p.userId, p.totalMills, p.items.length,
      ],
    );
    return changes > 0;
  }

  /** The purchase an API key made under an idempotency key; null when none. */
  async find(apiKeyId: string, idempotencyKey: string): Promise<PurchaseRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM purchases WHERE api_key_id = ? AND idempotency_key = ?`, [apiKeyId, idempotencyKey]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** The purchase with that id; null when none. */
  async findById(id: string): Promise<PurchaseRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM purchases WHERE id = ?`, [id]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Pending purchases nobody works on (lease free or expired) that have not changed since `updatedBeforeMs`, oldest first. */
  async listAbandoned(updatedBeforeMs: number, nowMs: number, limit: number): Promise<PurchaseRecord[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM purchases
       WHERE state = 'pending' AND updated_at_ms < ? AND (lease_until_ms IS NULL OR lease_until_ms < ?)
       ORDER BY updated_at_ms LIMIT ?`,
      [updatedBeforeMs, nowMs, limit],
    );
    return rows.map(toRecord);
  }

  /** Takes the lease of an unfinished purchase whose lease is free or expired; false when someone holds it. */
  async claimLease(id: string, token: string, untilMs: number, nowMs: number): Promise<boolean> {
    const { changes } = await this.db.execute(
      `UPDATE purchases SET lease_token = ?, lease_until_ms = ?, updated_at_ms = ?
       WHERE id = ? AND state <> 'completed' AND (lease_until_ms IS NULL OR lease_until_ms < ?)`,
      [token, untilMs, nowMs, id, nowMs],
    );
    return changes > 0;
  }

  /** Gives the lease back so that a retry need not wait for it to expire. */
  async releaseLease(id: string, token: string): Promise<void> {
    await this.db.execute('UPDATE purchases SET lease_token = NULL, lease_until_ms = NULL WHERE id = ? AND lease_token = ?', [id, token]);
  }

  /**
   * Names the server that is about to receive (or, with null, that none holds) the request ids.
   * Committed before the request is sent, so that a crash leaves the server to ask in the database.
   */
  async assignServer(id: string, token: string, serverId: string | null, nowMs: number): Promise<boolean> {
    const { changes } = await this.db.execute(
      "UPDATE purchases SET server_id = ?, updated_at_ms = ? WHERE id = ? AND lease_token = ? AND state = 'pending'",
      [serverId, nowMs, id, token],
    );
    return changes > 0;
  }

  /** Records that the purchase failed for good (refused, card declined, abandoned) with nothing dispensed. */
  async markFailed(id: string, token: string, status: number, responseJson: string, nowMs: number, q: Queryable = this.db): Promise<boolean> {
    const { changes } = await q.execute(
      `UPDATE purchases SET state = 'failed', server_id = NULL, response_status = ?, response_json = ?, lease_token = NULL, lease_until_ms = NULL, updated_at_ms = ?
       WHERE id = ? AND lease_token = ? AND state = 'pending'`,
      [status, responseJson, nowMs, id, token],
    );
    return changes > 0;
  }

  /** Marks a purchase completed with its stored answer; false when it already was. */
  async markCompleted(tx: Queryable, id: string, serverId: string, status: number, responseJson: string, nowMs: number): Promise<boolean> {
    const { changes } = await tx.execute(
      `UPDATE purchases SET state = 'completed', server_id = ?, response_status = ?, response_json = ?, lease_token = NULL, lease_until_ms = NULL, updated_at_ms = ?
       WHERE id = ? AND state <> 'completed'`,
      [serverId, status, responseJson, nowMs, id],
    );
    return changes > 0;
  }
}

function toRecord(row: Row): PurchaseRecord {
  const leaseUntil = orNull(asBigInt)(row.lease_until_ms, 'purchases.lease_until_ms');
  const status = orNull(asBigInt)(row.response_status, 'purchases.response_status');
  return {
    id: asString(row.id, 'purchases.id'),
    apiKeyId: asString(row.api_key_id, 'purchases.api_key_id'),
    idempotencyKey: asString(row.idempotency_key, 'purchases.idempotency_key'),
    requestHash: asBuffer(row.request_hash, 'purchases.request_hash'),
    state: asString(row.state, 'purchases.state') as PurchaseState,
    serverId: orNull(asString)(row.server_id, 'purchases.server_id'),
    items: JSON.parse(asString(row.items_json, 'purchases.items_json')) as DispenseItem[],
    leaseToken: orNull(asString)(row.lease_token, 'purchases.lease_token'),
    leaseUntilMs: leaseUntil === null ? null : Number(leaseUntil),
    responseStatus: status === null ? null : Number(status),
    responseJson: orNull(asString)(row.response_json, 'purchases.response_json'),
    createdAtMs: Number(asBigInt(row.created_at_ms, 'purchases.created_at_ms')),
    updatedAtMs: Number(asBigInt(row.updated_at_ms, 'purchases.updated_at_ms')),
    accountId: orNull(asString)(row.account_id, 'purchases.account_id'),
    userId: orNull(asString)(row.user_id, 'purchases.user_id'),
    totalMills: orNull(asBigInt)(row.total_mills, 'purchases.total_mills'),
  };
}
