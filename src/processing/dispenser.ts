// The dispensing service of a processing server: checks a purchase, queues it in the group-commit
// batcher, and answers with the committed stamps; and the lookup of stamps already dispensed.
import type { Database } from '../db/database.js';
import type { DispenseRequest, DispenseResponse, LookupResponse } from '../internal-api/dispense-contract.js';
import type { PsdLedger } from '../ledger/psd-ledger.js';
import { Batcher, type BatcherOptions } from '../util/batcher.js';
import { createDispenseBatchFn, type BatchLogger } from './dispense-batch.js';
import { purchaseJobOf, type PurchaseJob } from './dispense-request.js';
import { dispensedStampView, findStoredStamps, type StoredStamp } from './stamp-lookup.js';

/** What a Dispenser is built from. */
export interface DispenserOptions {
  readonly serverId: string;
  /** Vendor software release written into every indicium (spec §2). */
  readonly softwareId: number;
  readonly ledger: Pick<PsdLedger, 'dispense'>;
  /** The ledger's database, to read stamps back. */
  readonly db: Database;
  /** Group commit: most purchases per batch, and how long the first waits for company. */
  readonly batch: BatcherOptions;
  readonly log: BatchLogger;
}

/** Dispenses purchases through one group-commit batcher. */
export class Dispenser {
  private readonly batcher: Batcher<PurchaseJob, StoredStamp[]>;

  constructor(private readonly options: DispenserOptions) {
    this.batcher = new Batcher(
      createDispenseBatchFn({
        dispense: (requests) => options.ledger.dispense(requests),
        findStamps: (ids) => findStoredStamps(options.db, options.serverId, ids),
        log: options.log,
      }),
      options.batch,
    );
  }

  /** Dispenses every item of the purchase, or none (see docs/processing.md); throws the refusal. */
  async dispense(request: DispenseRequest): Promise<DispenseResponse> {
    const job = purchaseJobOf(request, this.options.softwareId);
    const stamps = await this.batcher.submit(job);
    return { serverId: this.options.serverId, stamps: stamps.map(dispensedStampView) };
  }

  /** The stamps among `requestIds` this server dispensed, in the order asked. */
  async lookup(requestIds: readonly string[]): Promise<LookupResponse> {
    const found = await findStoredStamps(this.options.db, this.options.serverId, requestIds);
    const stamps = [...new Set(requestIds)].flatMap((id) => {
      const stamp = found.get(id);
      return stamp === undefined ? [] : [dispensedStampView(stamp)];
    });
    return { serverId: this.options.serverId, stamps };
  }

  /** Resolves when every purchase queued so far has its answer. */
  drain(): Promise<void> {
    return this.batcher.drain();
  }
}
