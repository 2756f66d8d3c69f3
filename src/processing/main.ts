// Starts a processing server as its own process: opens and migrates its database, opens its
// cryptographic module, connects to the postal authority (fetching its public key unless configured),
// builds the app, asks again for the resets a crash left pending, provisions PSDs up to the configured
// count, and listens. SIGTERM and SIGINT close it gracefully: no new requests, those in flight and the
// batch being dispensed finish, background resets settle, then the module and the database close.
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { CryptoModule } from '../crypto/crypto-module.js';
import { openCryptoModule } from '../crypto/open-crypto-module.js';
import { redactDatabaseUrl } from '../db/database-url.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { isAppError } from '../errors/app-error.js';
import { INTERNAL_TOKEN_HEADER } from '../internal-api/dispense-contract.js';
import { LEDGER_MIGRATIONS } from '../ledger/migrations.js';
import { PsdLedger } from '../ledger/psd-ledger.js';
import { buildProcessingApp } from './app.js';
import { AuthorityClient } from './authority-client.js';
import { processingConfigFromEnv } from './config-env.js';
import type { ProcessingConfig } from './config.js';
import { InspectionScheduler } from './inspection-scheduler.js';
import { ensurePsds } from './provision.js';
import { ReportClient } from './reports/report-client.js';
import { DEFAULT_REPORT_CONFIG, reportConfigFromEnv, type ReportConfig } from './reports/report-config.js';
import { ReportScheduler } from './reports/report-scheduler.js';
import type { ReportDeps } from './reports/report-sender.js';
import { closeGracefully } from '../http/close-gracefully.js';

const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** A listening processing server. */
export interface RunningProcessing {
  readonly app: FastifyInstance;
  readonly ledger: PsdLedger;
  /** Base URL it listens on, e.g. http://127.0.0.1:4411. */
  readonly url: string;
  /** Stops accepting, finishes what is in flight (at most shutdownTimeoutMs), closes module and database. */
  close(): Promise<void>;
}

/** Test hooks: the clock, the fetch used to reach the authority, and the logger; and the daily report settings. */
export interface StartProcessingOptions {
  readonly nowMs?: () => number;
  readonly fetch?: typeof fetch;
  readonly logger?: FastifyServerOptions['logger'];
  /** How daily transaction reports are sent; DEFAULT_REPORT_CONFIG when absent. */
  readonly reports?: ReportConfig;
}

/** Pino options of the server: the configured level, and the secret headers redacted wherever they appear. */
export function processingLogger(config: Pick<ProcessingConfig, 'logLevel'>): FastifyServerOptions['logger'] {
  if (config.logLevel === 'silent') return false;
  return { level: config.logLevel, redact: [`req.headers["${INTERNAL_TOKEN_HEADER}"]`, 'req.headers.authorization'] };
}

