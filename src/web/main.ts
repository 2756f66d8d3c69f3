// Runs the web server: read the configuration, open and migrate the database, check the processing
// servers, listen, and on SIGTERM or SIGINT stop taking requests, let the purchases in flight finish,
// commit what is queued and close the database.
import { pathToFileURL } from 'node:url';
import type { FastifyServerOptions } from 'fastify';
import { openDatabase } from '../db/open-database.js';
import { isAppError } from '../errors/app-error.js';
import { loadWebConfig, type WebConfig } from './config.js';
import { WEB_MIGRATIONS } from './migrations.js';
import { buildWebApp, type WebApp } from './web-app.js';

/** A listening web server. */
export interface RunningWebServer {
  readonly app: WebApp;
  /** The address it listens on, e.g. http://127.0.0.1:8080. */
  readonly address: string;
  /** Graceful stop: no new requests, in-flight ones finish (up to the shutdown timeout), database closed. */
  stop(): Promise<void>;
}

/** Opens the database, migrates it, checks the processing servers and listens. */
export async function startWebServer(config: WebConfig, options: { logger?: FastifyServerOptions['logger'] } = {}): Promise<RunningWebServer> {
  const db = await openDatabase(config.databaseUrl);
  let app: WebApp;
  try {
    await db.migrate(WEB_MIGRATIONS);
    app = await buildWebApp({ config, db, logger: options.logger ?? true, logRequests: config.logRequests });
    // One round before listening, so that the first purchases find the healthy servers.
    await app.web.healthChecker.checkNow();
    app.web.healthChecker.start();
    app.web.pendingResolver.start();
    app.web.paymentSweeper.start();
    app.web.refunds.start();
  } catch (err) {
    await db.close();
    throw err;
  }
  const address = await app.listen({ port: config.port, host: config.host });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      const timer = setTimeout(() => {
        app.log.error({ shutdownTimeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; pending purchases stay pending and are resolved on retry');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      try {
        await app.close(); // waits for in-flight requests, then stops the health checker and commits queued writes
      } finally {
        await db.close();
        clearTimeout(timer);
      }
    })());
  return { app, address, stop };
}

/** The process entry point: configuration from the environment, signals for shutdown. */
export async function main(env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  let server: RunningWebServer;
  try {
    server = await startWebServer(loadWebConfig(env));
  } catch (err) {
    process.stderr.write(isAppError(err) ? `error ${err.code}: ${err.message}\n` : `error INTERNAL: ${String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = isAppError(err) && err.kind === 'invalid_input' ? 2 : 1;
    return;
  }
  server.app.log.info({ address: server.address }, 'web server listening');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.app.log.info({ signal }, 'shutting down: finishing purchases in flight');
      server.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          server.app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
