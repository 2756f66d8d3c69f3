// Resets (postage value downloads). Never inside a debit transaction and never holding a lock across
// the network: (1) persist a pending reset in its own transaction, (2) ask the authority, (3) verify
// its authorization, (4) apply DR += a, CT += a, the audit entry and "applied" in one transaction.
// A crash between (2) and (4) leaves the pending row; recoverPending() asks again with the same
// transaction id, gets the same authorization, and applies it once.
import type { ResetAuthorization } from '../authority/reset-authorization.js';
import { AppError } from '../errors/app-error.js';
import { appendAuditEntry } from './audit-chain.js';
import type { LedgerContext } from './ledger-config.js';
import { findPsd, lockPsd, updatePsdRegisters } from './psd-store.js';
import { insertAuditEntries } from './record-store.js';
import { assertRegisterTransition, credit, type Registers } from './registers.js';
import { isDefiniteRefusal, type ResetAuthorizer } from './reset-authorizer.js';
import {
  findPendingReset,
  findReset,
  insertPendingReset,
  listPendingResets,
  markResetApplied,
  markResetRefused,
  recordResetAttempt,
  type ResetOrigin,
  type ResetRecord,
} from './reset-store.js';

/** What a reset did. */
export interface ResetResult {
  readonly transactionId: string;
  readonly psdId: number;
  /** Mills. */
  readonly amount: bigint;
  /** The PSD's registers once the reset is applied. */
  readonly registers: Registers;
  /** False when the reset had already been applied (by another server, or an earlier attempt). */
  readonly appliedNow: boolean;
}

/** The outcome of asking again for every pending reset at start-up. */
export interface RecoveryReport {
  readonly applied: readonly ResetResult[];
  readonly failed: readonly { readonly transactionId: string; readonly psdId: number; readonly error: unknown }[];
}

/** Runs resets for one ledger: manual, automatic (deduplicated per PSD), and recovery of pending ones. */
export class ResetService {
  // One reset at a time per PSD in this process; other processes are held off by the unique pending index.
  private readonly tails = new Map<number, Promise<unknown>>();
  private readonly automatic = new Map<number, Promise<ResetResult | undefined>>();
  private readonly lastAutomaticFailureMs = new Map<number, number>();

  constructor(private readonly ctx: LedgerContext) {}

  /** An operator's reset of `amountMills`; a reset of the PSD left pending is finished first. */
  async manualReset(psdId: number, amountMills: bigint): Promise<ResetResult> {
    this.authorizer();
    const open = await findPendingReset(this.ctx.db, psdId);
    if (open !== undefined) await this.exclusive(psdId, () => this.drive(open));
    return this.exclusive(psdId, async () => {
      const record = await this.begin(psdId, amountMills, 'manual', undefined);
      if (record === undefined) throw new AppError('INTERNAL', 'A manual reset was not written');
      return this.drive(record);
    });
  }

  /**
   * Resets the PSD by the configured amount when automatic resets are on and its DR is below the
   * threshold or below `neededMills`; concurrent callers for one PSD share one reset. Resolves
   * undefined when nothing was needed, or while the PSD backs off after a failure.
   */
  ensureFunds(psdId: number, neededMills = 0n): Promise<ResetResult | undefined> {
    const auto = this.ctx.autoReset;
    if (auto === undefined) return Promise.resolve(undefined);
    const running = this.automatic.get(psdId);
    if (running !== undefined) return running;
    const failedAt = this.lastAutomaticFailureMs.get(psdId);
    if (failedAt !== undefined && this.ctx.nowMs() - failedAt < auto.retryAfterMs) return Promise.resolve(undefined);
    const work = this.exclusive(psdId, async () => {
      const record = await this.begin(psdId, auto.amountMills, 'automatic', neededMills);
      return record === undefined ? undefined : this.drive(record);
    });
    this.automatic.set(psdId, work);
    work.then(
      () => this.lastAutomaticFailureMs.delete(psdId),
      () => this.lastAutomaticFailureMs.set(psdId, this.ctx.nowMs()),
    ).finally(() => this.automatic.delete(psdId));
    return work;
  }

  /** Asks again for every pending reset of this server's PSDs (same transaction ids) and applies each once. */
  async recoverPending(): Promise<RecoveryReport> {
    const applied: ResetResult[] = [];
    const failed: { transactionId: string; psdId: number; error: unknown }[] = [];
    for (const record of await listPendingResets(this.ctx.db, this.ctx.serverId)) {
      try {
        applied.push(await this.exclusive(record.psdId, () => this.drive(record)));
      } catch (error) {
        failed.push({ transactionId: record.transactionId, psdId: record.psdId, error });
      }
    }
    return { applied, failed };
  }

  /** Resolves once every reset this process started has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }

  /**
   * Writes the pending reset under the PSD's lock, or returns the PSD's open one (automatic only:
   * finishing it is what the PSD needs). Returns undefined when an automatic reset is not needed.
   */
  private async begin(psdId: number, amount: bigint, origin: ResetOrigin, neededMills: bigint | undefined): Promise<ResetRecord | undefined> {
    return this.ctx.db.transaction(async (tx) => {
      const psd = await lockPsd(tx, psdId);
      if (psd.status !== 'active') throw new AppError('PSD_NOT_ACTIVE', `PSD ${psdId} is withdrawn and is not reset`, { psdId });
      const open = await findPendingReset(tx, psdId);
      if (open !== undefined) {
        if (origin === 'automatic') return open;
        throw new AppError('RESET_PENDING', `Reset ${open.transactionId} of PSD ${psdId} is pending`, { psdId, transactionId: open.transactionId });
      }
      const auto = this.ctx.autoReset;
      if (neededMills !== undefined && auto !== undefined) {
        const dr = psd.registers.descending;
        if (dr >= auto.thresholdMills && dr >= neededMills) return undefined;
      }
      credit(psd.registers, amount); // refuses a ≤ 0 or a CT past 2^40 − 1 before the authority is asked
      const transactionId = this.ctx.newTransactionId();
      return insertPendingReset(tx, { transactionId, psdId, amount, oldControlTotal: psd.registers.control, origin }, this.ctx.nowMs());
    });
  }

