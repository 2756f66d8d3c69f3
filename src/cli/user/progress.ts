// Progress of a batch on stderr: a line per purchase, or one bar redrawn in place when stderr is a
// terminal; nothing at all with --json or --quiet (stdout then holds only the final document).
import type { BatchPurchase, RetryEvent } from '../../client/index.js';
import type { CliIo } from '../command.js';

/** How progress is shown. */
export type ProgressMode = 'lines' | 'bar' | 'none';

/** Receives the events of a batch. */
export interface ProgressReporter {
  start(stampsTotal: number, purchaseCount: number, batchKey: string): void;
  purchase(purchase: BatchPurchase): void;
  retry(event: RetryEvent): void;
  finish(): void;
}

const BAR_WIDTH = 30;

/** Whether stderr is a terminal, as the CliIo says (main sets it; tests leave it unset: no terminal). */
export function stderrIsTerminal(io: CliIo): boolean {
  return io.errIsTty === true;
}

/** The mode for a command's flags. */
export function progressMode(io: CliIo, flags: { readonly json?: boolean; readonly quiet?: boolean }): ProgressMode {
  if (flags.json || flags.quiet) return 'none';
  return stderrIsTerminal(io) ? 'bar' : 'lines';
}

/** A reporter writing to `write` (stderr) in the given mode. */
export function createProgress(write: (text: string) => void, mode: ProgressMode): ProgressReporter {
  let drawn = false;
  let last = '';
  const line = (text: string): void => {
    // In bar mode a message goes on its own line, and the bar is drawn again below it.
    if (drawn) write('\r\x1b[K');
    write(`${text}\n`);
    if (drawn) write(last);
  };
  return {
    start(total, purchases, batchKey) {
      if (mode === 'none') return;
      line(`buying ${total} stamp${total === 1 ? '' : 's'} in ${purchases} purchase${purchases === 1 ? '' : 's'} (batch key ${batchKey})`);
      if (mode === 'bar') {
        last = bar(0, total, 0, purchases);
        write(last);
        drawn = true;
      }
    },
    purchase(p) {
      if (mode === 'lines') {
        line(`purchase ${p.index + 1}/${p.purchaseCount}: ${p.stamps.length} stamps received and saved (${p.stampsSoFar}/${p.stampsTotal}), purchase ${p.purchaseId}`);
      } else if (mode === 'bar') {
        last = bar(p.stampsSoFar, p.stampsTotal, p.index + 1, p.purchaseCount);
        write(`\r\x1b[K${last}`);
      }
    },
    retry(e) {
      if (mode === 'none') return;
      line(`retrying ${e.method} ${e.path} in ${(e.delayMs / 1000).toFixed(1)} s (${e.reason}) after attempt ${e.attempt}${e.idempotencyKey ? `, same Idempotency-Key ${e.idempotencyKey}` : ''}`);
    },
    finish() {
      if (drawn) write('\n');
      drawn = false;
    },
  };
}

function bar(done: number, total: number, purchasesDone: number, purchases: number): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} stamps, purchase ${purchasesDone}/${purchases}`;
}
