// Runs the payment simulator as its own HTTP process on loopback (port from PAYMENT_SIM_PORT), until
// SIGTERM or SIGINT. State is in memory and lost when it stops, as a test gateway's may be.
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildPaymentSimulatorApp } from './app.js';
import { simulatorConfigFromEnv, type SimulatorConfig } from './simulator-config.js';
import { SimulatorStore } from './simulator-store.js';
import { runServerMain } from '../../util/run-server-main.js';

/** A listening simulator. */
export interface RunningSimulator {
  readonly app: FastifyInstance;
  /** Its state, for inspection. */
  readonly store: SimulatorStore;
  /** Base URL, e.g. http://127.0.0.1:4450. */
  readonly url: string;
  /** Stops listening; held charges are let go first. */
  close(): Promise<void>;
}

/** Starts the simulator described by `config`; `clock` and `logStream` are for tests. */
export async function startPaymentSimulator(
  config: SimulatorConfig,
  options: { clock?: () => Date; logStream?: { write(line: string): void } } = {},
): Promise<RunningSimulator> {
  const store = new SimulatorStore();
  const app = buildPaymentSimulatorApp({ ...config, store, ...options });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { app, store, url: `http://${host}:${port}`, close: () => app.close() };
}

/** Runs the simulator from environment variables until SIGTERM or SIGINT; resolves to the exit status. */
export async function runPaymentSimulatorMain(env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  return runServerMain('payment simulator', () => startPaymentSimulator(simulatorConfigFromEnv(env)));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runPaymentSimulatorMain();
}
