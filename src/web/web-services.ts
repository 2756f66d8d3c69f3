// Wires the web server's repositories and services together. Repositories hold the I/O, services the
// logic; routes (stamps.routes.ts and friends) only do HTTP and validation on top of these.
import { createAccountServices, type AccountServices, type AccountServicesOptions } from '../accounts/account-services.js';
import { BillingService } from '../billing/billing.service.js';
import { PaymentSweeper } from '../billing/payment-sweeper.js';
import type { Database } from '../db/database.js';
import { MediaService } from '../media/media.service.js';
import { createRefunds, type Refunds } from '../refunds/refunds.js';
import { HistoryRepository } from '../history/history.repository.js';
import { HistoryService } from '../history/history.service.js';
import { HttpPaymentGateway } from '../payment/http-gateway.js';
import type { PaymentGateway } from '../payment/gateway-port.js';
import { UNCONFIGURED_GATEWAY } from '../payment/unconfigured-gateway.js';
import { authenticate } from './auth.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { ApiKeyService } from './api-key.service.js';
import type { WebConfig } from './config.js';
import { Dispatcher, type DispatchLogger } from './dispatcher.js';
import { HealthChecker } from './health-checker.js';
import { newId as defaultNewId } from './ids.js';
import { InternalHttpClient } from './internal-http-client.js';
import { ProcessingClient } from './processing-client.js';
import { PendingResolver } from './pending-resolver.js';
import { ProcessingServerRepository } from './processing-server.repository.js';
import { PurchaseRepository } from './purchase.repository.js';
import { PurchaseService } from './purchase.service.js';
import { PurchaseGate } from './purchase-gate.js';
import { PurchaseWriter } from './purchase-writer.js';
import { RoundRobinSelector } from './round-robin.js';
import { ServerRegistry } from './server-registry.js';
import type { ServerSelector } from './server-selector.js';
import { StampRepository } from './stamp.repository.js';
import { StampService } from './stamp.service.js';

/** What the services are built from; the clock, ids and selection procedure can be replaced. */
export interface WebServicesOptions {
  readonly config: WebConfig;
  readonly db: Database;
  readonly logger: DispatchLogger;
  readonly nowMs?: () => number;
  readonly newId?: () => string;
  /** The selection procedure; round-robin over the healthy, enabled servers by default. */
  readonly createSelector?: (registry: ServerRegistry) => ServerSelector;
  /** The card gateway; built from config.paymentGatewayUrl by default (refusing cards when none is set). */
  readonly gateway?: PaymentGateway;
  /** Options of the accounts part (tests lower the scrypt cost, for example). */
  readonly accounts?: AccountServicesOptions;
}

/** The web server's services. */
export interface WebServices {
  readonly config: WebConfig;
  readonly db: Database;
  readonly apiKeys: ApiKeyService;
  /** Accounts, users, sessions and the outbox. */
  readonly customers: AccountServices;
  /** The preHandler of every customer route: bearer key or session (+CSRF), then the principal. */
  readonly authenticate: ReturnType<typeof authenticate>;
  readonly billing: BillingService;
  readonly media: MediaService;
  /** Refund requests and their review (started by main.ts). */
  readonly refunds: Refunds;
  /** Orders, stamps, receipts and CSV of an account. */
  readonly history: HistoryService;
  /** Pays owed card refunds and asks about unknown charges; main.ts starts it. */
  readonly paymentSweeper: PaymentSweeper;
  readonly registry: ServerRegistry;
  readonly selector: ServerSelector;
  readonly healthChecker: HealthChecker;
  /** Settles pending purchases nobody retries; main.ts starts it. */
  readonly pendingResolver: PendingResolver;
  readonly purchases: PurchaseService;
  readonly stamps: StampService;
  readonly writer: PurchaseWriter;
  /** Stops the health checker, commits the writes still queued and closes the pooled connections (not the database). */
  close(): Promise<void>;
}

