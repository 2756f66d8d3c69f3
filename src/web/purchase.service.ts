// POST /v1/stamps as logic: idempotency first, then record, then dispatch. A new purchase is recorded
// as pending with fresh request ids and its chosen server before anything is sent, so that a crash at
// any point leaves in the database enough to find out later what happened to it.
import type { Principal } from '../accounts/principal.js';
import { dateToDays } from '../core/mailing-date.js';
import type { Database } from '../db/database.js';
import { AppError, isAppError } from '../errors/app-error.js';
import type { Dispatcher, PurchaseResult } from './dispatcher.js';
import type { PurchaseGate } from './purchase-gate.js';
import type { PurchaseRecord, PurchaseRepository } from './purchase.repository.js';
import { parsePurchase, priceStamps, toDispenseItems, type ParsedPurchase, type PurchaseBody } from './purchase-request.js';
import type { PurchaseWriter } from './purchase-writer.js';
import type { ServerSelector } from './server-selector.js';

/** What the purchase service works with. */
export interface PurchaseServiceDeps {
  readonly db: Database;
  readonly gate: PurchaseGate;
  readonly purchases: PurchaseRepository;
  readonly writer: PurchaseWriter;
  readonly selector: ServerSelector;
  readonly dispatcher: Dispatcher;
  /** How long one request may work on a purchase before another request with its key may take over. */
  readonly leaseMs: number;
  readonly nowMs: () => number;
  readonly newId: () => string;
}

/** Buys stamps, exactly once per (API key, idempotency key). */
export class PurchaseService {
  constructor(private readonly d: PurchaseServiceDeps) {}

  /**
   * Runs POST /v1/stamps for an authenticated principal; returns the status and body to send (stored ones on
   * replay). Refusals of the user, medium or payment are thrown before anything is recorded or sent.
   */
  async purchase(principal: Principal, idempotencyKey: string, body: PurchaseBody): Promise<PurchaseResult> {
    const parsed = parsePurchase(body);
    const scope = principal.credentialId;
    // Almost every key is new, so the purchase is recorded straight away: the insert itself tells whether
    // the key was used before (it inserts nothing then), which saves every new purchase a lookup. A retry
    // only costs a server pick and the customer checks it does not use.
    const server = this.d.selector.next();
    if (server === undefined) {
      // No server can take a new purchase, but a retry of one already made may still be answered.
      const existing = await this.d.purchases.find(scope, idempotencyKey);
      if (existing !== null) return this.resume(existing, parsed);
      throw new AppError('NO_PROCESSING_SERVER', 'No processing server is enabled and healthy');
    }
    const now = this.d.nowMs();
    const today = dateToDays(new Date(now));
    const priced = priceStamps(parsed.stamps, today);
    let admission;
    try {
      admission = await this.d.gate.admit(principal, priced);
    } catch (err) {
      // A retry of a purchase that was admitted before is answered as the purchase it is, whatever changed since
      // (the balance it spent, the slot it took).
      if (!isAppError(err)) throw err;
      const existing = await this.d.purchases.find(scope, idempotencyKey);
      if (existing !== null) return this.resume(existing, parsed);
      throw err;
    }
    const token = this.d.newId();
    const record: PurchaseRecord = {
      id: this.d.newId(),
      apiKeyId: scope,
      accountId: principal.accountId,
      userId: principal.userId,
      totalMills: admission.totalMills,
      idempotencyKey,
      requestHash: parsed.requestHash,
      state: 'pending',
      serverId: server.id,
      items: toDispenseItems(priced, today, this.d.newId),
      leaseToken: token,
      leaseUntilMs: now + this.d.leaseMs,
      responseStatus: null,
      responseJson: null,
      createdAtMs: now,
      updatedAtMs: now,
    };
    if (!(await this.d.writer.recordPending(record, (tx) => admission.reserveInTx(tx, record.id)))) {
      // The key was used before (a retry, or another request with the same key recorded first).
      const first = await this.d.purchases.find(scope, idempotencyKey);
      if (first === null) throw new Error(`purchase for idempotency key ${idempotencyKey} vanished`);
      return this.resume(first, parsed);
    }
    return this.leased(record.id, token, async () => {
      await this.chargeOrRefuse(record, token);
      return this.d.dispatcher.send(record, token, server);
    });
  }

  /** Pay-per-purchase: charges the card before anything is sent; a refusal fails the purchase (slots freed) and is thrown. */
  private async chargeOrRefuse(record: PurchaseRecord, token: string): Promise<void> {
    try {
      await this.d.gate.beforeDispatch(record.id);
    } catch (err) {
      if (!isAppError(err)) throw err;
      await this.d.dispatcher.refuse(record, token, err);
    }
  }

  /** A request with a key already seen: replay, refuse, or take the purchase over and finish it. */
  private async resume(existing: PurchaseRecord, parsed: ParsedPurchase): Promise<PurchaseResult> {
    if (!existing.requestHash.equals(parsed.requestHash)) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', `The Idempotency-Key ${JSON.stringify(existing.idempotencyKey)} was used for a different purchase`, {
        purchaseId: existing.id,
      });
    }
    if (existing.state !== 'pending') return storedAnswer(existing);
    const now = this.d.nowMs();
    const token = this.d.newId();
    if (!(await this.d.purchases.claimLease(existing.id, token, now + this.d.leaseMs, now))) {
      const again = await this.d.purchases.findById(existing.id);
      if (again !== null && again.state !== 'pending') return storedAnswer(again);
      throw new AppError('PURCHASE_IN_PROGRESS', `Purchase ${existing.id} is being processed by another request`, { purchaseId: existing.id });
    }
    // Read again under the lease: the state may have moved between the first read and the claim.
    const current = await this.d.purchases.findById(existing.id);
    if (current === null) throw new Error(`purchase ${existing.id} vanished`);
    return this.leased(current.id, token, () => this.continue(current, token));
  }

  private async continue(p: PurchaseRecord, token: string): Promise<PurchaseResult> {
    // Completed, or failed for good: a failed purchase dispensed nothing and gave back what it held, and its
    // key keeps its answer (a new purchase needs a new key), so that a key never pays twice.
    if (p.state !== 'pending') return storedAnswer(p);
    if (p.serverId !== null) return this.d.dispatcher.resolve(p, token, p.serverId);
    const server = this.d.selector.next();
    if (server === undefined) throw new AppError('NO_PROCESSING_SERVER', 'No processing server is enabled and healthy', { purchaseId: p.id });
    return this.d.dispatcher.send(p, token, server);
  }

  /** Runs `work` under the lease and gives the lease back if it throws, so a retry need not wait for it to expire. */
  private async leased(purchaseId: string, token: string, work: () => Promise<PurchaseResult>): Promise<PurchaseResult> {
    try {
      return await work();
    } catch (err) {
      await this.d.purchases.releaseLease(purchaseId, token).catch(() => undefined);
      throw err;
    }
  }
}

function storedAnswer(p: PurchaseRecord): PurchaseResult {
  if (p.responseStatus === null || p.responseJson === null) throw new Error(`purchase ${p.id} is ${p.state} but has no stored answer`);
  return { status: p.responseStatus, json: p.responseJson };
}
