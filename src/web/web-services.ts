// Wires the web server's repositories and services together. Repositories hold the I/O, services the
// logic; routes (stamps.routes.ts and friends) only do HTTP and validation on top of these.
import type { Database } from '../db/database.js';
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
}

/** The web server's services. */
export interface WebServices {
  readonly config: WebConfig;
  readonly db: Database;
  readonly apiKeys: ApiKeyService;
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
  const dispatcher = new Dispatcher({
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
    apiKeys: new ApiKeyService(new ApiKeyRepository(db), { cacheMs: config.apiKeyCacheMs, nowMs, newId }),
    registry,
    selector,
    healthChecker,
    pendingResolver,
    purchases: new PurchaseService({ purchases: purchaseRepo, writer, selector, dispatcher, leaseMs, nowMs, newId }),
    stamps: new StampService(stampRepo),
    writer,
    async close() {
      await healthChecker.stop();
      await pendingResolver.stop();
      await writer.drain();
      http.close();
    },
  };
}
