// The web server's configuration: read once from the environment, every problem reported at once,
// then frozen. Names carry their units.
import { AppError } from '../errors/app-error.js';

/** Everything the web server needs to know at start. */
export interface WebConfig {
  /** TCP port to listen on (0 = any free port). */
  readonly port: number;
  readonly host: string;
  /** sqlite:/path/file.db, a file path, or postgres://user@host:5432/name. */
  readonly databaseUrl: string;
  /** The vendor's single license number; every indicium a processing server returns must carry it. */
  readonly licenseNumber: number;
  /** Shared secret sent to the processing servers in the internal token header. */
  readonly internalToken: string;
  /** How long one dispense call may take before the purchase is in doubt. */
  readonly dispatchTimeoutMs: number;
  /** How long one lookup call may take. */
  readonly lookupTimeoutMs: number;
  /** How often every processing server's health is polled. */
  readonly healthIntervalMs: number;
  /** How long one health call may take before the server counts as down. */
  readonly healthTimeoutMs: number;
  /** How many servers one purchase tries before it gives up (failover on refused connections). */
  readonly maxDispatchAttempts: number;
  /** How long a verified API key is trusted from memory before the database is asked again. */
  readonly apiKeyCacheMs: number;
  /** Group commit: the longest the first write of a batch waits for company. */
  readonly groupCommitMaxWaitMs: number;
  /** Group commit: the most writes in one transaction. */
  readonly groupCommitMaxBatch: number;
  /** Largest request body accepted, in bytes (1000 stamps fit well within the default). */
  readonly bodyLimitBytes: number;
  /** How long a graceful shutdown waits for in-flight purchases before it stops anyway. */
  readonly shutdownTimeoutMs: number;
  /** A log line per request and response (INDICIA_LOG_REQUESTS=true); off, errors are still logged. */
  readonly logRequests: boolean;
  /** How often abandoned pending purchases are looked for. */
  readonly pendingResolveIntervalMs: number;
  /** How long a pending purchase must be left alone (no retry) before the server settles it itself. */
  readonly pendingAbandonedAfterMs: number;
  /** The card gateway (the payment simulator in the embedded system); null: card payments are refused. */
  readonly paymentGatewayUrl: string | null;
  /** The vendor's secret key at the gateway; null when it needs none. */
  readonly paymentGatewayKey: string | null;
  /** Deadline of one call to the card gateway. */
  readonly paymentTimeoutMs: number;
  /** The postal authority (refunds are published there); null: refunds stay requested until it is configured. */
  readonly authorityUrl: string | null;
  /** The vendor's bearer token at the authority. */
  readonly authorityToken: string | null;
  /** How often owed card refunds are paid and unknown charges asked about again. */
  readonly paymentSweepIntervalMs: number;
  /** How often refund requests due for a decision are reviewed. */
  readonly refundReviewIntervalMs: number;
}

/** The values used when the environment names none. */
export const WEB_CONFIG_DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  databaseUrl: 'sqlite:./data/web.db',
  dispatchTimeoutMs: 10_000,
  lookupTimeoutMs: 5_000,
  healthIntervalMs: 5_000,
  healthTimeoutMs: 2_000,
  maxDispatchAttempts: 3,
  apiKeyCacheMs: 30_000,
  groupCommitMaxWaitMs: 2,
  groupCommitMaxBatch: 256,
  bodyLimitBytes: 1_048_576,
  shutdownTimeoutMs: 30_000,
  logRequests: false,
  pendingResolveIntervalMs: 60_000,
  pendingAbandonedAfterMs: 600_000,
  paymentGatewayUrl: null,
  paymentGatewayKey: null,
  paymentTimeoutMs: 15_000,
  authorityUrl: null,
  authorityToken: null,
  paymentSweepIntervalMs: 60_000,
  refundReviewIntervalMs: 60_000,
} as const;

type TextKey = 'host' | 'databaseUrl' | 'internalToken' | 'logRequests' | 'paymentGatewayUrl' | 'paymentGatewayKey' | 'authorityUrl' | 'authorityToken';
type IntegerKey = Exclude<keyof WebConfig, TextKey>;

