// Refund requests of unused stamps, as the customer sees them: is a stamp eligible, request refunds of
// several stamps all or none, list and read the account's requests. Every method takes the caller's
// account and touches only its rows; another account's stamp or request is answered exactly like one
// that does not exist. The decision comes later, from RefundReviewer.
import type { Database, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/constraint-errors.js';
import { AppError } from '../errors/app-error.js';
import type { Mills } from '../core/money.js';
import { decodeIndicium } from '../core/indicium/codec.js';
import { createIdGenerator } from '../web/ids.js';
import { decodeRefundCursor, encodeRefundCursor } from './refund-cursor.js';
import type { RefundStatusLookup } from './refund-ports.js';
import {
  expectedDecisionAt,
  notFoundRefusal,
  refundPolicy,
  refusalsOf,
  type RefundPolicy,
  type RefundRefusal,
  type RefundStatus,
} from './refund-policy.js';
import { RefundRepository, type RefundableStamp, type RefundRecord } from './refund.repository.js';

/** The most stamps one POST /v1/refunds may name. */
export const MAX_STAMPS_PER_REFUND = 100;

/** What the service is built from. */
export interface RefundServiceOptions {
  readonly db: Database;
  /** Overrides of DEFAULT_REFUND_POLICY (window, grace on the date of mailing, review delay). */
  readonly policy?: Partial<RefundPolicy>;
  /** Milliseconds since 1970; Date.now by default (tests move it). */
  readonly clock?: () => number;
  readonly newId?: () => string;
}

/** Whether one stamp may be refunded now, why not, how much and when it would be decided. */
export interface RefundEligibility {
  readonly stampId: string;
  readonly eligible: boolean;
  readonly reasons: readonly RefundRefusal[];
  /** The postage the refund would credit. */
  readonly amountMills: Mills;
  /** When a request made now would be decided; null when the stamp is not eligible. */
  readonly expectedDecisionAtMs: number | null;
}

/** One stamp refused by a request, with every rule it fails. */
export interface RefusedStamp {
  readonly stampId: string;
  /** The first reason's code. */
  readonly code: string;
  readonly message: string;
  readonly reasons: readonly RefundRefusal[];
}

/** Who asks: the account and the user (the request records the user). */
export interface RefundRequester {
  readonly accountId: string;
  readonly userId: string;
}

/** A page of the account's requests. */
export interface RefundPage {
  readonly refunds: readonly RefundRecord[];
  /** Pass it as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/** The customer side of refunds. */
export class RefundService {
  readonly policy: RefundPolicy;
  private readonly repo: RefundRepository;
  private readonly clock: () => number;
  private readonly newId: () => string;

  constructor(private readonly options: RefundServiceOptions) {
    this.policy = refundPolicy(options.policy);
    this.repo = new RefundRepository(options.db);
    this.clock = options.clock ?? Date.now;
    this.newId = options.newId ?? createIdGenerator(this.clock);
  }

  /** Whether the account's stamp may be refunded now (STAMP_NOT_FOUND when the account has no such stamp). */
  async eligibility(accountId: string, stampId: string): Promise<RefundEligibility> {
    const [stamp] = await this.repo.refundableStamps(this.options.db, accountId, [stampId]);
    if (stamp === undefined) throw stampNotFound(stampId);
    const nowMs = this.clock();
    const reasons = this.refusals(stamp, nowMs);
    return {
      stampId,
      eligible: reasons.length === 0,
      reasons,
      amountMills: amountOf(stamp),
      expectedDecisionAtMs: reasons.length === 0 ? expectedDecisionAt(nowMs, this.policy) : null,
    };
  }

  /**
   * Requests the refund of every stamp, all or none: when any stamp is refused, nothing is recorded and
   * REFUND_NOT_ELIGIBLE lists each refused stamp with its codes (details.refused). 1 to 100 distinct ids.
   */
  async request(requester: RefundRequester, stampIds: readonly string[]): Promise<RefundRecord[]> {
    checkStampIds(stampIds);
    try {
      return await this.options.db.transaction((tx) => this.requestInTx(tx, requester, stampIds));
    } catch (err) {
      // A concurrent request of one of these stamps committed between our check and our insert: check
      // again, which now refuses that stamp as already requested (or succeeds if it was not ours).
      if (!isUniqueViolation(err)) throw err;
      return this.options.db.transaction((tx) => this.requestInTx(tx, requester, stampIds));
    }
  }

  /** The account's request with that id (REFUND_NOT_FOUND when the account has none). */
  async get(accountId: string, id: string): Promise<RefundRecord> {
    const found = await this.repo.find(accountId, id);
    if (found === null) throw new AppError('REFUND_NOT_FOUND', `No refund request ${id} belongs to this account`, { id });
    return found;
  }

  /** A page of the account's requests, newest first, optionally of one status. */
  async list(accountId: string, query: { status?: RefundStatus; limit: number; cursor?: string }): Promise<RefundPage> {
    const after = query.cursor === undefined ? null : decodeRefundCursor(query.cursor);
    // One more than asked tells whether another page follows.
    const rows = await this.repo.list(accountId, query.status ?? null, query.limit + 1, after);
    const refunds = rows.slice(0, query.limit);
    const last = refunds.at(-1);
    const nextCursor = rows.length > query.limit && last !== undefined ? encodeRefundCursor({ requestedAtMs: last.requestedAtMs, id: last.id }) : null;
    return { refunds, nextCursor };
  }

  /** The refund request of each of the account's stamps that has one (for the order history). */
  readonly refundStatusOf: RefundStatusLookup = async (accountId, stampIds) => {
    const found = new Map<string, { status: RefundStatus; refundId: string }>();
    // Chunks keep the IN list within both dialects' limits on bound parameters.
    for (let i = 0; i < stampIds.length; i += 500) {
      for (const s of await this.repo.statusesOf(accountId, stampIds.slice(i, i + 500))) found.set(s.stampId, { status: s.status, refundId: s.refundId });
    }
    return found;
  };

  private async requestInTx(tx: Queryable, requester: RefundRequester, stampIds: readonly string[]): Promise<RefundRecord[]> {
    const nowMs = this.clock();
    const stamps = new Map((await this.repo.refundableStamps(tx, requester.accountId, stampIds)).map((s) => [s.stampId, s]));
    const refused: RefusedStamp[] = [];
    for (const stampId of stampIds) {
      const stamp = stamps.get(stampId);
      const reasons = stamp === undefined ? [notFoundRefusal(stampId)] : this.refusals(stamp, nowMs);
      const first = reasons[0];
      if (first !== undefined) refused.push({ stampId, code: first.code, message: first.message, reasons });
    }
    if (refused.length > 0) {
      const detail = `${refused.length} of the ${stampIds.length} stamps cannot be refunded (${refused.map((r) => `${r.stampId}: ${r.code}`).join(', ')})`;
      throw new AppError('REFUND_NOT_ELIGIBLE', detail, { refused });
    }
    const records: RefundRecord[] = stampIds.map((stampId) => {
      const stamp = stamps.get(stampId)!;
      return {
        id: this.newId(),
        accountId: requester.accountId,
        stampId,
        purchaseId: stamp.purchaseId,
        psdId: stamp.psdId,
        pieceCount: stamp.pieceCount,
        amountMills: amountOf(stamp),
        status: 'requested',
        reasonCode: null,
        reason: null,
        requestedByUserId: requester.userId,
        requestedAtMs: nowMs,
        expectedDecisionAtMs: expectedDecisionAt(nowMs, this.policy),
        decidedAtMs: null,
        publishedAtMs: null,
        creditedAtMs: null,
      };
    });
    await this.repo.insertMany(tx, records);
    return records;
  }

  private refusals(stamp: RefundableStamp, nowMs: number): RefundRefusal[] {
    const { dateOfMailing } = decodeIndicium(stamp.indicium).fields;
    return refusalsOf({ stampId: stamp.stampId, purchasedAtMs: stamp.dispensedAtMs, dateOfMailing, existing: stamp.existing }, this.policy, nowMs);
  }
}

/** The postage the stamp was sold for: the column when present, else the indicium's own postage field. */
function amountOf(stamp: RefundableStamp): Mills {
  return stamp.postageMills ?? decodeIndicium(stamp.indicium).fields.postage;
}

function stampNotFound(stampId: string): AppError {
  // The same words whether the stamp does not exist or belongs to another account: ids cannot be probed.
  return new AppError('STAMP_NOT_FOUND', `No stamp ${stampId} belongs to this account`, { id: stampId });
}

function checkStampIds(stampIds: readonly string[]): void {
  if (stampIds.length < 1 || stampIds.length > MAX_STAMPS_PER_REFUND) {
    throw new AppError('INVALID_ARGUMENT', `stampIds must name 1 to ${MAX_STAMPS_PER_REFUND} stamps, not ${stampIds.length}`, { field: 'stampIds' });
  }
  if (new Set(stampIds).size !== stampIds.length) {
    throw new AppError('INVALID_ARGUMENT', 'stampIds names a stamp more than once', { field: 'stampIds' });
  }
}
