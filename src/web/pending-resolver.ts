// Finishes purchases that were left pending and that nobody retries: a client that gave up after
// PURCHASE_IN_DOUBT, or a web server that stopped between sending a purchase and storing its answer.
// Stamps a processing server did dispense are stored for their owner (they appear in GET /v1/stamps,
// and a late retry replays them); a purchase no server holds is marked failed, so that nothing waits
// on it and a late retry starts it afresh.
import type { DispatchLogger, Dispatcher } from './dispatcher.js';
import type { PurchaseRecord, PurchaseRepository } from './purchase.repository.js';

/** Settings of the resolver. */
export interface PendingResolverOptions {
  /** How often to look for abandoned purchases. */
  readonly intervalMs: number;
  /** How long a pending purchase must have been left alone before it counts as abandoned. */
  readonly abandonedAfterMs: number;
  /** How long the resolver holds a purchase (its lease). */
  readonly leaseMs: number;
  /** Purchases handled per round. */
  readonly batchSize: number;
  readonly nowMs: () => number;
  readonly newId: () => string;
}

/** The periodic resolver of abandoned pending purchases. */
export class PendingResolver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly purchases: PurchaseRepository,
    private readonly dispatcher: Dispatcher,
    private readonly options: PendingResolverOptions,
    private readonly logger: DispatchLogger,
  ) {}

  /** Runs a round every interval until stopped (the first after one interval). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule();
  }

  /** Stops and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One round; returns how many purchases it completed and failed. */
  async resolveNow(): Promise<{ completed: number; failed: number }> {
    const now = this.options.nowMs();
    const abandoned = await this.purchases.listAbandoned(now - this.options.abandonedAfterMs, now, this.options.batchSize);
    const tally = { completed: 0, failed: 0 };
    for (const purchase of abandoned) {
      const outcome = await this.resolveOne(purchase).catch((err: unknown) => {
        this.logger.warn({ err, purchaseId: purchase.id }, 'could not resolve an abandoned purchase');
        return 'left' as const;
      });
      if (outcome !== 'left') tally[outcome] += 1;
    }
    return tally;
  }

  private async resolveOne(purchase: PurchaseRecord): Promise<'completed' | 'failed' | 'left'> {
    const now = this.options.nowMs();
    const token = this.options.newId();
    if (!(await this.purchases.claimLease(purchase.id, token, now + this.options.leaseMs, now))) return 'left';
    const outcome = await this.dispatcher.settle(purchase, token);
    if (outcome !== 'left') this.logger.info({ purchaseId: purchase.id, outcome }, 'resolved an abandoned purchase');
    return outcome;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.resolveNow()
        .catch((err: unknown) => this.logger.warn({ err }, 'pending purchase round failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }
}