// Environment variable, config key, smallest and largest allowed value.
const INTEGERS: ReadonlyArray<readonly [string, IntegerKey, number, number]> = [
  ['INDICIA_WEB_PORT', 'port', 0, 65_535],
  ['INDICIA_LICENSE_NUMBER', 'licenseNumber', 0, 4_294_967_295],
  ['INDICIA_DISPATCH_TIMEOUT_MS', 'dispatchTimeoutMs', 1, 600_000],
  ['INDICIA_LOOKUP_TIMEOUT_MS', 'lookupTimeoutMs', 1, 600_000],
  ['INDICIA_HEALTH_INTERVAL_MS', 'healthIntervalMs', 10, 3_600_000],
  ['INDICIA_HEALTH_TIMEOUT_MS', 'healthTimeoutMs', 1, 600_000],
  ['INDICIA_MAX_DISPATCH_ATTEMPTS', 'maxDispatchAttempts', 1, 100],
  ['INDICIA_API_KEY_CACHE_MS', 'apiKeyCacheMs', 0, 3_600_000],
  ['INDICIA_GROUP_COMMIT_MAX_WAIT_MS', 'groupCommitMaxWaitMs', 0, 1_000],
  ['INDICIA_GROUP_COMMIT_MAX_BATCH', 'groupCommitMaxBatch', 1, 10_000],
  ['INDICIA_WEB_BODY_LIMIT_BYTES', 'bodyLimitBytes', 1_024, 104_857_600],
  ['INDICIA_SHUTDOWN_TIMEOUT_MS', 'shutdownTimeoutMs', 0, 600_000],
  ['INDICIA_PENDING_RESOLVE_INTERVAL_MS', 'pendingResolveIntervalMs', 1_000, 86_400_000],
  ['INDICIA_PENDING_ABANDONED_AFTER_MS', 'pendingAbandonedAfterMs', 0, 604_800_000],
  ['INDICIA_PAYMENT_TIMEOUT_MS', 'paymentTimeoutMs', 1, 600_000],
  ['INDICIA_PAYMENT_SWEEP_INTERVAL_MS', 'paymentSweepIntervalMs', 1_000, 86_400_000],
  ['INDICIA_REFUND_REVIEW_INTERVAL_MS', 'refundReviewIntervalMs', 1_000, 86_400_000],
];

/**
 * Reads the configuration from environment variables (INDICIA_WEB_PORT, INDICIA_DATABASE_URL,
 * INDICIA_LICENSE_NUMBER, INDICIA_INTERNAL_TOKEN, …), or throws one CONFIG_INVALID naming every problem.
 */
export function loadWebConfig(env: Readonly<Record<string, string | undefined>> = process.env): WebConfig {
  const problems: string[] = [];
  const values: Record<string, number | string | boolean | null> = {};
  for (const [name, key, min, max] of INTEGERS) {
    const raw = env[name]?.trim();
    const fallback = (WEB_CONFIG_DEFAULTS as Record<string, number | string | boolean | null | undefined>)[key] as number | string | undefined;
    if (raw === undefined || raw === '') {
      if (fallback === undefined) problems.push(`${name} is required`);
      else values[key] = fallback;
      continue;
    }
    const n = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) problems.push(`${name} must be an integer from ${min} to ${max}, not ${JSON.stringify(raw)}`);
    else values[key] = n;
  }
  values.host = env.INDICIA_WEB_HOST?.trim() || WEB_CONFIG_DEFAULTS.host;
  values.databaseUrl = env.INDICIA_DATABASE_URL?.trim() || WEB_CONFIG_DEFAULTS.databaseUrl;
  const token = env.INDICIA_INTERNAL_TOKEN?.trim() ?? '';
  // The token guards the dispensing of real postage between the vendor's own servers: demand some length.
  if (token.length < 16) problems.push('INDICIA_INTERNAL_TOKEN is required and must be at least 16 characters');
  values.internalToken = token;
  const logRequests = env.INDICIA_LOG_REQUESTS?.trim() || 'false';
  if (logRequests !== 'true' && logRequests !== 'false') problems.push(`INDICIA_LOG_REQUESTS must be true or false, not ${JSON.stringify(logRequests)}`);
  values.logRequests = logRequests === 'true';
  const gateway = env.INDICIA_PAYMENT_GATEWAY_URL?.trim() || null;
  if (gateway !== null && !/^https?:\/\/\S+$/.test(gateway)) problems.push(`INDICIA_PAYMENT_GATEWAY_URL must be an http(s) URL, not ${JSON.stringify(gateway)}`);
  const authority = env.INDICIA_AUTHORITY_URL?.trim() || null;
  if (authority !== null && !/^https?:\/\/\S+$/.test(authority)) problems.push(`INDICIA_AUTHORITY_URL must be an http(s) URL, not ${JSON.stringify(authority)}`);
  const authorityToken = env.INDICIA_AUTHORITY_TOKEN?.trim() || null;
  if (authority !== null && authorityToken === null) problems.push('INDICIA_AUTHORITY_TOKEN is required with INDICIA_AUTHORITY_URL');
  values.paymentGatewayUrl = gateway as string;
  values.paymentGatewayKey = (env.INDICIA_PAYMENT_GATEWAY_KEY?.trim() || null) as string;
  values.authorityUrl = authority as string;
  values.authorityToken = authorityToken as string;
  if (problems.length > 0) {
    throw new AppError('CONFIG_INVALID', `The web server configuration is invalid: ${problems.join('; ')}`, { problems });
  }
  return defineWebConfig(values as unknown as WebConfig);
}

/** Freezes a configuration built in code (tests, embedding), filling in defaults for what it leaves out. */
export function defineWebConfig(config: Partial<WebConfig> & Pick<WebConfig, 'licenseNumber' | 'internalToken'>): WebConfig {
  return Object.freeze({ ...WEB_CONFIG_DEFAULTS, ...config });
}
