// Every read and write of the media and media_slots tables. A repository works over whatever Queryable
// it is given: the database, or the caller's open transaction (the purchase path's *InTx hooks).
import type { Queryable, Row, SqlValue } from '../db/database.js';
import { asBigInt, asNumber, asString, orNull } from '../db/row-values.js';
import type { MediumKind } from './media-layouts.js';
import type { MediumFacts } from './medium-check.js';

/** A medium as stored, with how many of its slots are taken. */
export interface MediumRecord {
  /** The 12-digit serial without its check digit. */
  readonly serial: bigint;
  readonly kind: MediumKind;
  readonly layout: string;
  readonly slotCount: number;
  readonly accountId: string;
  readonly issueBatch: string;
  readonly issuedAtMs: number;
  readonly voidedAtMs: number | null;
  readonly voidReason: string | null;
  /** Slots carrying a stamp. */
  readonly usedCount: number;
  /** Slots reserved by a purchase in flight. */
  readonly reservedCount: number;
}

/** A new medium's row. */
export type NewMedium = Omit<MediumRecord, 'voidedAtMs' | 'voidReason' | 'usedCount' | 'reservedCount'>;

/** A taken slot: reserved by a purchase in flight, or used by its stamp. */
export interface SlotRecord {
  readonly serial: bigint;
  readonly slot: number;
  readonly purchaseId: string;
  readonly itemIndex: number;
  readonly stampId: string | null;
  readonly state: 'reserved' | 'used';
  readonly reservedAtMs: number;
}

/** A slot a purchase asks to reserve. */
export interface NewReservation {
  readonly serial: bigint;
  readonly slot: number;
  readonly purchaseId: string;
  readonly itemIndex: number;
  readonly reservedAtMs: number;
}

/** Which media a list returns, and the page. */
export interface MediaQuery {
  /** Only this account's media; undefined for every account (operator). */
  readonly accountId?: string;
  readonly layout?: string;
  /** true: not voided and with a free slot; false: voided or full. */
  readonly hasFreeSlots?: boolean;
  readonly limit: number;
  /** Only media after this one in the order (newest first). */
  readonly after?: { readonly issuedAtMs: number; readonly serial: bigint };
}

// Rows per multi-row statement: well under SQLite's and PostgreSQL's parameter limits.
const CHUNK = 500;

const USED = "(SELECT COUNT(*) FROM media_slots s WHERE s.serial = m.serial AND s.state = 'used')";
const RESERVED = "(SELECT COUNT(*) FROM media_slots s WHERE s.serial = m.serial AND s.state = 'reserved')";
const TAKEN = '(SELECT COUNT(*) FROM media_slots s WHERE s.serial = m.serial)';
const COLUMNS = `m.serial, m.kind, m.layout, m.slot_count, m.account_id, m.issue_batch, m.issued_at_ms, m.voided_at_ms, m.void_reason,
  ${USED} AS used_count, ${RESERVED} AS reserved_count`;
const SLOT_COLUMNS = 'serial, slot, purchase_id, item_index, stamp_id, state, reserved_at_ms';

/** Reads and writes the media registry. */
export class MediaRepository {
  constructor(private readonly q: Queryable) {}

  /** Inserts new media, skipping any whose serial is already stored; returns how many were inserted. */
  async insertMedia(media: readonly NewMedium[]): Promise<number> {
    let inserted = 0;
    for (const chunk of chunks(media)) {
      const values = chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      const params = chunk.flatMap((m) => [m.serial, m.kind, m.layout, m.slotCount, m.accountId, m.issueBatch, m.issuedAtMs]);
      const sql = `INSERT INTO media (serial, kind, layout, slot_count, account_id, issue_batch, issued_at_ms) VALUES ${values} ON CONFLICT (serial) DO NOTHING`;
      inserted += (await this.q.execute(sql, params)).changes;
    }
    return inserted;
  }

  /** The media of one issue batch, by serial. */
  async findBatch(issueBatch: string): Promise<MediumRecord[]> {
    const rows = await this.q.query(`SELECT ${COLUMNS} FROM media m WHERE m.issue_batch = ? ORDER BY m.serial`, [issueBatch]);
    return rows.map(toMedium);
  }

