// Every read and write of the stamps table.
import type { Queryable, Row, SqlValue } from '../db/database.js';
import { asBigInt, asBuffer, asString } from '../db/row-values.js';

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
  /** The API key that bought it: only that key may read it. */
  readonly apiKeyId: string;
  readonly dispensedAtMs: number;
  readonly createdAtMs: number;
}

/** Where a page of stamps ends: the (created, id) of its last stamp. */
export interface StampCursor {
  readonly createdAtMs: number;
  readonly id: string;
}

const COLUMNS = 'id, purchase_id, item_index, server_id, psd_id, piece_count, indicium, api_key_id, dispensed_at_ms, created_at_ms';
const COLUMN_COUNT = 10;
// Rows per INSERT: 100 × 10 parameters stays far below both dialects' limits on bound parameters.
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
      ]);
      await tx.execute(insertSql(chunk.length), params);
    }
  }

  /** The stamp with that id if `apiKeyId` owns it; null otherwise (another key's stamp is "not found"). */
  async findForOwner(apiKeyId: string, id: string): Promise<StampRecord | null> {
    const rows = await this.db.query(`SELECT ${COLUMNS} FROM stamps WHERE id = ? AND api_key_id = ?`, [id, apiKeyId]);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  }

  /** Up to `limit` of the key's stamps, newest first, after `cursor` when given. */
  async listForOwner(apiKeyId: string, limit: number, cursor: StampCursor | null): Promise<StampRecord[]> {
    const after = cursor === null ? '' : 'AND (created_at_ms < ? OR (created_at_ms = ? AND id < ?))';
    const params: SqlValue[] = cursor === null ? [apiKeyId, limit] : [apiKeyId, cursor.createdAtMs, cursor.createdAtMs, cursor.id, limit];
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM stamps WHERE api_key_id = ? ${after} ORDER BY created_at_ms DESC, id DESC LIMIT ?`,
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
  };
}
