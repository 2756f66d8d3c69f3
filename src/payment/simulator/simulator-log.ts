// The simulator's logger options: pino (through Fastify) with every field that could hold card data
// or the secret key redacted, wherever it is logged. Request bodies are logged at debug level only,
// and then with these fields replaced, so that the log shows what came in without the card.
import type { FastifyServerOptions } from 'fastify';

/** What replaces a redacted value in the log. */
export const REDACTED = '[REDACTED]';

/** Paths pino redacts: card number and security code at any of the depths the simulator logs them. */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  'number',
  'cvc',
  '*.number',
  '*.cvc',
  '*.*.number',
  '*.*.cvc',
  'req.headers.authorization',
  'headers.authorization',
]);

/** Log levels the simulator accepts; silent turns logging off. */
export const SIMULATOR_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A log level. */
export type SimulatorLogLevel = (typeof SIMULATOR_LOG_LEVELS)[number];

/** Fastify logger options at `level`, writing to `stream` (stdout by default), with the redactions. */
export function simulatorLoggerOptions(level: SimulatorLogLevel, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return { level, redact: { paths: [...REDACT_PATHS], censor: REDACTED }, ...(stream !== undefined ? { stream } : {}) };
}
