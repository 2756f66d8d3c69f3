// Keeps PSDs inspected without an operator (psd-ledger.md: at least every inspection period, and at
// every reset): at each tick it reports every active PSD whose inspection falls due within the margin
// (the ledger's clock decides), or whose last applied reset is newer than its last inspection.
import type { PsdLedger } from '../ledger/psd-ledger.js';
import type { PsdRecord } from '../ledger/psd-store.js';
import type { ResetRecord } from '../ledger/reset-store.js';
import type { AuthorityReporter } from './authority-port.js';
import { inspectPsd } from './psd-operations.js';
import { PeriodicTask } from '../util/periodic-task.js';

/** What the scheduler works with. */
export interface InspectionSchedulerOptions {
  readonly ledger: Pick<PsdLedger, 'inspectionsDue' | 'listPsds' | 'listResets' | 'getPsd' | 'recordInspection' | 'withdrawPsd'>;
  readonly authority: AuthorityReporter;
  /** Time between two ticks, in milliseconds. */
  readonly intervalMs: number;
  /** A PSD is inspected once its due date is less than this far away, in milliseconds. */
  readonly marginMs: number;
  readonly log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** What one tick did. */
export interface InspectionTick {
  readonly inspected: readonly number[];
  readonly failed: readonly { readonly psdId: number; readonly error: unknown }[];
}

/** True when a reset of `psd` was applied after its last inspection (the authority is told at every reset). */
export function resetSinceInspection(psd: PsdRecord, resets: readonly ResetRecord[]): boolean {
  const lastInspection = psd.lastInspectionAtMs ?? -Infinity;
  return resets.some((r) => r.state === 'applied' && r.updatedAtMs > lastInspection);
}

/** Runs inspection ticks on a timer. */
export class InspectionScheduler extends PeriodicTask<InspectionTick> {
  constructor(private readonly options: InspectionSchedulerOptions) {
    super(options.intervalMs);
  }

  protected async runOnce(): Promise<InspectionTick> {
    const { ledger, authority, marginMs, log } = this.options;
    const inspected: number[] = [];
    const failed: { psdId: number; error: unknown }[] = [];
    let todo: number[];
    try {
      const due = (await ledger.inspectionsDue(marginMs)).map((p) => p.psdId);
      const reset: number[] = [];
      for (const psd of await ledger.listPsds()) {
        if (psd.status === 'active' && !due.includes(psd.psdId) && resetSinceInspection(psd, await ledger.listResets(psd.psdId))) reset.push(psd.psdId);
      }
      todo = [...due, ...reset];
    } catch (error) {
      log.warn({ err: error }, 'inspection tick could not read the PSDs');
      return { inspected, failed };
    }
    for (const psdId of todo) {
      try {
        await inspectPsd(ledger, authority, psdId);
        inspected.push(psdId);
        log.info({ psdId }, 'PSD inspected');
      } catch (error) {
        failed.push({ psdId, error });
        log.warn({ psdId, err: error }, 'PSD inspection failed; it is tried again at the next tick');
      }
    }
    return { inspected, failed };
  }
}
