// The simulator's configuration, from environment variables: read once, every problem reported at
// once (CONFIG_INVALID), then frozen. It listens on loopback only: it is a test double, not a gateway.
import { AppError } from '../../errors/app-error.js';
import { SIMULATOR_LOG_LEVELS, type SimulatorLogLevel } from './simulator-log.js';

/** The validated, frozen configuration of the simulator process. */
export interface SimulatorConfig {
  /** Loopback address to listen on: 127.0.0.1, ::1 or localhost. */
  readonly host: string;
  /** TCP port (0: any free port). */
  readonly port: number;
  /** Bearer key callers must send; null accepts calls without one. */
  readonly secretKey: string | null;
  /** How long the time-out test card's charge is held, in milliseconds. */
  readonly holdMs: number;
  readonly logLevel: SimulatorLogLevel;
}

/** The environment variable of each setting. */
export const SIMULATOR_ENV = {
  host: 'PAYMENT_SIM_HOST',
  port: 'PAYMENT_SIM_PORT',
  secretKey: 'PAYMENT_SIM_SECRET_KEY',
  holdMs: 'PAYMENT_SIM_HOLD_MS',
  logLevel: 'PAYMENT_SIM_LOG_LEVEL',
} as const satisfies Record<keyof SimulatorConfig, string>;

/** The default port, 4450. */
export const DEFAULT_SIMULATOR_PORT = 4450;
const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];
const MIN_KEY_LENGTH = 16;

/** Reads and checks the configuration from `env` (see SIMULATOR_ENV); CONFIG_INVALID lists every problem. */
export function simulatorConfigFromEnv(env: Readonly<Record<string, string | undefined>>): SimulatorConfig {
  const problems: string[] = [];
  const get = (key: keyof SimulatorConfig): string | undefined => {
    const value = env[SIMULATOR_ENV[key]]?.trim();
    return value === '' ? undefined : value;
  };
  const int = (key: keyof SimulatorConfig, fallback: number, min: number, max: number): number => {
    const text = get(key);
    if (text === undefined) return fallback;
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) problems.push(`${SIMULATOR_ENV[key]} must be a whole number from ${min} to ${max}, got ${text}`);
    return Number.isSafeInteger(n) ? n : fallback;
  };
  const host = get('host') ?? '127.0.0.1';
  if (!LOOPBACK.includes(host)) problems.push(`${SIMULATOR_ENV.host} must be a loopback address (${LOOPBACK.join(', ')}), got ${host}`);
  const secretKey = get('secretKey') ?? null;
  if (secretKey !== null && (secretKey.length < MIN_KEY_LENGTH || /\s/.test(secretKey))) {
    problems.push(`${SIMULATOR_ENV.secretKey} must be at least ${MIN_KEY_LENGTH} characters without spaces`);
  }
  const logLevel = (get('logLevel') ?? 'info') as SimulatorLogLevel;
  if (!SIMULATOR_LOG_LEVELS.includes(logLevel)) problems.push(`${SIMULATOR_ENV.logLevel} must be one of ${SIMULATOR_LOG_LEVELS.join(', ')}`);
  const config: SimulatorConfig = {
    host,
    port: int('port', DEFAULT_SIMULATOR_PORT, 0, 65535),
    secretKey,
    // 30 s by default: past any sensible client deadline, short enough not to pile up.
    holdMs: int('holdMs', 30_000, 1, 600_000),
    logLevel,
  };
  if (problems.length > 0) throw new AppError('CONFIG_INVALID', `The payment simulator configuration is invalid: ${problems.join('; ')}`, { problems });
  return Object.freeze(config);
}
