// The media registry: the labels and sheets the vendor issues to accounts, and which of their slots
// carry stamps. Operators issue and void media (CLI); customers list and inspect theirs (routes); the
// purchase path checks the media a purchase names, reserves their slots with the pending purchase,
// and confirms (or releases) them when the purchase completes (or fails for good).
import type { Database, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/constraint-errors.js';
import { parseMediumSerial } from '../core/media-serial.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { ERRORS } from '../errors/catalogue.js';
import { createIdGenerator } from '../web/ids.js';
import { mediaLayout, slotNumbers } from './media-layouts.js';
import { MediaRepository, type MediumRecord } from './media.repository.js';
import {
  checkMedia,
  mediumField,
  parsedFromSerial,
  parseMediumRequests,
  slotKey,
  type CheckedMedium,
  type MediumFacts,
  type MediumRequest,
  type ParsedMedium,
} from './medium-check.js';
import { cryptoRandomBytes, randomMediumSerials, type RandomBytes } from './serial-allocator.js';

export type { CheckedMedium, MediumRequest } from './medium-check.js';
export type { MediumRecord, SlotRecord } from './media.repository.js';

/** The most media one issue makes. */
export const MAX_ISSUE_COUNT = 1000;
/** The largest page of a list. */
export const MAX_LIST_LIMIT = 1000;
/** Page size when none is asked for. */
export const DEFAULT_LIST_LIMIT = 100;
// A random serial collides with a stored one about once per 10^12 / (media stored) draws: a handful of
// rounds is already beyond any real chance; more means the random source is broken.
const MAX_ISSUE_ROUNDS = 8;

/** What an issue makes. */
export interface IssueRequest {
  readonly accountId: string;
  readonly layout: string;
  readonly count: number;
}

/** The media of one issue. */
export interface IssuedMedia {
  /** The id shared by every medium of this issue. */
  readonly batch: string;
  readonly media: readonly MediumRecord[];
}

/** Filters of a list. */
export interface MediaFilters {
  readonly layout?: string;
  readonly hasFreeSlots?: boolean;
  /** 1..1000, default 100. */
  readonly limit?: number;
  /** The nextCursor of the previous page. */
  readonly cursor?: string;
}

/** One page of media, newest first. */
export interface MediaPage {
  readonly media: readonly MediumRecord[];
  /** Pass it as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** The state of one slot of a medium. */
export interface SlotState {
  readonly slot: number;
  readonly state: 'free' | 'reserved' | 'used';
  /** The stamp printed there, once the purchase completed. */
  readonly stampId: string | null;
  readonly purchaseId: string | null;
}

/** A medium with every one of its slots. */
export interface MediumDetail {
  readonly medium: MediumRecord;
  readonly slots: readonly SlotState[];
}

/** A stamp's medium in the purchase path, after `check`: the item index, the parsed serial and slot. */
export interface MediumReservation {
  readonly itemIndex: number;
  readonly serial: bigint;
  readonly slot: number;
}

/** Clock, randomness and ids, fixed by tests. */
export interface MediaServiceOptions {
  readonly nowMs?: () => number;
  readonly random?: RandomBytes;
  readonly newId?: () => string;
}

/** The media registry's logic over its repository. */
export class MediaService {
  private readonly nowMs: () => number;
  private readonly random: RandomBytes;
  private readonly newId: () => string;
  private readonly repo: MediaRepository;

  constructor(
    private readonly db: Database,
    options: MediaServiceOptions = {},
  ) {
    this.nowMs = options.nowMs ?? Date.now;
    this.random = options.random ?? cryptoRandomBytes;
    this.newId = options.newId ?? createIdGenerator(this.nowMs);
    this.repo = new MediaRepository(db);
  }

  /**
   * Operator: issues `count` (1..1000) new media of `layout` to an account, each with a random serial
   * (MEDIA_LAYOUT_UNKNOWN, MEDIA_ISSUE_COUNT_INVALID). All or none are stored, in one transaction.
   */
  async issue(request: IssueRequest): Promise<IssuedMedia> {
    const layout = mediaLayout(request.layout);
    const count = request.count;
    if (!Number.isInteger(count) || count < 1 || count > MAX_ISSUE_COUNT) {
      throw new AppError('MEDIA_ISSUE_COUNT_INVALID', `Cannot issue ${String(count)} media: from 1 to ${MAX_ISSUE_COUNT} at a time`, { count });
    }
    if (typeof request.accountId !== 'string' || request.accountId.trim() === '') {
      throw new AppError('INVALID_ARGUMENT', 'Media are issued to an account: give its id', { field: 'accountId' });
    }
    const batch = this.newId();
    const issuedAtMs = this.nowMs();
    await this.db.transaction(async (tx) => {
      const repo = new MediaRepository(tx);
      const tried = new Set<bigint>();
      let missing = count;
      for (let round = 0; missing > 0; round++) {
        if (round === MAX_ISSUE_ROUNDS) throw new Error(`could not find ${missing} unused serials in ${MAX_ISSUE_ROUNDS} rounds: is the random source broken?`);
        const serials = randomMediumSerials(missing, this.random, tried);
        for (const s of serials) tried.add(s);
        const rows = serials.map((serial) => ({
          serial,
          kind: layout.kind,
          layout: layout.name,
          slotCount: layout.slotCount,
          accountId: request.accountId,
          issueBatch: batch,
          issuedAtMs,
        }));
        // A serial already stored is skipped, not raised, so the transaction goes on; draw again for it.
        missing -= await repo.insertMedia(rows);
      }
    });
    return { batch, media: await this.repo.findBatch(batch) };
  }

  /** The account's media, newest first, one page at a time (MEDIA_LAYOUT_UNKNOWN, MEDIA_LIST_CURSOR_INVALID). */
  async list(accountId: string, filters: MediaFilters = {}): Promise<MediaPage> {
    return this.page({ ...filters, accountId });
  }

  /** Operator: media of one account, or of every account when `accountId` is left out. */
  async listForOperator(filters: MediaFilters & { readonly accountId?: string } = {}): Promise<MediaPage> {
    return this.page(filters);
  }

  /**
   * One of the account's media with every slot (free, reserved or used, and which stamp). A serial of
   * another account answers MEDIUM_UNKNOWN, like one never issued: this route never tells them apart.
   */
  async get(accountId: string, serialText: string): Promise<MediumDetail> {
    const serial = parseSerialField(serialText, 'serial');
    const medium = await this.repo.find(serial);
    if (medium === null || medium.accountId !== accountId) {
      throw new AppError('MEDIUM_UNKNOWN', `No label or sheet of your account has the serial ${serialText}`, { field: 'serial', serial: serialText });
    }
    return this.detail(medium);
  }

  /** Operator: any medium with its slots (MEDIUM_UNKNOWN). */
  async getForOperator(serialText: string): Promise<MediumDetail> {
    const serial = parseSerialField(serialText, 'serial');
    const medium = await this.repo.find(serial);
    if (medium === null) throw new AppError('MEDIUM_UNKNOWN', `No label or sheet has the serial ${serialText}`, { serial: serialText });
    return this.detail(medium);
  }

  /**
   * Operator: voids a medium (lost, stolen, damaged); its free slots can no longer be bought for. Stamps
   * already on it stay valid. Voiding again keeps the first time and reason (MEDIUM_UNKNOWN,
   * MEDIA_VOID_REASON_REQUIRED).
   */
  async void(serialText: string, reason: string): Promise<MediumRecord> {
    const serial = parseSerialField(serialText, 'serial');
    const why = typeof reason === 'string' ? reason.trim() : '';
    if (why === '') throw new AppError('MEDIA_VOID_REASON_REQUIRED', undefined, { field: 'reason' });
    if ((await this.repo.find(serial)) === null) throw new AppError('MEDIUM_UNKNOWN', `No label or sheet has the serial ${serialText}`, { serial: serialText });
    await this.repo.markVoided(serial, this.nowMs(), why);
    const medium = await this.repo.find(serial);
    if (medium === null) throw new Error(`medium ${serial} vanished while being voided`);
    return medium;
  }

  /**
   * Purchase hook, read-only: checks each stamp's medium in item order and returns the parsed serials and
   * slots. Per item: format and check digit (MEDIUM_SERIAL_FORMAT, MEDIUM_SERIAL_CHECK_DIGIT, and
   * MEDIUM_SLOT_INVALID for a slot that is not 0..255) for every item first, since they need no lookup;
   * then MEDIUM_UNKNOWN, MEDIUM_NOT_YOURS, MEDIUM_VOIDED, MEDIUM_SLOT_OUT_OF_RANGE, MEDIUM_SLOT_USED and
   * MEDIUM_SLOT_REPEATED. Errors name `stamps[index].medium`.
   */
  async check(accountId: string, items: readonly MediumRequest[]): Promise<CheckedMedium[]> {
    if (items.length === 0) return [];
    const parsed = parseMediumRequests(items);
    return this.evaluate(this.repo, accountId, parsed);
  }

  /**
   * Purchase hook, inside the pending purchase's transaction: reserves each item's slot for the purchase.
   * The media are checked again in the transaction (a medium voided since `check` is refused); a slot
   * another purchase took meanwhile fails this purchase with MEDIUM_SLOT_USED. A taken slot is detected
   * without a failed statement and this purchase's rows are removed before throwing, so the transaction
   * stays usable on PostgreSQL for the other purchases batched in it.
   */
  async reserveInTx(tx: Queryable, purchaseId: string, accountId: string, items: readonly MediumReservation[]): Promise<void> {
    if (items.length === 0) return;
    const repo = new MediaRepository(tx);
    const parsed = items.map((i) => parsedFromSerial(i.itemIndex, i.serial, i.slot));
    await this.evaluate(repo, accountId, parsed, purchaseId);
    const nowMs = this.nowMs();
    const rows = items.map((i) => ({ serial: i.serial, slot: i.slot, purchaseId, itemIndex: i.itemIndex, reservedAtMs: nowMs }));
    let inserted: number;
    try {
      inserted = await repo.insertReservations(rows);
    } catch (err) {
      // ON CONFLICT should make this unreachable; kept so a dialect that raises still gets the right code.
      if (isUniqueViolation(err)) throw new AppError('MEDIUM_SLOT_USED', 'A slot of the purchase was taken by another purchase meanwhile', { purchaseId });
      throw err;
    }
    if (inserted === rows.length) return;
    // Fewer rows than asked: find the first item whose slot another purchase holds.
    const held = new Map((await repo.takenSlots(parsed.map((p) => p.serial))).map((s) => [slotKey(s.serial, s.slot), s]));
    const lost = parsed.find((p) => {
      const holder = held.get(slotKey(p.serial, p.slot));
      return holder !== undefined && holder.purchaseId !== purchaseId;
    });
    // Every row already this purchase's (a repeated call): nothing was lost.
    if (lost === undefined) return;
    await repo.deleteReserved(purchaseId);
    throw new AppError('MEDIUM_SLOT_USED', `${mediumField(lost.index)}: slot ${lost.slot} of ${lost.printed} was taken by another purchase meanwhile`, {
      field: mediumField(lost.index),
      serial: lost.printed,
      slot: lost.slot,
    });
  }

  /**
   * Purchase hook, in the completing transaction: the purchase's reserved slots become used, each with
   * the id of the stamp of its item (`stampIdsByItemIndex[itemIndex]`). Returns how many slots.
   */
  async confirmInTx(tx: Queryable, purchaseId: string, stampIdsByItemIndex: readonly string[]): Promise<number> {
    const repo = new MediaRepository(tx);
    const reserved = (await repo.slotsOfPurchase(purchaseId)).filter((s) => s.state === 'reserved');
    if (reserved.length === 0) return 0;
    const ids = new Map<number, string>();
    for (const s of reserved) {
      const id = stampIdsByItemIndex[s.itemIndex];
      // The purchase reserved a slot for an item that has no stamp: the caller's bug, not the user's.
      if (typeof id !== 'string' || id === '') throw new Error(`purchase ${purchaseId}: no stamp id for item ${s.itemIndex}, which reserved a medium slot`);
      ids.set(s.itemIndex, id);
    }
    return repo.markUsed(purchaseId, ids);
  }

  /**
   * Purchase hook, when the purchase failed for good: frees its reserved slots (never used ones: a
   * refunded stamp's slot stays used, the label was printed). Idempotent; returns how many were freed.
   */
  async releaseInTx(tx: Queryable, purchaseId: string): Promise<number> {
    return new MediaRepository(tx).deleteReserved(purchaseId);
  }

  /** Runs the checks over what `repo` reads; slots held by `ownPurchaseId` (a repeated reserve) do not count as taken. */
  private async evaluate(repo: MediaRepository, accountId: string, parsed: readonly ParsedMedium[], ownPurchaseId?: string): Promise<CheckedMedium[]> {
    const found = await repo.findForCheck(parsed.map((p) => p.serial));
    const facts = new Map<bigint, MediumFacts>(found.media.map((f) => [f.serial, f]));
    const taken = new Set(found.taken.filter((s) => s.purchaseId !== ownPurchaseId).map((s) => slotKey(s.serial, s.slot)));
    return checkMedia(accountId, parsed, facts, taken);
  }

  private async page(filters: MediaFilters & { readonly accountId?: string }): Promise<MediaPage> {
    const limit = filters.limit ?? DEFAULT_LIST_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new AppError('INVALID_ARGUMENT', `limit must be from 1 to ${MAX_LIST_LIMIT}, not ${String(limit)}`, { field: 'limit' });
    }
    if (filters.layout !== undefined) mediaLayout(filters.layout);
    const after = filters.cursor === undefined ? undefined : parseCursor(filters.cursor);
    // One more than the page, to know whether another page follows.
    const rows = await this.repo.list({
      ...(filters.accountId === undefined ? {} : { accountId: filters.accountId }),
      ...(filters.layout === undefined ? {} : { layout: filters.layout }),
      ...(filters.hasFreeSlots === undefined ? {} : { hasFreeSlots: filters.hasFreeSlots }),
      ...(after === undefined ? {} : { after }),
      limit: limit + 1,
    });
    const media = rows.slice(0, limit);
    const last = media[media.length - 1];
    return { media, nextCursor: rows.length > limit && last !== undefined ? formatCursor(last) : null };
  }

  private async detail(medium: MediumRecord): Promise<MediumDetail> {
    const taken = new Map((await this.repo.slotsOf(medium.serial)).map((s) => [s.slot, s]));
    const slots = slotNumbers(mediaLayout(medium.layout)).map((slot): SlotState => {
      const t = taken.get(slot);
      return t === undefined
        ? { slot, state: 'free', stampId: null, purchaseId: null }
        : { slot, state: t.state, stampId: t.stampId, purchaseId: t.purchaseId };
    });
    return { medium, slots };
  }
}

/** Parses a serial given as a route parameter or command argument, naming `field` in its error. */
function parseSerialField(text: string, field: string): bigint {
  try {
    return parseMediumSerial(text).serial;
  } catch (err) {
    if (!isAppError(err)) throw err;
    const suffix = `. ${ERRORS[err.code].fix}.`;
    const detail = err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
    throw new AppError(err.code, `${field}: ${detail}`, { ...err.details, field }, { cause: err });
  }
}

// The cursor is the last medium's issue time and serial: "<ms>-<serial>", both decimal.
function formatCursor(m: MediumRecord): string {
  return `${m.issuedAtMs}-${m.serial}`;
}

function parseCursor(cursor: string): { issuedAtMs: number; serial: bigint } {
  const match = /^(\d{1,15})-(\d{1,12})$/.exec(cursor);
  if (match === null) throw new AppError('MEDIA_LIST_CURSOR_INVALID', undefined, { field: 'cursor' });
  return { issuedAtMs: Number(match[1]), serial: BigInt(match[2]!) };
}
