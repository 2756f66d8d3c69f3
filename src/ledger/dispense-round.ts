// One dispensing round: ONE transaction that locks a few PSDs, debits them for the requests of a
// batch, signs the indicia over the new registers, stores records and audit entries, updates the PSDs
// and commits. Nothing it builds leaves before the commit.
import { assembleIndicium, encodeSignedPart } from '../core/indicium/codec.js';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { appendAuditEntry, indiciumReference, type AuditEntry } from './audit-chain.js';
import { planDispense, psdRefusal, type PlannedDebit } from './dispense-plan.js';
import type { LedgerContext } from './ledger-config.js';
import { listPsds, lockDispensablePsds, updatePsdRegisters, type PsdFilter, type PsdRecord } from './psd-store.js';
import { findRecordsByRequestId, insertAuditEntries, insertIndiciumRecords, type IndiciumRecord } from './record-store.js';
import { assertRegisterTransition, type Registers } from './registers.js';
import { indiciumFieldsFor, indiciumMatchesRequest, type StampRequest } from './stamp-request.js';

/** The answer to one request of a batch, in the batch's order. */
export type DispenseOutcome =
  | {
      readonly ok: true;
      readonly requestId: string;
      /** The 117-byte signed indicium, durably committed. */
      readonly indicium: Buffer;
      readonly psdId: number;
      readonly pieceCount: number;
      /** True when the request id had been dispensed before and this is the stored indicium. */
      readonly replayed: boolean;
      /**
       * For a stamp dispensed by this call: the commit time stored with its record (created_at_ms),
       * milliseconds since 1970-01-01 UTC, so the caller need not read it back. Absent on a replay.
       */
      readonly committedAtMs?: number;
    }
  | { readonly ok: false; readonly requestId: string; readonly error: AppError };

/** What one round decided. */
export interface RoundResult {
  /** Outcomes by request index, for the requests the round settled. */
  readonly outcomes: ReadonlyMap<number, DispenseOutcome>;
  /** Requests no locked PSD had funds for; a reset may help. */
  readonly short: readonly number[];
  /** Registers, after the round, of every PSD the round locked. */
  readonly psdRegisters: ReadonlyMap<number, Registers>;
}

/** Runs one round for the requests at `indices` in one transaction. */
export async function dispenseRound(
  ctx: LedgerContext,
  requests: readonly StampRequest[],
  indices: readonly number[],
  filter: PsdFilter,
): Promise<RoundResult> {
  return ctx.db.transaction(async (tx) => {
    const nowMs = ctx.nowMs();
    const outcomes = await replays(tx, requests, indices);
    const todo = indices.filter((i) => !outcomes.has(i));
    if (todo.length === 0) return { outcomes, short: [], psdRegisters: new Map() };
    const psds = await lockDispensablePsds(tx, filter, nowMs, Math.min(todo.length, ctx.maxPsdsPerBatch));
    if (psds.length === 0) {
      const error = await noPsdError(tx, filter, nowMs);
      for (const i of todo) outcomes.set(i, { ok: false, requestId: (requests[i] as StampRequest).requestId, error });
      return { outcomes, short: [], psdRegisters: new Map() };
    }
    const plan = planDispense(
      psds,
      requests.map((r) => r.postageMills),
      todo,
      nowMs,
      requests.map((r) => r.groupId),
    );
    const built = await signDebits(ctx, requests, plan.debits, nowMs);
    await persist(tx, psds, built, plan.finalRegisters);
    for (const { debit, record } of built) {
      outcomes.set(debit.requestIndex, {
        ok: true,
        requestId: record.requestId,
        indicium: record.indicium,
        psdId: debit.psd.psdId,
        pieceCount: debit.after.pieceCount,
        replayed: false,
        committedAtMs: record.createdAtMs,
      });
    }
    return { outcomes, short: plan.short, psdRegisters: plan.finalRegisters };
  });
}

