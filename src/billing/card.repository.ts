// Every read and write of the cards table. A row holds the gateway's token, brand, last four digits,
// expiry and the holder's name: never the card number or the security code.
import type { Queryable, Row } from '../db/database.js';
import { asBigInt, asBoolean, asNumber, asString, orNull } from '../db/row-values.js';

/** A card on file. */
export interface CardRecord {
  readonly id: string;
  readonly accountId: string;
  readonly gatewayToken: string;
  readonly brand: string;
  readonly last4: string;
  readonly expMonth: number;
  readonly expYear: number;
  readonly holderName: string | null;
  readonly isDefault: boolean;
  readonly createdAtMs: number;
  readonly removedAtMs: number | null;
}

const COLUMNS = 'id, account_id, gateway_token, brand, last4, exp_month, exp_year, holder_name, is_default, created_at_ms, removed_at_ms';

/** Reads and writes cards; every query names the account, so one account never reaches another's cards. */
export class CardRepository {
  /** Stores a new card. */
  async insert(q: Queryable, c: CardRecord): Promise<void> {
    await q.execute(`INSERT INTO cards (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      c.id,
      c.accountId,
      c.gatewayToken,
      c.brand,
      c.last4,
      c.expMonth,
      c.expYear,
      c.holderName,
      c.isDefault ? 1 : 0,
      c.createdAtMs,
      c.removedAtMs,
    ]);
  }

  /** The account's cards not removed, default first, then newest first. */
  async listActive(q: Queryable, accountId: string): Promise<CardRecord[]> {
    const rows = await q.query(`SELECT ${COLUMNS} FROM cards WHERE account_id = ? AND removed_at_ms IS NULL ORDER BY is_default DESC, created_at_ms DESC, id DESC`, [
      accountId,
    ]);
    return rows.map(toCard);
  }

  /** The account's card with that id, removed or not; null when none (or another account's). */
  async find(q: Queryable, accountId: string, id: string): Promise<CardRecord | null> {
    const rows = await q.query(`SELECT ${COLUMNS} FROM cards WHERE account_id = ? AND id = ?`, [accountId, id]);
    return rows[0] === undefined ? null : toCard(rows[0]);
  }

  /** The account's default card, or null. */
  async findDefault(q: Queryable, accountId: string): Promise<CardRecord | null> {
    const rows = await q.query(`SELECT ${COLUMNS} FROM cards WHERE account_id = ? AND is_default = 1 AND removed_at_ms IS NULL`, [accountId]);
    return rows[0] === undefined ? null : toCard(rows[0]);
  }

  /** A card by id alone, for charges already tied to their account. */
  async findById(q: Queryable, id: string): Promise<CardRecord | null> {
    const rows = await q.query(`SELECT ${COLUMNS} FROM cards WHERE id = ?`, [id]);
    return rows[0] === undefined ? null : toCard(rows[0]);
  }

  /** Marks the card removed and not default; false when it is not an active card of the account. */
  async remove(q: Queryable, accountId: string, id: string, atMs: number): Promise<boolean> {
    const { changes } = await q.execute('UPDATE cards SET removed_at_ms = ?, is_default = 0 WHERE account_id = ? AND id = ? AND removed_at_ms IS NULL', [
      atMs,
      accountId,
      id,
    ]);
    return changes > 0;
  }

  /** Makes `id` the account's only default card; false when it is not an active card of the account. */
  async makeDefault(q: Queryable, accountId: string, id: string): Promise<boolean> {
    const found = await q.query('SELECT id FROM cards WHERE account_id = ? AND id = ? AND removed_at_ms IS NULL', [accountId, id]);
    if (found.length === 0) return false;
    await q.execute('UPDATE cards SET is_default = 0 WHERE account_id = ? AND is_default = 1 AND id <> ?', [accountId, id]);
    await q.execute('UPDATE cards SET is_default = 1 WHERE account_id = ? AND id = ?', [accountId, id]);
    return true;
  }
}

function toCard(r: Row): CardRecord {
  return {
    id: asString(r.id),
    accountId: asString(r.account_id),
    gatewayToken: asString(r.gateway_token),
    brand: asString(r.brand),
    last4: asString(r.last4),
    expMonth: asNumber(asBigInt(r.exp_month)),
    expYear: asNumber(asBigInt(r.exp_year)),
    holderName: orNull(asString)(r.holder_name),
    isDefault: asBoolean(r.is_default),
    createdAtMs: asNumber(asBigInt(r.created_at_ms)),
    removedAtMs: orNull((v) => asNumber(asBigInt(v)))(r.removed_at_ms),
  };
}