  /** The medium with that serial, whoever it belongs to; null when none. */
  async find(serial: bigint): Promise<MediumRecord | null> {
    const rows = await this.q.query(`SELECT ${COLUMNS} FROM media m WHERE m.serial = ?`, [serial]);
    return rows[0] === undefined ? null : toMedium(rows[0]);
  }

  /**
   * What the purchase check needs, in one round trip: the media among `serials` that exist (owner,
   * layout, void state) and their taken slots (with the purchase holding each).
   */
  async findForCheck(serials: readonly bigint[]): Promise<{ media: MediumFacts[]; taken: { serial: bigint; slot: number; purchaseId: string }[] }> {
    const media = new Map<bigint, MediumFacts>();
    const taken: { serial: bigint; slot: number; purchaseId: string }[] = [];
    for (const chunk of chunks(unique(serials))) {
      const rows = await this.q.query(
        `SELECT m.serial, m.account_id, m.layout, m.voided_at_ms, s.slot, s.purchase_id
         FROM media m LEFT JOIN media_slots s ON s.serial = m.serial WHERE m.serial IN (${marks(chunk)})`,
        chunk,
      );
      for (const r of rows) {
        const serial = asBigInt(r.serial, 'media.serial');
        if (!media.has(serial)) {
          media.set(serial, {
            serial,
            accountId: asString(r.account_id, 'media.account_id'),
            layout: asString(r.layout, 'media.layout'),
            voided: r.voided_at_ms !== null && r.voided_at_ms !== undefined,
          });
        }
        if (r.slot !== null && r.slot !== undefined) {
          taken.push({ serial, slot: asNumber(r.slot, 'media_slots.slot'), purchaseId: asString(r.purchase_id, 'media_slots.purchase_id') });
        }
      }
    }
    return { media: [...media.values()], taken };
  }

