// A processing server's HTTP app, built without listening: tests drive it with app.inject(), main.ts
// listens. Every route needs the internal token; routes do HTTP and validation, the ledger (src/ledger)
// holds the logic and the I/O, the Dispenser batches purchases into shared transactions.
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CryptoModule } from '../crypto/crypto-module.js';
import type { Database } from '../db/database.js';
import { registerErrorHandler } from '../http/error-handler.js';
import type { PsdLedger } from '../ledger/psd-ledger.js';
import type { BatcherOptions } from '../util/batcher.js';
import type { AuthorityReporter } from './authority-port.js';
import { Dispenser } from './dispenser.js';
import { internalTokenCheck } from './internal-auth.js';
import { auditRoutes } from './routes/audit.routes.js';
import { dispenseRoutes } from './routes/dispense.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { psdRoutes } from './routes/psds.routes.js';
import type { ReportTransport } from './reports/report-client.js';
import { reportRoutes } from './reports/report.routes.js';

/** Everything a processing app is built from. */
export interface ProcessingAppDeps {
  readonly serverId: string;
  /** The shared secret of INTERNAL_TOKEN_HEADER. */
  readonly internalToken: string;
  /** Vendor software release written into every indicium (spec §2). */
  readonly softwareId: number;
  readonly ledger: PsdLedger;
  /** The ledger's database (stamps are read back from it). */
  readonly db: Database;
  /** The authority, for the operator's inspections and withdrawals; without it those routes refuse. */
  readonly authority?: AuthorityReporter;
  /** Whether the ledger resets PSDs automatically (health counts a PSD without funds as available then). */
  readonly autoReset: boolean;
  /** Group commit of dispensing: purchases per batch and the wait for company. */
  readonly batch: BatcherOptions;
  /** Largest request body, in bytes; 1 MiB by default (1000 stamps take about a quarter of it). */
  readonly bodyLimitBytes?: number;
  /** Longest time to receive a whole request, in milliseconds. */
  readonly requestTimeoutMs?: number;
  /** Fastify's logger option: false in tests, pino options in main. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Log a line per request and response (off by default: at thousands of purchases a second it costs CPU). */
  readonly logRequests?: boolean;
  /** The clock, milliseconds since 1970-01-01 UTC. */
  readonly nowMs?: () => number;
  /** Daily transaction reports (src/processing/reports/): the module holding the PSD keys and the authority's report calls; without them the report routes are absent. */
  readonly reports?: { readonly crypto: Pick<CryptoModule, 'sign'>; readonly transport: ReportTransport };
}

/**
 * Builds the app. Closing it (app.close()) stops accepting requests, lets those in flight finish,
 * then waits for the batch being dispensed and for the ledger's background resets.
 */
export function buildProcessingApp(deps: ProcessingAppDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new LogController({ disableRequestLogging: !deps.logRequests }),
    bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024,
    requestTimeout: deps.requestTimeoutMs ?? 60_000,
    genReqId: () => randomUUID(),
    // While closing, a request already on an open connection is still served (then that connection is
    // closed, see onSend below) rather than answered 503, which would leave its purchase in doubt.
    return503OnClosing: false,
    ajv: { customOptions: { removeAdditional: false, allowUnionTypes: true } },
  });
  const nowMs = deps.nowMs ?? (() => Date.now());
  let closing = false;
  const dispenser = new Dispenser({
    serverId: deps.serverId,
    softwareId: deps.softwareId,
    ledger: deps.ledger,
    db: deps.db,
    batch: deps.batch,
    log: app.log,
  });
  registerErrorHandler(app);
  app.addHook('onRequest', internalTokenCheck(deps.internalToken));
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Once closing, answers end their keep-alive connections, so that the server's close is not held
  // open by idle client connections after the requests in flight are answered.
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onClose', async () => {
    await dispenser.drain();
    await deps.ledger.settled();
  });
  dispenseRoutes(app, dispenser);
  healthRoutes(app, { serverId: deps.serverId, ledger: deps.ledger, autoReset: deps.autoReset, nowMs, closing: () => closing });
  psdRoutes(app, { serverId: deps.serverId, ledger: deps.ledger, authority: deps.authority, nowMs });
  auditRoutes(app, { serverId: deps.serverId, ledger: deps.ledger });
  if (deps.reports !== undefined) {
    reportRoutes(app, { db: deps.db, ledger: deps.ledger, crypto: deps.reports.crypto, authority: deps.reports.transport, nowMs });
  }
  return app;
}