/** Outcomes for requests whose id is already stored: the same indicium again, or a conflict. */
async function replays(tx: Queryable, requests: readonly StampRequest[], indices: readonly number[]): Promise<Map<number, DispenseOutcome>> {
  const stored = await findRecordsByRequestId(
    tx,
    indices.map((i) => (requests[i] as StampRequest).requestId),
  );
  const outcomes = new Map<number, DispenseOutcome>();
  for (const i of indices) {
    const request = requests[i] as StampRequest;
    const record = stored.get(request.requestId);
    if (record === undefined) continue;
    if (indiciumMatchesRequest(record.indicium, request)) {
      outcomes.set(i, {
        ok: true,
        requestId: request.requestId,
        indicium: record.indicium,
        psdId: record.psdId,
        pieceCount: record.pieceCount,
        replayed: true,
      });
    } else {
      const error = new AppError('DISPENSE_REQUEST_ID_REUSED', `Request id ${request.requestId} was already dispensed with other details`, {
        requestId: request.requestId,
      });
      outcomes.set(i, { ok: false, requestId: request.requestId, error });
    }
  }
  return outcomes;
}

interface BuiltDebit {
  readonly debit: PlannedDebit;
  readonly record: IndiciumRecord;
}

/** Builds and signs every planned indicium; the module signs them concurrently (each is independent). */
async function signDebits(
  ctx: LedgerContext,
  requests: readonly StampRequest[],
  debits: readonly PlannedDebit[],
  nowMs: number,
): Promise<BuiltDebit[]> {
  return Promise.all(
    debits.map(async (debit) => {
      assertRegisterTransition(debit.before, debit.after, false);
      const request = requests[debit.requestIndex] as StampRequest;
      const fields = indiciumFieldsFor(request, debit.psd, debit.after);
      const signature = await ctx.crypto.sign(debit.psd.keyId, encodeSignedPart(fields));
      const indicium = assembleIndicium(fields, signature);
      return { debit, record: { requestId: request.requestId, fields, indicium, createdAtMs: nowMs } };
    }),
  );
}

/** Appends the audit entries per PSD in debit order, then writes records, entries and PSD rows. */
async function persist(
  tx: Queryable,
  psds: readonly PsdRecord[],
  built: readonly BuiltDebit[],
  finals: ReadonlyMap<number, Registers>,
): Promise<void> {
  const heads = new Map(psds.map((p) => [p.psdId, { hash: p.auditHead, sequence: p.auditSequence }]));
  const entries: AuditEntry[] = [];
  for (const { debit, record } of built) {
    const head = heads.get(debit.psd.psdId) as { hash: Buffer; sequence: number };
    const entry = appendAuditEntry(head.hash, {
      kind: 'debit',
      psdId: debit.psd.psdId,
      sequence: head.sequence + 1,
      registers: debit.after,
      amount: record.fields.postage,
      reference: indiciumReference(record.indicium),
      timestampMs: record.createdAtMs,
    });
    entries.push(entry);
    heads.set(debit.psd.psdId, { hash: entry.hash, sequence: entry.sequence });
  }
  await insertIndiciumRecords(
    tx,
    built.map((b) => b.record),
  );
  await insertAuditEntries(tx, entries);
  for (const psd of psds) {
    const head = heads.get(psd.psdId) as { hash: Buffer; sequence: number };
    if (head.sequence === psd.auditSequence) continue; // not debited in this round
    await updatePsdRegisters(tx, psd, { registers: finals.get(psd.psdId) as Registers, auditSequence: head.sequence, auditHead: head.hash });
  }
}

/** The most specific reason no PSD of the filter can dispense now. */
async function noPsdError(tx: Queryable, filter: PsdFilter, nowMs: number): Promise<AppError> {
  const all = await listPsds(tx, filter);
  const details = { serverId: filter.serverId, psdIds: all.map((p) => p.psdId) };
  if (all.length === 0) return new AppError('NO_PSD_AVAILABLE', `Processing server ${filter.serverId} holds no PSD that matches`, details);
  const reasons = all.map((p) => psdRefusal(p, nowMs));
  if (reasons.includes('PSD_INSPECTION_OVERDUE')) {
    const overdue = all.filter((_, i) => reasons[i] === 'PSD_INSPECTION_OVERDUE').map((p) => p.psdId);
    return new AppError('PSD_INSPECTION_OVERDUE', `PSD ${overdue.join(', ')} must be inspected before dispensing again`, { ...details, overdue });
  }
  if (reasons.every((r) => r === 'PSD_NOT_ACTIVE')) {
    return new AppError('PSD_NOT_ACTIVE', `Every PSD of processing server ${filter.serverId} that matches is withdrawn`, details);
  }
  return new AppError('NO_PSD_AVAILABLE', undefined, details);
}
