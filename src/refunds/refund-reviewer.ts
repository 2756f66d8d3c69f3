// The decision on refund requests whose review delay has passed. For each due request the stamp is
// published to the postal authority, whose answer says whether it had scanned the piece before:
//   scanned before → 'rejected', reason STAMP_USED (the postage went through the mail);
//   not scanned    → 'approved', and in the same transaction the postage is credited to the account.
// Publishing is idempotent at the authority, so a crash after publishing and before the decision is
// mended by the next review, which publishes again and gets the same answer. A request whose
// authority call fails stays 'requested' for the next round.
import type { Database } from '../db/database.js';
import { AppError, isAppError } from '../errors/app-error.js';
import { PeriodicTask } from '../util/periodic-task.js';
import type { RefundCreditor, RefundPublisher } from './refund-ports.js';
import { RefundRepository, type RefundRecord } from './refund.repository.js';

/** Where the reviewer logs (a Fastify or pino logger fits). */
export interface RefundLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What one review round did. */
export interface ReviewSummary {
  readonly approved: number;
  readonly rejected: number;
  /** Left 'requested' for the next round: the authority or the credit failed. */
  readonly deferred: number;
}

/** What the reviewer is built from. */
export interface RefundReviewerOptions {
  readonly db: Database;
  readonly publisher: RefundPublisher;
  readonly creditor: RefundCreditor;
  readonly logger?: RefundLogger;
  /** Most requests decided per round (the rest wait for the next); 100 by default. */
  readonly batchSize?: number;
}

/** Decides due refund requests. */
export class RefundReviewer {
  private readonly repo: RefundRepository;

  constructor(private readonly options: RefundReviewerOptions) {
    this.repo = new RefundRepository(options.db);
  }

  /** Decides every request due at `nowMs` (up to the batch size), one at a time. */
  async reviewDue(nowMs: number): Promise<ReviewSummary> {
    const due = await this.repo.due(nowMs, this.options.batchSize ?? 100);
    let approved = 0;
    let rejected = 0;
    let deferred = 0;
    for (const [index, request] of due.entries()) {
      const outcome = await this.decide(request, nowMs);
      if (outcome === 'approved') approved += 1;
      else if (outcome === 'rejected') rejected += 1;
      else if (outcome !== 'decided-elsewhere') {
        deferred += 1;
        if (outcome === 'authority-down') {
          // The authority is not answering: the rest of the round would only wait for the same timeout.
          deferred += due.length - index - 1;
          break;
        }
      }
    }
    if (due.length > 0) this.options.logger?.info({ approved, rejected, deferred }, 'refund review round');
    return { approved, rejected, deferred };
  }

  private async decide(request: RefundRecord, nowMs: number): Promise<'approved' | 'rejected' | 'decided-elsewhere' | 'deferred' | 'authority-down'> {
    let publication;
    try {
      publication = await this.options.publisher.publish({ psdId: request.psdId, pieceCount: request.pieceCount });
    } catch (err) {
      const down = isAppError(err) && err.kind === 'unavailable';
      this.options.logger?.warn(
        { err, refundId: request.id, psdId: request.psdId, pieceCount: request.pieceCount },
        down ? 'refund not published: the postal authority is unavailable; it stays requested for the next review' : 'refund not published; it stays requested for the next review',
      );
      return down ? 'authority-down' : 'deferred';
    }
    const publishedAtMs = publication.publishedAtMs ?? nowMs;
    if (publication.scannedBefore) {
      const reason = new AppError('STAMP_USED', `The postal authority scanned stamp ${request.stampId} (PSD ${request.psdId}, piece ${request.pieceCount}) before its refund was published: its postage was used`).message;
      return (await this.repo.reject(this.options.db, request.id, nowMs, publishedAtMs, 'STAMP_USED', reason)) ? 'rejected' : 'decided-elsewhere';
    }
    try {
      const credited = await this.options.db.transaction(async (tx) => {
        // The status change guards the credit: a request another reviewer decided meanwhile is not credited twice.
        if (!(await this.repo.approveInTx(tx, request.id, nowMs, publishedAtMs))) return false;
        await this.options.creditor.creditStampRefundInTx(tx, {
          accountId: request.accountId,
          purchaseId: request.purchaseId,
          stampId: request.stampId,
          amountMills: request.amountMills,
          refundId: request.id,
        });
        return true;
      });
      return credited ? 'approved' : 'decided-elsewhere';
    } catch (err) {
      this.options.logger?.error({ err, refundId: request.id }, 'refund approved by the authority but not credited; it stays requested for the next review');
      return 'deferred';
    }
  }
}

/** Runs a RefundReviewer every `intervalMs` (one round at a time; stop() waits for the round in progress). */
export class RefundReviewTask extends PeriodicTask<ReviewSummary> {
  constructor(
    private readonly reviewer: RefundReviewer,
    intervalMs: number,
    private readonly clock: () => number = Date.now,
    private readonly logger?: Pick<RefundLogger, 'error'>,
  ) {
    super(intervalMs);
  }

  protected async runOnce(): Promise<ReviewSummary> {
    try {
      return await this.reviewer.reviewDue(this.clock());
    } catch (err) {
      // A round that fails as a whole (the database is down) is retried by the next tick.
      this.logger?.error({ err }, 'refund review round failed');
      return { approved: 0, rejected: 0, deferred: 0 };
    }
  }
}
