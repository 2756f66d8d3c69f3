// Sends every PSD's daily transaction report without an operator: at each tick, for each PSD of this
// server, the finished days of the catch-up window (yesterday back to `catchUpDays` ago, not before the
// PSD was provisioned nor after it was withdrawn) that the authority does not hold yet. The authority is
// the memory of what was sent, so a missed day (server down, authority unreachable) is sent at a later
// tick, and a day is never sent twice by the scheduler: once a day is held it is skipped.
import { dayOfMs, dayToString } from '../../authority/reports/report-day.js';
import { reportableDays, sendDailyReport, type ReportDeps } from './report-sender.js';
import { PeriodicTask } from '../../util/periodic-task.js';

/** What the scheduler works with. */
export interface ReportSchedulerOptions {
  readonly deps: ReportDeps;
  /** Time between two ticks, in milliseconds. */
  readonly intervalMs: number;
  /** How many finished days back a tick looks, yesterday included (at most 366). */
  readonly catchUpDays: number;
  readonly log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** What one tick did: the (PSD, day) pairs sent, and those that failed (tried again at the next tick). */
export interface ReportTick {
  readonly sent: readonly { readonly psdId: number; readonly day: number }[];
  readonly failed: readonly { readonly psdId: number; readonly day: number | null; readonly error: unknown }[];
}

/** Runs report ticks on a timer. */
export class ReportScheduler extends PeriodicTask<ReportTick> {
  constructor(private readonly options: ReportSchedulerOptions) {
    super(options.intervalMs);
  }

  protected async runOnce(): Promise<ReportTick> {
    const { deps, catchUpDays, log } = this.options;
    const sent: { psdId: number; day: number }[] = [];
    const failed: { psdId: number; day: number | null; error: unknown }[] = [];
    const yesterday = dayOfMs(deps.nowMs()) - 1;
    let psds;
    try {
      psds = await deps.ledger.listPsds();
    } catch (error) {
      log.warn({ err: error }, 'report tick could not read the PSDs');
      return { sent, failed };
    }
    for (const psd of psds) {
      const days = reportableDays(psd, yesterday - catchUpDays + 1, yesterday);
      if (days.length === 0) continue; // provisioned today: nothing finished to report, no call made
      try {
        const held = await deps.authority.reportedDays(psd.psdId, days[0]!, days.at(-1)!);
        for (const day of days.filter((d) => !held.has(d))) {
          try {
            await sendDailyReport(deps, psd.psdId, day);
            sent.push({ psdId: psd.psdId, day });
            log.info({ psdId: psd.psdId, day: dayToString(day) }, 'daily report sent');
          } catch (error) {
            failed.push({ psdId: psd.psdId, day, error });
            log.warn({ psdId: psd.psdId, day: dayToString(day), err: error }, 'daily report not sent; it is tried again at the next tick');
          }
        }
      } catch (error) {
        failed.push({ psdId: psd.psdId, day: null, error });
        log.warn({ psdId: psd.psdId, err: error }, 'could not ask the authority which reports it holds');
      }
    }
    return { sent, failed };
  }
}
