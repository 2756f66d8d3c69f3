// The batch function behind the dispense route's Batcher (group commit): the purchases that arrived
// together go to the ledger as ONE batch dispense (one transaction, one durable commit), then each
// purchase gets its own answer. Purchases that share a request id (a retry racing its original) go in
// successive batches, so the later one finds the earlier one's stamp and answers with it.
import { AppError, isAppError } from '../errors/app-error.js';
import type { BatchFn } from '../util/batcher.js';
import type { DispenseOutcome } from '../ledger/dispense-round.js';
import type { StampRequest } from '../ledger/stamp-request.js';
import type { PurchaseJob } from './dispense-request.js';
import { detailOfMessage } from '../errors/error-detail.js';
import type { StoredStamp } from './stamp-lookup.js';

/** Where the batch function reports what its callers do not see. */
export interface BatchLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the batch function works with. */
export interface BatchDeps {
  /** The ledger's batch dispense (PsdLedger.dispense): one transaction, one outcome per request. */
  readonly dispense: (requests: readonly StampRequest[]) => Promise<DispenseOutcome[]>;
  /** Reads committed stamps back by request id, with their commit times (for replayed stamps). */
  readonly findStamps: (requestIds: readonly string[]) => Promise<ReadonlyMap<string, StoredStamp>>;
  readonly log: BatchLogger;
}

/** Builds the batch function: one result per purchase, its stamps in item order or the Error refusing it. */
export function createDispenseBatchFn(deps: BatchDeps): BatchFn<PurchaseJob, StoredStamp[]> {
  return async (jobs) => {
    const results = new Array<StoredStamp[] | Error>(jobs.length);
    for (const wave of splitIntoWaves(jobs)) await dispenseWave(deps, jobs, wave, results);
    return results;
  };
}

/**
 * Groups purchases (by index, order kept) so that no request id appears twice in one group; a purchase
 * sharing an id with an earlier one goes to a later group than it.
 */
export function splitIntoWaves(jobs: readonly PurchaseJob[]): number[][] {
  const lastWaveOf = new Map<string, number>();
  const waves: number[][] = [];
  jobs.forEach((job, index) => {
    let wave = 0;
    for (const r of job.requests) wave = Math.max(wave, (lastWaveOf.get(r.requestId) ?? -1) + 1);
    for (const r of job.requests) lastWaveOf.set(r.requestId, wave);
    (waves[wave] ??= []).push(index);
  });
  return waves;
}

async function dispenseWave(deps: BatchDeps, jobs: readonly PurchaseJob[], wave: readonly number[], results: (StoredStamp[] | Error)[]): Promise<void> {
  const requests = wave.flatMap((i) => (jobs[i] as PurchaseJob).requests);
  let outcomes: DispenseOutcome[];
  try {
    outcomes = await deps.dispense(requests);
    if (outcomes.length !== requests.length) throw new AppError('INTERNAL', `The ledger answered ${outcomes.length} of ${requests.length} requests`);
  } catch (err) {
    if (wave.length === 1) {
      results[wave[0] as number] = asError(err);
      return;
    }
    // The ledger throws only when nothing of the batch was committed: dispense each purchase alone, so
    // that the one that broke the batch fails and no other.
    deps.log.warn({ err, purchases: wave.length }, 'a dispense batch failed as a whole; dispensing its purchases one by one');
    for (const i of wave) await dispenseWave(deps, jobs, [i], results);
    return;
  }
  const stored = await storedStamps(deps, outcomes);
  let offset = 0;
  for (const i of wave) {
    const job = jobs[i] as PurchaseJob;
    const mine = outcomes.slice(offset, offset + job.requests.length);
    offset += job.requests.length;
    results[i] = settlePurchase(deps, job, mine, stored);
  }
}

/**
 * The committed stamps of the batch's outcomes. A stamp this batch dispensed is taken from its outcome,
 * which carries the commit time stored with it; only replays (stamps dispensed before) are read back,
 * which also confirms they belong to this server's PSDs.
 */
async function storedStamps(deps: BatchDeps, outcomes: readonly DispenseOutcome[]): Promise<ReadonlyMap<string, StoredStamp> | Error> {
  const stamps = new Map<string, StoredStamp>();
  const readBack: string[] = [];
  for (const o of outcomes) {
    if (!o.ok) continue;
    if (o.committedAtMs === undefined) readBack.push(o.requestId);
    else stamps.set(o.requestId, { requestId: o.requestId, psdId: o.psdId, pieceCount: o.pieceCount, indicium: o.indicium, dispensedAtMs: o.committedAtMs });
  }
  if (readBack.length === 0) return stamps;
  try {
    for (const [id, stamp] of await deps.findStamps(readBack)) stamps.set(id, stamp);
    return stamps;
  } catch (err) {
    return asError(err);
  }
}

/** One purchase's answer: all its stamps, the refusal when none was dispensed, or DISPENSE_INCOMPLETE. */
export function settlePurchase(
  deps: Pick<BatchDeps, 'log'>,
  job: PurchaseJob,
  outcomes: readonly DispenseOutcome[],
  stored: ReadonlyMap<string, StoredStamp> | Error,
): StoredStamp[] | Error {
  const failed = outcomes.filter((o): o is Extract<DispenseOutcome, { ok: false }> => !o.ok);
  if (failed.length === outcomes.length && failed[0] !== undefined) return failed[0].error;
  if (failed.length === 0) {
    // Committed: an error now means "dispensed, answer lost", which a 5xx tells the caller (it looks up).
    if (stored instanceof Error) return stored;
    const stamps: StoredStamp[] = [];
    for (const outcome of outcomes) {
      const stamp = stored.get(outcome.requestId);
      if (stamp === undefined || !outcome.ok || !stamp.indicium.equals(outcome.indicium)) {
        return new AppError('INTERNAL', `The stamp of request ${outcome.requestId} does not read back as committed`);
      }
      stamps.push(stamp);
    }
    return stamps;
  }
  // Some stamps are committed and cannot be taken back: never answer a 4xx ("nothing dispensed"). A retry
  // with the same request ids returns the committed stamps and dispenses the rest.
  const first = failed[0] as Extract<DispenseOutcome, { ok: false }>;
  const done = outcomes.filter((o) => o.ok).map((o) => o.requestId);
  deps.log.error(
    { purchaseId: job.purchaseId, dispensed: done, failed: failed.map((f) => ({ requestId: f.requestId, code: f.error.code })) },
    'purchase dispensed in part',
  );
  return new AppError(
    'DISPENSE_INCOMPLETE',
    `${done.length} of ${outcomes.length} stamps of purchase ${job.purchaseId} were dispensed; request ${first.requestId} was refused: ${detailOfMessage(first.error.code, first.error.message)}`,
    { purchaseId: job.purchaseId, dispensed: done, failed: failed.map((f) => ({ requestId: f.requestId, code: f.error.code })) },
  );
}

function asError(err: unknown): Error {
  if (isAppError(err) || err instanceof Error) return err;
  return new AppError('INTERNAL', String(err));
}
