// POST /v1/stamps as logic: idempotency first, then record, then dispatch. A new purchase is recorded
// as pending with fresh request ids and its chosen server before anything is sent, so that a crash at
// any point leaves in the database enough to find out later what happened to it.
import { dateToDays } from '../core/mailing-date.js';
import { AppError } from '../errors/app-error.js';
import type { ApiKeyRecord } from './api-key.repository.js';
import type { Dispatcher, PurchaseResult } from './dispatcher.js';
import type { PurchaseRecord, PurchaseRepository } from './purchase.repository.js';
import { parsePurchase, toDispenseItems, type ParsedPurchase, type PurchaseBody } from './purchase-request.js';
import type { PurchaseWriter } from './purchase-writer.js';
import type { ServerSelector } from './server-selector.js';

/** What the purchase service works with. */
export interface PurchaseServiceDeps {
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

  /** Runs POST /v1/stamps for an authenticated key; returns the status and body to send (stored ones on replay). */
  async purchase(apiKey: ApiKeyRecord, idempotencyKey: string, body: PurchaseBody): Promise<PurchaseResult> {
    const parsed = parsePurchase(body);
    // Almost every key is new, so the purchase is recorded straight away: the insert itself tells whether
    // the key was used before (it inserts nothing then), which saves every new purchase a lookup. A retry
    // only costs a server pick it does not use.
    const server = this.d.selector.next();
    if (server === undefined) {
      // No server can take a new purchase, but a retry of one already made may still be answered.
      const existing = await this.d.purchases.find(apiKey.id, idempotencyKey);
      if (existing !== null) return this.resume(existing, parsed);
      throw new AppError('NO_PROCESSING_SERVER', 'No processing server is enabled and healthy');
    }
    const now = this.d.nowMs();
    const token = this.d.newId();
    const record: PurchaseRecord = {
      id: this.d.newId(),
      apiKeyId: apiKey.id,
      idempotencyKey,
      requestHash: parsed.requestHash,
      state: 'pending',
      serverId: server.id,
      items: toDispenseItems(parsed.stamps, dateToDays(new Date(now)), this.d.newId),
      leaseToken: token,
      leaseUntilMs: now + this.d.leaseMs,
      responseStatus: null,
      responseJson: null,
      createdAtMs: now,
      updatedAtMs: now,
    };
    if (!(await this.d.writer.recordPending(record))) {
      // The key was used before (a retry, or another request with the same key recorded first).
      const first = await this.d.purchases.find(apiKey.id, idempotencyKey);
      if (first === null) throw new Error(`purchase for idempotency key ${idempotencyKey} vanished`);
      return this.resume(first, parsed);
    }
    return this.leased(record.id, token, () => this.d.dispatcher.send(record, token, server));
  }

  /** A request with a key already seen: replay, refuse, or take the purchase over and finish it. */
  private async resume(existing: PurchaseRecord, parsed: ParsedPurchase): Promise<PurchaseResult> {
    if (!existing.requestHash.equals(parsed.requestHash)) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', `The Idempotency-Key ${JSON.stringify(existing.idempotencyKey)} was used for a different purchase`, {
        purchaseId: existing.id,
      });
    }
    if (existing.state === 'completed') return storedAnswer(existing);
    const now = this.d.nowMs();
    const token = this.d.newId();
    if (!(await this.d.purchases.claimLease(existing.id, token, now + this.d.leaseMs, now))) {
      const again = await this.d.purchases.findById(existing.id);
      if (again?.state === 'completed') return storedAnswer(again);
      throw new AppError('PURCHASE_IN_PROGRESS', `Purchase ${existing.id} is being processed by another request`, { purchaseId: existing.id });
    }
    // Read again under the lease: the state may have moved between the first read and the claim.
    const current = await this.d.purchases.findById(existing.id);
    if (current === null) throw new Error(`purchase ${existing.id} vanished`);
    return this.leased(current.id, token, () => this.continue(current, token, parsed));
  }

  private async continue(p: PurchaseRecord, token: string, parsed: ParsedPurchase): Promise<PurchaseResult> {
    if (p.state === 'completed') return storedAnswer(p);
    if (p.state === 'pending' && p.serverId !== null) return this.d.dispatcher.resolve(p, token, p.serverId);
    const server = this.d.selector.next();
    if (server === undefined) throw new AppError('NO_PROCESSING_SERVER', 'No processing server is enabled and healthy', { purchaseId: p.id });
    if (p.state === 'pending') return this.d.dispatcher.send(p, token, server);
    // Failed: nothing was dispensed, so try again with fresh request ids (the old ones stay unused).
    const items = toDispenseItems(parsed.stamps, dateToDays(new Date(this.d.nowMs())), this.d.newId);
    if (!(await this.d.purchases.restart(p.id, token, items, server.id, this.d.nowMs()))) {
      throw new AppError('PURCHASE_IN_PROGRESS', `Purchase ${p.id} was taken over by another request`, { purchaseId: p.id });
    }
    return this.d.dispatcher.send({ ...p, state: 'pending', items, serverId: server.id }, token, server);
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
  if (p.responseStatus === null || p.responseJson === null) throw new Error(`purchase ${p.id} is completed but has no stored answer`);
  return { status: p.responseStatus, json: p.responseJson };
}
