// Every read and write of the stamps table.
import type { Queryable, Row, SqlValue } from '../db/database.js';
import { asBigInt, asBuffer, asString, orNull } from '../db/row-values.js';

/** A dispensed stamp as the web server keeps it for its owner. */
export interface StampRecord {
  /** The request id the web server made for it. */
  readonly id: string;
  readonly purchaseId: string;
  /** Position in its purchase, from 0. */
  readonly itemIndex: number;
  readonly serverId: string;
  readonly psdId: number;
  readonly pieceCount: number;
  /** The 117 indicium bytes. */
  readonly indicium: Buffer;
  /** The credential that bought it. */
  readonly apiKeyId: string;
  /** The account that owns it: only that account's users and keys may read it (null for rows from before accounts). */
  readonly accountId: string | null;
  /** Postage in mills and rate category, as in the indicium (kept in columns so that lists can filter on them). */
  readonly postageMills: bigint | null;
  readonly rateCategory: number | null;
  /** The registered medium (12-digit serial, slot) it was bought for, or null for plain paper. */
  readonly mediumSerial: bigint | null;
  readonly mediumSlot: number | null;
  readonly dispensedAtMs: number;
  readonly createdAtMs: number;
}

/** Where a page of stamps ends: the (created, id) of its last stamp. */
export interface StampCursor {
  readonly createdAtMs: number;
  readonly id: string;
}

const COLUMNS =
  'id, purchase_id, item_index, server_id, psd_id, piece_count, indicium, api_key_id, dispensed_at_ms, created_at_ms, account_id, postage_mills, rate_category, medium_serial, medium_slot';
const COLUMN_COUNT = 15;
// Rows per INSERT: 100 × 15 parameters stays far below both dialects' limits on bound parameters.
const ROWS_PER_INSERT = 100;

// INSERT texts by row count, built once (a purchase of one stamp, the usual case, always reuses the first).
const insertTexts: string[] = [];

function insertSql(rowCount: number): string {
  let sql = insertTexts[rowCount];
  if (sql === undefined) {
    const row = `(${Array.from({ length: COLUMN_COUNT }, () => '?').join(', ')})`;
    sql = `INSERT INTO stamps (${COLUMNS}) VALUES ${Array.from({ length: rowCount }, () => row).join(', ')}`;
    insertTexts[rowCount] = sql;
  }
  return sql;
}

/** Reads and writes stamps. */
export class StampRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts stamps inside the caller's transaction, many rows per statement. */
  async insertMany(tx: Queryable, stamps: readonly StampRecord[]): Promise<void> {
    for (let start = 0; start < stamps.length; start += ROWS_PER_INSERT) {
      const chunk = stamps.slice(start, start + ROWS_PER_INSERT);
      const params: SqlValue[] = chunk.flatMap((s) => [
        s.id, s.purchaseId, s.itemIndex, s.serverId, s.psdId, s.pieceCount, s.indicium, s.apiKeyId, s.dispensedAtMs, s.createdAtMs,
        s.accountId, s.postageMills, s.rateCategory, s.mediumSerial, s.mediumSlot,
      ]);
      await tx.execute(insertSql(chunk.length), params);
    }
  }

  /** The stamp with that id if `accountId` owns it; null otherwise (another account's stamp is "not found"). */
  async findForOwner(accountId: string, id: string): Promise<StampRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM stamps WHERE id = ? AND account_id = ?`, [id, accountId]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Up to `limit` of the account's stamps, newest first, after `cursor` when given. */
  async listForOwner(accountId: string, limit: number, cursor: StampCursor | null): Promise<StampRecord[]> {
    const after = cursor === null ? '' : 'AND (created_at_ms < ? OR (created_at_ms = ? AND id < ?))';
    const params: SqlValue[] = cursor === null ? [accountId, limit] : [accountId, cursor.createdAtMs, cursor.createdAtMs, cursor.id, limit];
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM stamps WHERE account_id = ? ${after} ORDER BY created_at_ms DESC, id DESC LIMIT ?`,
      params,
    );
    return rows.map(toRecord);
  }

  /** The stamps of one purchase in item order. */
  async listForPurchase(purchaseId: string): Promise<StampRecord[]> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM stamps WHERE purchase_id = ? ORDER BY item_index`, [purchaseId]);
    return rows.map(toRecord);
  }
}

function toRecord(row: Row): StampRecord {
  return {
    id: asString(row.id, 'stamps.id'),
    purchaseId: asString(row.purchase_id, 'stamps.purchase_id'),
    itemIndex: Number(asBigInt(row.item_index, 'stamps.item_index')),
    serverId: asString(row.server_id, 'stamps.server_id'),
    psdId: Number(asBigInt(row.psd_id, 'stamps.psd_id')),
    pieceCount: Number(asBigInt(row.piece_count, 'stamps.piece_count')),
    indicium: asBuffer(row.indicium, 'stamps.indicium'),
    apiKeyId: asString(row.api_key_id, 'stamps.api_key_id'),
    dispensedAtMs: Number(asBigInt(row.dispensed_at_ms, 'stamps.dispensed_at_ms')),
    createdAtMs: Number(asBigInt(row.created_at_ms, 'stamps.created_at_ms')),
    accountId: orNull(asString)(row.account_id, 'stamps.account_id'),
    postageMills: orNull(asBigInt)(row.postage_mills, 'stamps.postage_mills'),
    rateCategory: numberOrNull(row.rate_category, 'stamps.rate_category'),
    mediumSerial: orNull(asBigInt)(row.medium_serial, 'stamps.medium_serial'),
    mediumSlot: numberOrNull(row.medium_slot, 'stamps.medium_slot'),
  };
}

function numberOrNull(value: unknown, column: string): number | null {
  const n = orNull(asBigInt)(value, column);
  return n === null ? null : Number(n);
}