/** Starts the server described by `config`. */
export async function startProcessingServer(config: ProcessingConfig, options: StartProcessingOptions = {}): Promise<RunningProcessing> {
  const nowMs = options.nowMs ?? (() => Date.now());
  // Closed in reverse order of opening, on failure as on shutdown.
  const closers: (() => Promise<void>)[] = [];
  let closed: Promise<void> | undefined;
  const closeAll = (): Promise<void> =>
    (closed ??= (async () => {
      for (const close of [...closers].reverse()) await close().catch(() => undefined);
    })());
  try {
    const db = await openDatabase(config.databaseUrl);
    closers.push(() => db.close());
    await db.migrate(LEDGER_MIGRATIONS);
    const crypto = await openCryptoModule(config.crypto);
    closers.push(() => crypto.close());
    const authority = await AuthorityClient.connect({
      baseUrl: config.authorityUrl,
      token: config.authorityToken,
      timeoutMs: config.authorityTimeoutMs,
      ...(config.authorityPublicKeyPem !== null ? { publicKeyPem: config.authorityPublicKeyPem } : {}),
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    });
    const licenseNumber = config.licenseNumber ?? (await authority.ensureLicense());
    const logs: { app?: FastifyInstance } = {};
    const ledger = createLedger(config, { db, crypto, authority, licenseNumber, nowMs }, (err) => logs.app?.log.warn({ err }, 'background reset failed'));
    // Daily transaction reports go to the same authority with the same token and deadline.
    const reportTransport = new ReportClient({
      baseUrl: config.authorityUrl,
      token: config.authorityToken,
      timeoutMs: config.authorityTimeoutMs,
      ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
    });
    const app = buildProcessingApp({
      logRequests: config.logRequests,
      serverId: config.serverId,
      internalToken: config.internalToken,
      softwareId: config.softwareId,
      ledger,
      db,
      authority,
      autoReset: config.autoReset,
      batch: { maxBatchSize: config.batchMaxSize, maxWaitMs: config.batchMaxWaitMs },
      bodyLimitBytes: config.bodyLimitBytes,
      requestTimeoutMs: config.requestTimeoutMs,
      logger: options.logger ?? processingLogger(config),
      nowMs,
      reports: { crypto, transport: reportTransport },
    });
    logs.app = app;
    closers.push(() => closeGracefully(app, config.shutdownTimeoutMs));
    app.log.info({ serverId: config.serverId, database: redactDatabaseUrl(config.databaseUrl), crypto: crypto.kind, licenseNumber }, 'processing server starting');
    await prepareLedger(config, app, { ledger, crypto, authority, licenseNumber });
    const scheduler = inspectionScheduler(config, app, { ledger, authority });
    closers.push(() => scheduler.stop());
    const reporter = reportScheduler(options.reports ?? DEFAULT_REPORT_CONFIG, app, { db, ledger, crypto, authority: reportTransport, nowMs });
    closers.push(() => reporter.stop());
    await app.listen({ host: config.host, port: config.port });
    return { app, ledger, url: listeningUrl(app, config), close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** The ledger of this server: automatic resets and inspection period as configured. */
function createLedger(
  config: ProcessingConfig,
  deps: { db: Database; crypto: CryptoModule; authority: AuthorityClient; licenseNumber: number; nowMs: () => number },
  onBackgroundError: (err: unknown) => void,
): PsdLedger {
  return new PsdLedger({
    db: deps.db,
    crypto: deps.crypto,
    serverId: config.serverId,
    licenseNumber: deps.licenseNumber,
    authorizer: deps.authority,
    authorityPublicKey: deps.authority.publicKeyPem,
    ...(config.autoReset ? { autoReset: { thresholdMills: config.resetThresholdMills, amountMills: config.resetAmountMills } } : {}),
    inspectionPeriodMs: config.inspectionPeriodDays * MS_PER_DAY,
    nowMs: deps.nowMs,
    onBackgroundError,
  });
}

/** Asks again for the resets a crash left pending, then provisions PSDs up to the configured count. */
async function prepareLedger(
  config: ProcessingConfig,
  app: FastifyInstance,
  deps: { ledger: PsdLedger; crypto: CryptoModule; authority: AuthorityClient; licenseNumber: number },
): Promise<void> {
  const recovery = await deps.ledger.start();
  if (recovery.applied.length + recovery.failed.length > 0) {
    app.log.info({ applied: recovery.applied.map((r) => r.transactionId), failed: recovery.failed.map((f) => f.transactionId) }, 'pending resets asked again');
  }
  if (config.psdCount > 0) {
    const report = await ensurePsds(
      { crypto: deps.crypto, ledger: deps.ledger, registrar: deps.authority, serverId: config.serverId, licenseNumber: deps.licenseNumber },
      config.psdCount,
    );
    app.log.info({ resumed: report.resumed.length, created: report.created.length, active: report.active }, 'PSDs provisioned');
  }
}

/** The inspection scheduler, started (with a first tick) unless the interval is 0. */
function inspectionScheduler(
  config: ProcessingConfig,
  app: FastifyInstance,
  deps: { ledger: PsdLedger; authority: AuthorityClient },
): InspectionScheduler {
  const scheduler = new InspectionScheduler({
    ...deps,
    intervalMs: config.inspectionCheckIntervalMs,
    // Report a day ahead of the due date (half the period when that is shorter).
    marginMs: Math.min(MS_PER_DAY, (config.inspectionPeriodDays * MS_PER_DAY) / 2),
    log: app.log,
  });
  if (config.inspectionCheckIntervalMs > 0) {
    scheduler.start();
    void scheduler.tick();
  }
  return scheduler;
}

/** The daily report scheduler, started (with a first tick) unless its interval is 0. */
function reportScheduler(config: ReportConfig, app: FastifyInstance, deps: ReportDeps): ReportScheduler {
  const scheduler = new ReportScheduler({ deps, intervalMs: config.reportIntervalMs, catchUpDays: config.reportCatchUpDays, log: app.log });
  if (config.reportIntervalMs > 0) {
    scheduler.start();
    void scheduler.tick();
  }
  return scheduler;
}

function listeningUrl(app: FastifyInstance, config: ProcessingConfig): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}


/** Runs a processing server from environment variables until SIGTERM or SIGINT; resolves to the exit status. */
export async function runProcessingMain(env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  let running: RunningProcessing;
  try {
    running = await startProcessingServer(processingConfigFromEnv(env), { reports: reportConfigFromEnv(env) });
  } catch (err) {
    const code = isAppError(err) ? err.code : 'INTERNAL';
    process.stderr.write(`error ${code}: ${err instanceof Error ? err.message : String(err)}\n`);
    return isAppError(err) && err.kind === 'invalid_input' ? 2 : 1;
  }
  running.app.log.info({ url: running.url }, 'processing server listening');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      running.app.log.info('shutting down');
      running.close().then(resolve, resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runProcessingMain();
}
