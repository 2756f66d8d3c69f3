// The periodic half of "nothing lost on any failure" for card money: refunds owed by failed purchases
// and charges whose outcome was unknown are settled here when the immediate attempt did not finish.
import { PeriodicTask } from '../util/periodic-task.js';
import type { BillingService } from './billing.service.js';

/** Where a failed sweep is reported (the next one tries again). */
export interface SweepLogger {
  warn(obj: object, msg: string): void;
}

/** Runs billing.payOwedRefunds() every interval; answers how many refunds or charges it settled. */
export class PaymentSweeper extends PeriodicTask<number> {
  constructor(
    private readonly billing: Pick<BillingService, 'payOwedRefunds'>,
    intervalMs: number,
    private readonly logger: SweepLogger,
  ) {
    super(intervalMs);
  }

  protected async runOnce(): Promise<number> {
    try {
      return await this.billing.payOwedRefunds();
    } catch (err) {
      this.logger.warn({ err }, 'payment sweep failed; the next one tries again');
      return 0;
    }
  }
}
