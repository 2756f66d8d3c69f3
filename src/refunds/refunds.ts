// The refunds part assembled for the web server: the service behind the routes and, when the postal
// authority is configured, the reviewer that decides due requests on a timer. Without an authority,
// requests are accepted and stay 'requested' until one is configured (nothing is credited unpublished).
import type { Database } from '../db/database.js';
import { AuthorityRefundPublisher } from './authority-refund-publisher.js';
import type { RefundCreditor, RefundPublisher } from './refund-ports.js';
import type { RefundPolicy } from './refund-policy.js';
import { RefundReviewer, RefundReviewTask, type RefundLogger } from './refund-reviewer.js';
import { RefundService } from './refund.service.js';

/** What the part is built from (src/web/web-services.ts passes the web configuration's values). */
export interface RefundsOptions {
  readonly db: Database;
  /** The account ledger's credit (src/billing). */
  readonly creditor: RefundCreditor;
  /** The postal authority (WebConfig authorityUrl and authorityToken); null: no review runs. */
  readonly authority: { readonly url: string; readonly token: string; readonly timeoutMs?: number } | null;
  /** WebConfig refundReviewIntervalMs. */
  readonly reviewIntervalMs: number;
  readonly policy?: Partial<RefundPolicy>;
  readonly clock?: () => number;
  readonly logger?: RefundLogger;
  /** Replaces the HTTP publisher (tests). */
  readonly publisher?: RefundPublisher;
}

/** The assembled part. */
export interface Refunds {
  readonly service: RefundService;
  /** Null when no authority is configured. */
  readonly reviewer: RefundReviewer | null;
  /** Starts the periodic review (does nothing without an authority). */
  start(): void;
  /** Stops the periodic review and waits for a round in progress. */
  stop(): Promise<void>;
}

/** Builds the service and, with an authority, the reviewer and its timer (not started). */
export function createRefunds(options: RefundsOptions): Refunds {
  const clock = options.clock ?? Date.now;
  const service = new RefundService({ db: options.db, clock, ...(options.policy === undefined ? {} : { policy: options.policy }) });
  const publisher =
    options.publisher ??
    (options.authority === null
      ? null
      : new AuthorityRefundPublisher({ baseUrl: options.authority.url, token: options.authority.token, timeoutMs: options.authority.timeoutMs ?? 10_000 }));
  const reviewer =
    publisher === null
      ? null
      : new RefundReviewer({ db: options.db, publisher, creditor: options.creditor, ...(options.logger === undefined ? {} : { logger: options.logger }) });
  const task = reviewer === null ? null : new RefundReviewTask(reviewer, options.reviewIntervalMs, clock, options.logger);
  return {
    service,
    reviewer,
    start: () => {
      if (task === null) options.logger?.warn({}, 'no postal authority is configured: refund requests stay requested until one is');
      task?.start();
    },
    stop: async () => task?.stop(),
  };
}
