// Starts the postal authority as its own server: opens its database, runs its migrations, loads (or
// makes, on first start) its key and root certificate, builds the app and listens, loopback by default.
// SIGTERM and SIGINT close it gracefully: no new connections, requests in flight finish, then the
// database closes.
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { openDatabase } from '../db/open-database.js';
import { isAppError } from '../errors/app-error.js';
import { buildAuthorityApp } from './app.js';
import { loadOrCreateAuthorityKeys } from './authority-keys.js';
import { authorityConfigFromEnv, type AuthorityConfig } from './config.js';
import { policyFromConfig, randomLicenseNumber, type AuthorityContext } from './context.js';
import { AUTHORITY_MIGRATIONS } from './migrations.js';
import { fundDeposit } from './services/deposit.service.js';
import { runServerMain } from '../util/run-server-main.js';
import { closeGracefully } from '../http/close-gracefully.js';

/** A listening authority server. */
export interface RunningAuthority {
  readonly app: FastifyInstance;
  /** Base URL it listens on, e.g. http://127.0.0.1:4401. */
  readonly url: string;
  /** Stops accepting, waits for requests in flight (at most shutdownTimeoutMs), closes the database. */
  close(): Promise<void>;
}

/** Reference of the one-time funding made from `initialDepositMills`. */
export const INITIAL_DEPOSIT_REFERENCE = 'initial-deposit';

/** Starts the authority server described by `config`; `clock` is for tests. */
export async function startAuthorityServer(config: AuthorityConfig, options: { clock?: () => Date } = {}): Promise<RunningAuthority> {
  const clock = options.clock ?? (() => new Date());
  const db = await openDatabase(config.databaseUrl);
  try {
    await db.migrate(AUTHORITY_MIGRATIONS);
    const keys = await loadOrCreateAuthorityKeys(config.dataDir, {
      authorityName: config.authorityName,
      now: clock(),
      rootValidityDays: config.rootCertificateValidityDays,
    });
    const context: AuthorityContext = { db, keys, policy: policyFromConfig(config), clock, newLicenseNumber: randomLicenseNumber };
    if (config.initialDepositMills > 0n) await fundInitialDeposit(context, config.initialDepositMills);
    const app = buildAuthorityApp({
      context,
      tokens: { vendor: config.vendorToken, operator: config.operatorToken, scanner: config.scannerToken },
      bodyLimitBytes: config.bodyLimitBytes,
      scanBodyLimitBytes: config.scanBodyLimitBytes,
      requestTimeoutMs: config.requestTimeoutMs,
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return { app, url: `http://${host}:${port}`, close: () => closeGracefully(app, config.shutdownTimeoutMs).finally(() => db.close()) };
  } catch (err) {
    await db.close();
    throw err;
  }
}

// Funds once: a restart finds the entry under the same reference and moves nothing.
async function fundInitialDeposit(ctx: AuthorityContext, amountMills: bigint): Promise<void> {
  try {
    await fundDeposit(ctx, { amountMills, reference: INITIAL_DEPOSIT_REFERENCE });
  } catch (err) {
    // The setting changed after the first start: the deposit keeps what was funded then.
    if (!isAppError(err, 'DEPOSIT_REFERENCE_REUSED')) throw err;
  }
}


/** Runs the authority from environment variables until SIGTERM or SIGINT; resolves to the exit status. */
export async function runAuthorityMain(env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  return runServerMain('postal authority', () => startAuthorityServer(authorityConfigFromEnv(env)));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runAuthorityMain();
}
