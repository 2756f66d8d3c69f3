// Hands a recorded purchase to processing servers and finishes it. The one rule that keeps a purchase
// from being dispensed twice: its request ids go to another server only when the server that may hold
// them either never received them (no connection was made) or has answered a lookup saying it does not
// have them. Every other failure leaves the purchase in doubt until that server can be asked.
import { AppError } from '../errors/app-error.js';
import { HTTP_STATUS } from '../errors/http-status.js';
import type { Database, Queryable } from '../db/database.js';
import { unpackMedium } from '../core/media-serial.js';
import type { DispenseItem, DispensedStamp } from '../internal-api/dispense-contract.js';
import type { IndiciumFields } from '../core/indicium/fields.js';
import { checkDispensed, type CheckedStamp } from './dispensed-check.js';
import type { ProcessingClient } from './processing-client.js';
import type { ProcessingServerRecord } from './processing-server.repository.js';
import type { PurchaseRecord, PurchaseRepository } from './purchase.repository.js';
import type { PurchaseWriter } from './purchase-writer.js';
import { passThroughError } from './remote-error.js';
import type { ServerRegistry } from './server-registry.js';
import type { ServerSelector } from './server-selector.js';
import { stampViewOf } from './stamp-view.js';
import type { StampRecord } from './stamp.repository.js';

/** The answer to give the client: status and the JSON body exactly as stored. */
export interface PurchaseResult {
  readonly status: number;
  readonly json: string;
}

