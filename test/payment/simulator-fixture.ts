// A payment simulator on an ephemeral loopback port with its log captured, and an HttpPaymentGateway
// pointed at it. Closed after each test.
import { onTestFinished } from 'vitest';
import { HttpPaymentGateway } from '../../src/payment/http-gateway.js';
import { startPaymentSimulator, type RunningSimulator } from '../../src/payment/simulator/main.js';
import type { SimulatorLogLevel } from '../../src/payment/simulator/simulator-log.js';

/** The secret key of the fixture's simulator. */
export const SECRET_KEY = 'sk_test_fixture_0123456789abcdef';
/** The clock of the simulator and the client: cards expiring 12/2030 are valid. */
export const NOW = new Date('2026-08-15T12:00:00Z');

/** A running simulator, a client of it and the log lines it wrote. */
export interface SimulatorFixture {
  readonly simulator: RunningSimulator;
  readonly gateway: HttpPaymentGateway;
  readonly logLines: string[];
}

/** Starts the fixture; `holdMs` is how long the time-out card is held, `timeoutMs` the client's deadline. */
export async function startSimulatorFixture(options: { holdMs?: number; timeoutMs?: number; logLevel?: SimulatorLogLevel } = {}): Promise<SimulatorFixture> {
  const logLines: string[] = [];
  const simulator = await startPaymentSimulator(
    { host: '127.0.0.1', port: 0, secretKey: SECRET_KEY, holdMs: options.holdMs ?? 30_000, logLevel: options.logLevel ?? 'trace' },
    { clock: () => NOW, logStream: { write: (line) => void logLines.push(line) } },
  );
  onTestFinished(() => simulator.close());
  const gateway = new HttpPaymentGateway({ baseUrl: simulator.url, secretKey: SECRET_KEY, timeoutMs: options.timeoutMs ?? 5_000, clock: () => NOW });
  return { simulator, gateway, logLines };
}

/** A card of the given number, valid on NOW. */
export function testCard(number: string): { number: string; expMonth: number; expYear: number; cvc: string } {
  return { number, expMonth: 12, expYear: 2030, cvc: number.startsWith('3') ? '1234' : '123' };
}

/** The catalogue code of the rejection of `promise`, or 'resolved'. */
export async function codeOfRejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}