/** Builds every service over one database. */
export function createWebServices(o: WebServicesOptions): WebServices {
  const { config, db, logger } = o;
  const nowMs = o.nowMs ?? Date.now;
  const newId = o.newId ?? defaultNewId;
  const purchaseRepo = new PurchaseRepository(db);
  const stampRepo = new StampRepository(db);
  const registry = new ServerRegistry(new ProcessingServerRepository(db), nowMs, newId);
  const selector = o.createSelector?.(registry) ?? new RoundRobinSelector(() => registry.eligible());
  const http = new InternalHttpClient(config.internalToken);
  const client = new ProcessingClient(http, config);
  const writer = new PurchaseWriter(db, purchaseRepo, stampRepo, { maxBatchSize: config.groupCommitMaxBatch, maxWaitMs: config.groupCommitMaxWaitMs });
  const apiKeys = new ApiKeyService(new ApiKeyRepository(db), { cacheMs: config.apiKeyCacheMs, nowMs, newId });
  const customers = createAccountServices(db, apiKeys, { nowMs, ...o.accounts });
  const gateway =
    o.gateway ??
    (config.paymentGatewayUrl === null
      ? UNCONFIGURED_GATEWAY
      : new HttpPaymentGateway({ baseUrl: config.paymentGatewayUrl, secretKey: config.paymentGatewayKey, timeoutMs: config.paymentTimeoutMs }));
  const billing = new BillingService({
    db,
    gateway,
    clock: nowMs,
    logger,
    notifier: {
      // The low-balance warning goes to every owner of the account, through the outbox.
      async notifyAccount(accountId, subject, body) {
        for (const to of await customers.accounts.emailsOfOwners(accountId)) await customers.outbox.send({ to, subject, body, kind: 'low-balance' });
      },
    },
  });
  const media = new MediaService(db, { nowMs });
  const gate = new PurchaseGate(customers.accounts, media, billing, logger);
  const paymentSweeper = new PaymentSweeper(billing, config.paymentSweepIntervalMs, logger);
  const refunds = createRefunds({
    db,
    creditor: billing,
    authority: config.authorityUrl === null || config.authorityToken === null ? null : { url: config.authorityUrl, token: config.authorityToken },
    reviewIntervalMs: config.refundReviewIntervalMs,
    clock: nowMs,
    logger,
  });
  const dispatcher = new Dispatcher({
    db,
    settlement: gate,
    purchases: purchaseRepo,
    writer,
    registry,
    selector,
    client,
    licenseNumber: config.licenseNumber,
    maxDispatchAttempts: config.maxDispatchAttempts,
    nowMs,
    logger,
  });
  // A request holds a purchase at most this long: every attempt's dispense and lookup, plus a margin for commits.
  const leaseMs = config.lookupTimeoutMs + config.maxDispatchAttempts * (config.dispatchTimeoutMs + config.lookupTimeoutMs) + 30_000;
  const healthChecker = new HealthChecker(registry, client, config.healthIntervalMs, logger);
  const pendingResolver = new PendingResolver(
    purchaseRepo,
    dispatcher,
    {
      intervalMs: config.pendingResolveIntervalMs,
      // A request working on a purchase holds its lease, and leased purchases are never taken.
      abandonedAfterMs: config.pendingAbandonedAfterMs,
      leaseMs,
      batchSize: 100,
      nowMs,
      newId,
    },
    logger,
  );
  return {
    config,
    db,
    apiKeys,
    customers,
    authenticate: authenticate(customers.auth),
    billing,
    media,
    refunds,
    history: new HistoryService({
      repository: new HistoryRepository(db),
      refunds: refunds.service.refundStatusOf,
      accounts: async (accountId) => {
        const info = await customers.accounts.accountInfo(accountId);
        const a = info.address;
        return { name: info.name, address: a === null ? null : { ...a, zip: a.zip4 === null ? a.zip5 : `${a.zip5}-${a.zip4}` } };
      },
      payments: (purchaseId) => billing.paymentOf(purchaseId),
      nowMs,
    }),
    paymentSweeper,
    registry,
    selector,
    healthChecker,
    pendingResolver,
    purchases: new PurchaseService({ db, gate, purchases: purchaseRepo, writer, selector, dispatcher, leaseMs, nowMs, newId }),
    stamps: new StampService(stampRepo),
    writer,
    async close() {
      await healthChecker.stop();
      await pendingResolver.stop();
      await paymentSweeper.stop();
      await refunds.stop();
      await writer.drain();
      http.close();
    },
  };
}