  /** A page of media, newest first (issued_at_ms, then serial, descending). */
  async list(query: MediaQuery): Promise<MediumRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (query.accountId !== undefined) {
      where.push('m.account_id = ?');
      params.push(query.accountId);
    }
    if (query.layout !== undefined) {
      where.push('m.layout = ?');
      params.push(query.layout);
    }
    if (query.hasFreeSlots !== undefined) {
      const free = `(m.voided_at_ms IS NULL AND ${TAKEN} < m.slot_count)`;
      where.push(query.hasFreeSlots ? free : `NOT ${free}`);
    }
    if (query.after !== undefined) {
      where.push('(m.issued_at_ms < ? OR (m.issued_at_ms = ? AND m.serial < ?))');
      params.push(query.after.issuedAtMs, query.after.issuedAtMs, query.after.serial);
    }
    const filter = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
    const rows = await this.q.query(`SELECT ${COLUMNS} FROM media m ${filter} ORDER BY m.issued_at_ms DESC, m.serial DESC LIMIT ?`, [
      ...params,
      query.limit,
    ]);
    return rows.map(toMedium);
  }

  /** The taken slots of one medium, by slot number. */
  async slotsOf(serial: bigint): Promise<SlotRecord[]> {
    const rows = await this.q.query(`SELECT ${SLOT_COLUMNS} FROM media_slots WHERE serial = ? ORDER BY slot`, [serial]);
    return rows.map(toSlot);
  }

  /** The taken slots of the given media. */
  async takenSlots(serials: readonly bigint[]): Promise<SlotRecord[]> {
    const out: SlotRecord[] = [];
    for (const chunk of chunks(unique(serials))) {
      const rows = await this.q.query(`SELECT ${SLOT_COLUMNS} FROM media_slots WHERE serial IN (${marks(chunk)})`, chunk);
      out.push(...rows.map(toSlot));
    }
    return out;
  }

  /**
   * Inserts reserved slot rows, skipping any (serial, slot) already taken: a conflict is skipped rather
   * than raised so that, on PostgreSQL, the caller's transaction (shared by a batch of purchases) stays
   * usable. Returns how many rows were inserted; fewer than asked means a slot was taken.
   */
  async insertReservations(rows: readonly NewReservation[]): Promise<number> {
    let inserted = 0;
    for (const chunk of chunks(rows)) {
      const values = chunk.map(() => "(?, ?, ?, ?, NULL, 'reserved', ?)").join(', ');
      const params = chunk.flatMap((r) => [r.serial, r.slot, r.purchaseId, r.itemIndex, r.reservedAtMs]);
      const sql = `INSERT INTO media_slots (${SLOT_COLUMNS}) VALUES ${values} ON CONFLICT (serial, slot) DO NOTHING`;
      inserted += (await this.q.execute(sql, params)).changes;
    }
    return inserted;
  }

  /** The slot rows of a purchase, by item index. */
  async slotsOfPurchase(purchaseId: string): Promise<SlotRecord[]> {
    const rows = await this.q.query(`SELECT ${SLOT_COLUMNS} FROM media_slots WHERE purchase_id = ? ORDER BY item_index`, [purchaseId]);
    return rows.map(toSlot);
  }

  /** Deletes the purchase's reserved (never its used) slot rows; returns how many. */
  async deleteReserved(purchaseId: string): Promise<number> {
    return (await this.q.execute("DELETE FROM media_slots WHERE purchase_id = ? AND state = 'reserved'", [purchaseId])).changes;
  }

  /** Marks the purchase's reserved slots used, each with its stamp's id (itemIndex → stampId); returns how many. */
  async markUsed(purchaseId: string, stampIds: ReadonlyMap<number, string>): Promise<number> {
    let changed = 0;
    for (const chunk of chunks([...stampIds])) {
      // One statement per chunk: CASE picks each row's stamp id by its item index.
      const cases = chunk.map(() => 'WHEN ? THEN ?').join(' ');
      const sql = `UPDATE media_slots SET state = 'used', stamp_id = CASE item_index ${cases} END
        WHERE purchase_id = ? AND state = 'reserved' AND item_index IN (${marks(chunk)})`;
      const params: SqlValue[] = [...chunk.flatMap(([index, id]) => [index, id]), purchaseId, ...chunk.map(([index]) => index)];
      changed += (await this.q.execute(sql, params)).changes;
    }
    return changed;
  }

  /** Voids the medium at `atMs` unless it is voided already; returns whether it changed. */
  async markVoided(serial: bigint, atMs: number, reason: string): Promise<boolean> {
    const { changes } = await this.q.execute('UPDATE media SET voided_at_ms = ?, void_reason = ? WHERE serial = ? AND voided_at_ms IS NULL', [
      atMs,
      reason,
      serial,
    ]);
    return changes > 0;
  }
}

function toMedium(row: Row): MediumRecord {
  const voided = orNull(asBigInt)(row.voided_at_ms, 'media.voided_at_ms');
  return {
    serial: asBigInt(row.serial, 'media.serial'),
    kind: asString(row.kind, 'media.kind') as MediumKind,
    layout: asString(row.layout, 'media.layout'),
    slotCount: asNumber(row.slot_count, 'media.slot_count'),
    accountId: asString(row.account_id, 'media.account_id'),
    issueBatch: asString(row.issue_batch, 'media.issue_batch'),
    issuedAtMs: asNumber(row.issued_at_ms, 'media.issued_at_ms'),
    voidedAtMs: voided === null ? null : Number(voided),
    voidReason: orNull(asString)(row.void_reason, 'media.void_reason'),
    usedCount: asNumber(row.used_count, 'used_count'),
    reservedCount: asNumber(row.reserved_count, 'reserved_count'),
  };
}

function toSlot(row: Row): SlotRecord {
  return {
    serial: asBigInt(row.serial, 'media_slots.serial'),
    slot: asNumber(row.slot, 'media_slots.slot'),
    purchaseId: asString(row.purchase_id, 'media_slots.purchase_id'),
    itemIndex: asNumber(row.item_index, 'media_slots.item_index'),
    stampId: orNull(asString)(row.stamp_id, 'media_slots.stamp_id'),
    state: asString(row.state, 'media_slots.state') as 'reserved' | 'used',
    reservedAtMs: asNumber(row.reserved_at_ms, 'media_slots.reserved_at_ms'),
  };
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function unique(serials: readonly bigint[]): bigint[] {
  return [...new Set(serials)];
}

function marks(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