  /** Asks the authority about a pending reset, verifies the answer and applies it. */
  private async drive(record: ResetRecord): Promise<ResetResult> {
    const psd = await findPsd(this.ctx.db, record.psdId);
    if (psd === undefined) throw new AppError('PSD_NOT_FOUND', `PSD ${record.psdId} is not stored`, { psdId: record.psdId });
    const { db, nowMs } = this.ctx;
    let authorization: ResetAuthorization;
    try {
      authorization = await this.authorizer().requestReset({
        licenseNumber: psd.licenseNumber,
        psdId: record.psdId,
        currentControlTotal: record.oldControlTotal,
        amount: record.amount,
        transactionId: record.transactionId,
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const details = { psdId: record.psdId, transactionId: record.transactionId };
      if (isDefiniteRefusal(err)) {
        await markResetRefused(db, record.transactionId, reason, nowMs());
        throw new AppError('RESET_REFUSED', `The postal authority refused reset ${record.transactionId}: ${reason}`, details, { cause: err });
      }
      await recordResetAttempt(db, record.transactionId, reason, nowMs());
      throw new AppError('RESET_AUTHORITY_UNAVAILABLE', `Reset ${record.transactionId} stays pending: ${reason}`, details, { cause: err });
    }
    const problem = authorizationProblem(record, psd.licenseNumber, authorization, this.ctx.verifyAuthorization);
    if (problem !== undefined) {
      await recordResetAttempt(db, record.transactionId, problem, nowMs());
      throw new AppError('RESET_AUTHORIZATION_INVALID', `Reset ${record.transactionId}: ${problem}`, {
        psdId: record.psdId,
        transactionId: record.transactionId,
      });
    }
    return this.apply(record, authorization);
  }

  /** Applies a verified authorization once: a reset already applied is reported, not applied again. */
  private async apply(record: ResetRecord, authorization: ResetAuthorization): Promise<ResetResult> {
    return this.ctx.db.transaction(async (tx) => {
      const psd = await lockPsd(tx, record.psdId);
      const base = { transactionId: record.transactionId, psdId: record.psdId, amount: record.amount };
      const current = await findReset(tx, record.transactionId);
      if (current?.state === 'applied') return { ...base, registers: psd.registers, appliedNow: false };
      if (current?.state !== 'pending' || psd.registers.control !== record.oldControlTotal) {
        throw new AppError('LEDGER_INVARIANT_VIOLATED', `Reset ${record.transactionId} no longer matches PSD ${record.psdId}`, {
          state: current?.state ?? 'missing',
          controlTotal: psd.registers.control.toString(),
          oldControlTotal: record.oldControlTotal.toString(),
        });
      }
      const after = credit(psd.registers, record.amount);
      assertRegisterTransition(psd.registers, after, true);
      const entry = appendAuditEntry(psd.auditHead, {
        kind: 'reset',
        psdId: psd.psdId,
        sequence: psd.auditSequence + 1,
        registers: after,
        amount: record.amount,
        reference: Buffer.from(record.transactionId, 'utf8'),
        timestampMs: this.ctx.nowMs(),
      });
      await insertAuditEntries(tx, [entry]);
      await updatePsdRegisters(tx, psd, { registers: after, auditSequence: entry.sequence, auditHead: entry.hash });
      await markResetApplied(tx, record.transactionId, authorization.signature, this.ctx.nowMs());
      return { ...base, registers: after, appliedNow: true };
    });
  }

  private authorizer(): ResetAuthorizer {
    if (this.ctx.authorizer === undefined) {
      throw new AppError('CONFIG_INVALID', 'This processing server has no postal authority configured, so it cannot reset PSDs');
    }
    return this.ctx.authorizer;
  }

  /** Runs `fn` after every earlier reset of the same PSD in this process has settled. */
  private exclusive<T>(psdId: number, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(psdId) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(psdId, tail);
    void tail.then(() => {
      if (this.tails.get(psdId) === tail) this.tails.delete(psdId);
    });
    return next;
  }
}

/** Why an authorization must not be applied to `record`, or undefined when it may. */
export function authorizationProblem(
  record: ResetRecord,
  licenseNumber: number,
  a: ResetAuthorization,
  verify: ((a: ResetAuthorization) => boolean) | undefined,
): string | undefined {
  if (a.transactionId !== record.transactionId) return `the authorization names transaction ${a.transactionId}`;
  if (a.licenseNumber !== licenseNumber || a.psdId !== record.psdId) {
    return `the authorization names license ${a.licenseNumber} and PSD ${a.psdId}, not ${licenseNumber} and ${record.psdId}`;
  }
  if (a.oldControlTotalMills !== record.oldControlTotal || a.newControlTotalMills !== record.oldControlTotal + record.amount) {
    const expected = `${record.oldControlTotal} → ${record.oldControlTotal + record.amount}`;
    return `the authorization moves CT ${a.oldControlTotalMills} → ${a.newControlTotalMills}, not ${expected}`;
  }
  if (verify === undefined) return 'no authority public key is configured to verify the authorization';
  if (!verify(a)) return 'the authority signature does not verify';
  return undefined;
}