/** Where the dispatcher reports what it did. */
export interface DispatchLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the end of a purchase does besides its own row (the customer's money and media: PurchaseGate). */
export interface PurchaseSettlement {
  completedInTx(tx: Queryable, purchase: PurchaseRecord, stamps: readonly StampRecord[]): Promise<void>;
  failedInTx(tx: Queryable, purchase: PurchaseRecord): Promise<void>;
  afterCompleted(purchase: PurchaseRecord): void;
  afterFailed(purchase: PurchaseRecord): void;
}

/** What the dispatcher works with. */
export interface DispatcherDeps {
  readonly db: Database;
  readonly settlement: PurchaseSettlement;
  readonly purchases: PurchaseRepository;
  readonly writer: PurchaseWriter;
  readonly registry: ServerRegistry;
  readonly selector: ServerSelector;
  readonly client: ProcessingClient;
  readonly licenseNumber: number;
  /** How many servers one call to `send` may try. */
  readonly maxDispatchAttempts: number;
  readonly nowMs: () => number;
  readonly logger: DispatchLogger;
}

type Found = { readonly kind: 'all'; readonly stamps: readonly DispensedStamp[] } | { readonly kind: 'none' } | { readonly kind: 'unknown'; readonly reason: string };

/** Sends, resolves and completes purchases whose lease the caller holds. */
export class Dispatcher {
  constructor(private readonly d: DispatcherDeps) {}

  /** Sends the purchase to `first`, failing over to the next servers while no server can hold it. */
  async send(purchase: PurchaseRecord, token: string, first: ProcessingServerRecord): Promise<PurchaseResult> {
    const tried = new Set<string>();
    let server: ProcessingServerRecord | undefined = first;
    let assigned = purchase.serverId;
    for (let attempt = 0; server !== undefined && attempt < this.d.maxDispatchAttempts; attempt++) {
      if (assigned !== server.id) {
        await this.assign(purchase, token, server.id);
        assigned = server.id;
      }
      const outcome = await this.d.client.dispense(server, { purchaseId: purchase.id, items: purchase.items });
      if (outcome.kind === 'dispensed') return this.complete(purchase, token, server, outcome.stamps);
      if (outcome.kind === 'refused') return this.fail(purchase, token, server, passThroughError(outcome.status, outcome.error, server.name));
      if (outcome.kind === 'not_sent') {
        this.d.logger.warn({ purchaseId: purchase.id, server: server.name, reason: outcome.reason }, 'processing server unreachable; failing over');
        await this.d.registry.setHealth(server.id, false);
      } else {
        this.d.logger.warn({ purchaseId: purchase.id, server: server.name, reason: outcome.reason }, 'dispense in doubt; asking the server');
        const found = await this.lookup(purchase, server);
        if (found.kind === 'all') return this.complete(purchase, token, server, found.stamps);
        if (found.kind === 'unknown') throw await this.inDoubt(purchase, token, server, found.reason);
      }
      tried.add(server.id);
      server = this.d.selector.next(tried);
    }
    // Every server tried either never received the request ids or said it does not have them.
    await this.assign(purchase, token, null);
    await this.d.purchases.releaseLease(purchase.id, token);
    throw new AppError('NO_PROCESSING_SERVER', `No processing server could take purchase ${purchase.id}`, { purchaseId: purchase.id });
  }

  /** Finishes a pending purchase that a server may hold: ask it, then complete, send again, or stay in doubt. */
  async resolve(purchase: PurchaseRecord, token: string, serverId: string): Promise<PurchaseResult> {
    const server = await this.d.registry.get(serverId);
    if (server === null) throw new Error(`purchase ${purchase.id} names processing server ${serverId}, which is not registered`);
    const found = await this.lookup(purchase, server);
    if (found.kind === 'all') return this.complete(purchase, token, server, found.stamps);
    if (found.kind === 'unknown') throw await this.inDoubt(purchase, token, server, found.reason);
    // The server does not have them: sending again is safe, to it while it takes purchases, else to the next.
    const next = server.state === 'enabled' && server.healthy ? server : this.d.selector.next();
    if (next === undefined) {
      await this.assign(purchase, token, null);
      await this.d.purchases.releaseLease(purchase.id, token);
      throw new AppError('NO_PROCESSING_SERVER', `No processing server could take purchase ${purchase.id}`, { purchaseId: purchase.id });
    }
    return this.send(purchase, token, next);
  }

  /**
   * Settles an abandoned purchase without sending it again: stores the stamps its server holds, or marks
   * it failed when no server holds them; leaves it pending (lease given back) while that cannot be told.
   */
  async settle(purchase: PurchaseRecord, token: string): Promise<'completed' | 'failed' | 'left'> {
    const server = purchase.serverId === null ? null : await this.d.registry.get(purchase.serverId);
    const found: Found = server === null ? { kind: 'none' } : await this.lookup(purchase, server);
    if (found.kind === 'all' && server !== null) {
      await this.complete(purchase, token, server, found.stamps);
      return 'completed';
    }
    if (found.kind === 'none') {
      const abandoned = new AppError('PURCHASE_ABANDONED', `No processing server holds the stamps of abandoned purchase ${purchase.id}`);
      await this.markFailed(purchase, token, HTTP_STATUS[abandoned.kind], failureRecord(purchase, abandoned));
      return 'failed';
    }
    await this.d.purchases.releaseLease(purchase.id, token);
    return 'left';
  }

  /** Asks `server` which of the purchase's request ids it dispensed: all, none, or unknown. */
  async lookup(purchase: PurchaseRecord, server: ProcessingServerRecord): Promise<Found> {
    const ids = purchase.items.map((i) => i.requestId);
    const answer = await this.d.client.lookup(server, ids);
    if (answer.kind !== 'answered') {
      await this.d.registry.setHealth(server.id, false);
      return { kind: 'unknown', reason: `lookup on ${server.name} failed: ${answer.reason}` };
    }
    if (answer.stamps.length === ids.length) return { kind: 'all', stamps: answer.stamps };
    if (answer.stamps.length === 0) return { kind: 'none' };
    // Dispensing is all or none: a partial answer is a fault of that server, not something to guess about.
    this.d.logger.error({ purchaseId: purchase.id, server: server.name, found: answer.stamps.length, asked: ids.length }, 'lookup found part of a purchase');
    return { kind: 'unknown', reason: `${server.name} holds ${answer.stamps.length} of ${ids.length} stamps` };
  }

  /** Checks the dispensed stamps, then stores them with the answer in one group-committed transaction. */
  async complete(purchase: PurchaseRecord, token: string, server: ProcessingServerRecord, dispensed: readonly DispensedStamp[]): Promise<PurchaseResult> {
    // Each indicium is decoded once: the check and the answer's fields both use it.
    const checked = purchase.items.map((item, i) => {
      const stamp = dispensed[i];
      return stamp === undefined ? { indicium: Buffer.alloc(0), fields: undefined, problems: [`no stamp for ${item.requestId}`] } : checkDispensed(item, stamp, this.d.licenseNumber);
    });
    const problems = checked.flatMap((c) => c.problems);
    if (problems.length > 0) {
      this.d.logger.error({ purchaseId: purchase.id, server: server.name, problems }, 'processing server answered with wrong stamps');
      await this.d.purchases.releaseLease(purchase.id, token);
      throw new AppError('PROCESSING_SERVER_ANSWER_INVALID', `Processing server ${server.name} answered purchase ${purchase.id} with wrong stamps`, { problems });
    }
    const now = this.d.nowMs();
    const stamps: StampRecord[] = dispensed.map((s, i) => {
      const item = purchase.items[i] as DispenseItem;
      const medium = unpackMedium(BigInt(item.medium));
      return {
      id: s.requestId,
      purchaseId: purchase.id,
      itemIndex: i,
      serverId: server.id,
      psdId: s.psdId,
      pieceCount: s.pieceCount,
      indicium: (checked[i] as CheckedStamp).indicium,
      apiKeyId: purchase.apiKeyId,
      dispensedAtMs: Date.parse(s.dispensedAt),
      createdAtMs: now,
      accountId: purchase.accountId,
      postageMills: BigInt(item.postage),
      rateCategory: item.rateCategory,
      mediumSerial: medium === null ? null : medium.serial,
      mediumSlot: medium === null ? null : medium.slot,
      };
    });
    const views = stamps.map((stamp, i) => stampViewOf(stamp, (checked[i] as CheckedStamp).fields as IndiciumFields));
    const json = JSON.stringify({ purchaseId: purchase.id, stamps: views });
    const stored = await this.d.writer.recordCompleted({
      purchaseId: purchase.id,
      serverId: server.id,
      stamps,
      responseStatus: 201,
      responseJson: json,
      nowMs: now,
      alsoInTx: (tx) => this.d.settlement.completedInTx(tx, purchase, stamps),
    });
    if (stored) {
      this.d.settlement.afterCompleted(purchase);
      return { status: 201, json };
    }
    // Someone else completed it first: give the answer they stored, so that every reply is the same.
    const again = await this.d.purchases.findById(purchase.id);
    if (again?.responseStatus == null || again.responseJson === null) throw new Error(`purchase ${purchase.id} is completed but has no stored answer`);
    return { status: again.responseStatus, json: again.responseJson };
  }

  private async fail(purchase: PurchaseRecord, token: string, server: ProcessingServerRecord, error: AppError): Promise<never> {
    this.d.logger.info({ purchaseId: purchase.id, server: server.name, code: error.code }, 'processing server refused the purchase');
    await this.markFailed(purchase, token, HTTP_STATUS[error.kind], failureRecord(purchase, error, server.name));
    throw error;
  }

  /** Fails a recorded purchase that was refused before any server received it (its card was declined); throws `error`. */
  async refuse(purchase: PurchaseRecord, token: string, error: AppError): Promise<never> {
    await this.markFailed(purchase, token, HTTP_STATUS[error.kind], failureRecord(purchase, error));
    throw error;
  }

  /** Marks the purchase failed and gives back what it held, in one transaction; then pays owed card refunds. */
  private async markFailed(purchase: PurchaseRecord, token: string, status: number, record: string): Promise<void> {
    const failed = await this.d.db.transaction(async (tx) => {
      const changed = await this.d.purchases.markFailed(purchase.id, token, status, record, this.d.nowMs(), tx);
      if (changed) await this.d.settlement.failedInTx(tx, purchase);
      return changed;
    });
    if (failed) this.d.settlement.afterFailed(purchase);
  }

  private async inDoubt(purchase: PurchaseRecord, token: string, server: ProcessingServerRecord, reason: string): Promise<AppError> {
    this.d.logger.warn({ purchaseId: purchase.id, server: server.name, reason }, 'purchase in doubt');
    await this.d.purchases.releaseLease(purchase.id, token);
    return new AppError('PURCHASE_IN_DOUBT', `Processing server ${server.name} may hold purchase ${purchase.id}: ${reason}`, { purchaseId: purchase.id });
  }

  private async assign(purchase: PurchaseRecord, token: string, serverId: string | null): Promise<void> {
    if (!(await this.d.purchases.assignServer(purchase.id, token, serverId, this.d.nowMs()))) {
      throw new AppError('PURCHASE_IN_PROGRESS', `Purchase ${purchase.id} was taken over by another request`, { purchaseId: purchase.id });
    }
  }
}

/** The answer a failed purchase keeps for its key, in the shape of every error answer. */
function failureRecord(purchase: PurchaseRecord, error: AppError, server?: string): string {
  return JSON.stringify({
    statusCode: HTTP_STATUS[error.kind],
    code: error.code,
    message: error.message,
    details: { purchaseId: purchase.id, ...(server === undefined ? {} : { server }) },
  });
}
