// Dispensing a batch: the main path (one request is a batch of one). A batch is one transaction, so
// that many durable purchases share one commit; a PSD short of funds is reset outside it and the
// requests it could not serve get one more round.
import { AppError, isAppError } from '../errors/app-error.js';
import { dispenseRound, type DispenseOutcome, type RoundResult } from './dispense-round.js';
import type { LedgerContext } from './ledger-config.js';
import type { PsdFilter } from './psd-store.js';
import type { Registers } from './registers.js';
import type { ResetService } from './resets.js';
import { validateStampRequest, type StampRequest } from './stamp-request.js';

/** Narrows which PSDs a batch may use. */
export interface DispenseOptions {
  /** Dispense only from these PSDs of this server (an operator's choice, or a test's). */
  readonly psdIds?: readonly number[];
}

/**
 * Dispenses every request of the batch and answers each, in order: a committed indicium, or the
 * catalogued reason it was refused. Refusals of single requests do not affect the others. Throws only
 * when the first round fails as a whole (database or key failure), in which case nothing was committed.
 */
export async function dispenseBatch(
  ctx: LedgerContext,
  resets: ResetService,
  requests: readonly StampRequest[],
  options: DispenseOptions = {},
): Promise<DispenseOutcome[]> {
  const outcomes = new Array<DispenseOutcome | undefined>(requests.length);
  const valid = validateAll(requests, outcomes);
  const filter: PsdFilter = options.psdIds === undefined ? { serverId: ctx.serverId } : { serverId: ctx.serverId, psdIds: options.psdIds };
  const first = await roundWithRetry(ctx, requests, valid, filter);
  collect(first, outcomes);
  const registers = new Map(first.psdRegisters);
  let short = first.short;
  let resetError: unknown;
  if (short.length > 0 && ctx.autoReset !== undefined) {
    const needed = short.reduce((max, i) => (requests[i] as StampRequest).postageMills > max ? (requests[i] as StampRequest).postageMills : max, 0n);
    resetError = await resetShortPsds(ctx, resets, first.psdRegisters, needed);
    try {
      const second = await roundWithRetry(ctx, requests, short, filter);
      collect(second, outcomes);
      for (const [id, regs] of second.psdRegisters) registers.set(id, regs);
      short = second.short;
    } catch (err) {
      // The first round is committed; its answers stand. The second round's requests get its failure.
      const error = isAppError(err) ? err : new AppError('INTERNAL', 'The second dispensing round failed', {}, { cause: err });
      for (const i of short) outcomes[i] = { ok: false, requestId: (requests[i] as StampRequest).requestId, error };
      short = [];
    }
  }
  for (const i of short) {
    const request = requests[i] as StampRequest;
    const error = new AppError(
      'PSD_FUNDS_EXHAUSTED',
      `No PSD of this server holds the ${request.postageMills} mills of request ${request.requestId}`,
      { requestId: request.requestId, postage: request.postageMills.toString(), automaticReset: ctx.autoReset !== undefined },
      resetError === undefined ? undefined : { cause: resetError },
    );
    outcomes[i] = { ok: false, requestId: request.requestId, error };
  }
  scheduleTopUps(ctx, resets, registers);
  return outcomes as DispenseOutcome[];
}

/** Answers invalid and duplicated requests at once; returns the indices of the rest. */
function validateAll(requests: readonly StampRequest[], outcomes: (DispenseOutcome | undefined)[]): number[] {
  const seen = new Set<string>();
  const valid: number[] = [];
  requests.forEach((request, i) => {
    try {
      validateStampRequest(request);
      if (seen.has(request.requestId)) {
        throw new AppError('INVALID_ARGUMENT', `Request id ${request.requestId} appears twice in one batch`, { requestId: request.requestId });
      }
      seen.add(request.requestId);
      valid.push(i);
    } catch (err) {
      if (!isAppError(err)) throw err;
      outcomes[i] = { ok: false, requestId: String(request.requestId), error: err };
    }
  });
  return valid;
}

function collect(round: RoundResult, outcomes: (DispenseOutcome | undefined)[]): void {
  for (const [i, outcome] of round.outcomes) outcomes[i] = outcome;
}

/**
 * Runs a round, once more when a concurrent batch stored one of its request ids first (a client's
 * retry racing its original; the second run finds that record and answers with it), or when
 * PostgreSQL broke a deadlock between two such inserts by aborting this transaction.
 */
async function roundWithRetry(
  ctx: LedgerContext,
  requests: readonly StampRequest[],
  indices: readonly number[],
  filter: PsdFilter,
): Promise<RoundResult> {
  if (indices.length === 0) return { outcomes: new Map(), short: [], psdRegisters: new Map() };
  try {
    return await dispenseRound(ctx, requests, indices, filter);
  } catch (err) {
    if (!isRequestIdConflict(err) && (err as { code?: unknown })?.code !== '40P01') throw err;
    return dispenseRound(ctx, requests, indices, filter);
  }
}

/** True for a unique violation on indicium_records.request_id, on either dialect. */
function isRequestIdConflict(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  const pg = e?.code === '23505' && String(e.constraint ?? '').includes('request_id');
  const sqlite = typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') && String(e.message).includes('request_id');
  return pg || sqlite;
}

/** Resets (and waits for) the locked PSDs too short for the batch; returns the last failure, if any. */
async function resetShortPsds(ctx: LedgerContext, resets: ResetService, seen: ReadonlyMap<number, Registers>, neededMills: bigint): Promise<unknown> {
  const threshold = ctx.autoReset?.thresholdMills ?? 0n;
  const candidates = [...seen].filter(([, regs]) => regs.descending < neededMills || regs.descending < threshold).map(([id]) => id);
  const settled = await Promise.allSettled(candidates.map((id) => resets.ensureFunds(id, neededMills)));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  return failure?.reason;
}

/** Starts background resets of PSDs left below the threshold; a batch does not wait for the authority. */
function scheduleTopUps(ctx: LedgerContext, resets: ResetService, registers: ReadonlyMap<number, Registers>): void {
  const auto = ctx.autoReset;
  if (auto === undefined) return;
  for (const [psdId, regs] of registers) {
    if (regs.descending < auto.thresholdMills) resets.ensureFunds(psdId).catch(ctx.onBackgroundError);
  }
}
