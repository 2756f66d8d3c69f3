// The PSD ledger of one processing server: the one object the server's routes and CLI use. It holds
// no state of its own beyond in-flight resets; the database is the ledger.
import { AppError } from '../errors/app-error.js';
import { Batcher } from '../util/batcher.js';
import { dispenseBatch, type DispenseOptions } from './dispense.js';
import { isInspectionOverdue } from './dispense-plan.js';
import type { DispenseOutcome } from './dispense-round.js';
import { auditPsd, type AuditOptions, type PsdAuditReport } from './ledger-audit.js';
import { ledgerContext, type LedgerContext, type PsdLedgerOptions } from './ledger-config.js';
import {
  provisionPsd,
  recordInspection,
  withdrawPsd,
  type InspectionReport,
  type ProvisionPsdInput,
  type WithdrawalReport,
} from './psd-lifecycle.js';
import { findPsd, listPsds, type PsdRecord } from './psd-store.js';
import { listResets, type ResetRecord } from './reset-store.js';
import { ResetService, type RecoveryReport, type ResetResult } from './resets.js';
import type { StampRequest } from './stamp-request.js';

/** The PSD ledger of one processing server. */
export class PsdLedger {
  private readonly ctx: LedgerContext;
  private readonly resets: ResetService;
  // Group commit for dispenseOne: calls that arrive while a batch commits go together in the next.
  private readonly batcher: Batcher<StampRequest, Extract<DispenseOutcome, { ok: true }>>;
  private batches = 0;

  /** Checks the options once (CONFIG_INVALID) and freezes them. */
  constructor(options: PsdLedgerOptions) {
    this.ctx = ledgerContext(options);
    this.resets = new ResetService(this.ctx);
    this.batcher = new Batcher<StampRequest, Extract<DispenseOutcome, { ok: true }>>(
      async (requests) => {
        this.batches += 1;
        return (await this.dispense(requests)).map((o) => (o.ok ? o : o.error));
      },
      { maxBatchSize: this.ctx.maxBatchSize, maxWaitMs: 0 },
    );
  }

  /** Start-up: asks again for every reset left pending by a crash and applies each once. */
  async start(): Promise<RecoveryReport> {
    return this.resets.recoverPending();
  }

  /** Dispenses a batch in one transaction; answers every request in order (see dispenseBatch). */
  async dispense(requests: readonly StampRequest[], options?: DispenseOptions): Promise<DispenseOutcome[]> {
    return dispenseBatch(this.ctx, this.resets, requests, options);
  }

  /**
   * Dispenses one stamp and returns its committed indicium, or throws its refusal. Concurrent calls are
   * grouped into batches (group commit); with `options` the request is a batch of its own.
   */
  async dispenseOne(request: StampRequest, options?: DispenseOptions): Promise<Extract<DispenseOutcome, { ok: true }>> {
    if (options === undefined) return this.batcher.submit(request);
    const [outcome] = await this.dispense([request], options);
    if (outcome === undefined) throw new AppError('INTERNAL', 'A batch of one request produced no answer');
    if (!outcome.ok) throw outcome.error;
    return outcome;
  }

  /** How many batches dispenseOne has started (fewer than its calls when they were grouped). */
  get batchesStarted(): number {
    return this.batches;
  }

  /** Stores a PSD the authority assigned (id, certificate serial) for a key this server's module holds. */
  async provisionPsd(input: ProvisionPsdInput): Promise<PsdRecord> {
    return provisionPsd(this.ctx, input);
  }

  /** Records an inspection (registers and audit head reported to the authority) at `atMs`, now by default. */
  async recordInspection(psdId: number, atMs?: number): Promise<InspectionReport> {
    return recordInspection(this.ctx, psdId, atMs);
  }

  /** Withdraws a PSD: it dispenses nothing more; its DR is to be credited back to the deposit. */
  async withdrawPsd(psdId: number): Promise<WithdrawalReport> {
    return withdrawPsd(this.ctx, psdId);
  }

  /** An operator's reset of `amountMills` (a reset of the PSD left pending is finished first). */
  async resetPsd(psdId: number, amountMills: bigint): Promise<ResetResult> {
    return this.resets.manualReset(psdId, amountMills);
  }

  /** Asks again for every pending reset of this server's PSDs (what start() does). */
  async recoverPendingResets(): Promise<RecoveryReport> {
    return this.resets.recoverPending();
  }

  /** One PSD; PSD_NOT_FOUND when absent. */
  async getPsd(psdId: number): Promise<PsdRecord> {
    const psd = await findPsd(this.ctx.db, psdId);
    if (psd === undefined) throw new AppError('PSD_NOT_FOUND', `PSD ${psdId} is not stored`, { psdId });
    return psd;
  }

  /** Every PSD of this server, in id order. */
  async listPsds(): Promise<PsdRecord[]> {
    return listPsds(this.ctx.db, { serverId: this.ctx.serverId });
  }

  /**
   * The active PSDs of this server whose inspection falls due within `withinMs` from now (0: those
   * already overdue, which refuse to dispense), soonest first.
   */
  async inspectionsDue(withinMs = 0): Promise<PsdRecord[]> {
    const horizon = this.ctx.nowMs() + withinMs;
    const due = (await this.listPsds()).filter((p) => p.status === 'active' && isInspectionOverdue(p, horizon));
    return due.sort((a, b) => (a.inspectionDueAtMs ?? 0) - (b.inspectionDueAtMs ?? 0));
  }

  /** Every reset of one PSD, oldest first. */
  async listResets(psdId: number): Promise<ResetRecord[]> {
    return listResets(this.ctx.db, psdId);
  }

  /** Audits one PSD and reports every break found. */
  async auditPsd(psdId: number, options?: AuditOptions): Promise<PsdAuditReport> {
    return auditPsd(this.ctx, psdId, options);
  }

  /** Audits every PSD of this server. */
  async auditAll(options?: AuditOptions): Promise<PsdAuditReport[]> {
    const reports: PsdAuditReport[] = [];
    for (const psd of await this.listPsds()) reports.push(await auditPsd(this.ctx, psd.psdId, options));
    return reports;
  }

  /** Resolves once the resets this ledger started (background ones included) have settled. */
  async settled(): Promise<void> {
    await this.resets.settled();
  }
}
