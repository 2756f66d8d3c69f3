// The postal authority's configuration: read once (from environment variables, or from values a
// launcher already holds), validated with every problem reported at once, then frozen. Units are in
// the names.
import { resolve } from 'node:path';
import { AppError } from '../errors/app-error.js';

/** The validated, frozen configuration of the authority server. */
export interface AuthorityConfig {
  /** Address to listen on; loopback unless told otherwise. */
  readonly host: string;
  /** TCP port to listen on (0: any free port). */
  readonly port: number;
  /** The authority's own database (see openDatabase for the URL forms). */
  readonly databaseUrl: string;
  /** Folder of the authority's private key (authority-key.pem, mode 0600) and root certificate. */
  readonly dataDir: string;
  /** CN of the authority's root certificate. */
  readonly authorityName: string;
  /** Bearer token of the vendor system (at least 32 characters). */
  readonly vendorToken: string;
  /** Bearer token of the authority's operator, who funds the deposit; null disables operator calls. */
  readonly operatorToken: string | null;
  /** Bearer token of the scanning stations (POST /v1/scans); null: only the operator may scan. */
  readonly scannerToken: string | null;
  /** Largest PNG or PDF a scanning station may upload to POST /v1/scans, in bytes. */
  readonly scanBodyLimitBytes: number;
  /** The license number to assign to the vendor; null to draw an 8-digit one at random. */
  readonly licenseNumber: number | null;
  readonly certificateValidityDays: number;
  readonly rootCertificateValidityDays: number;
  /** Longest time between two inspections of a PSD (psd-ledger.md: 90 days). */
  readonly inspectionIntervalDays: number;
  /** Largest amount one reset may add to a PSD, in mills. */
  readonly maxResetMills: bigint;
  /** Largest amount one funding may add to the deposit, in mills. */
  readonly maxFundingMills: bigint;
  /** Funding made once at first start (reference "initial-deposit"), in mills; 0 for none. */
  readonly initialDepositMills: bigint;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  /** How long a graceful shutdown waits for requests in flight before closing anyway. */
  readonly shutdownTimeoutMs: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** The environment variable of each setting. */
export const AUTHORITY_ENV = {
  host: 'AUTHORITY_HOST',
  port: 'AUTHORITY_PORT',
  databaseUrl: 'AUTHORITY_DATABASE_URL',
  dataDir: 'AUTHORITY_DATA_DIR',
  authorityName: 'AUTHORITY_NAME',
  vendorToken: 'AUTHORITY_VENDOR_TOKEN',
  operatorToken: 'AUTHORITY_OPERATOR_TOKEN',
  scannerToken: 'AUTHORITY_SCANNER_TOKEN',
  scanBodyLimitBytes: 'AUTHORITY_SCAN_BODY_LIMIT_BYTES',
  licenseNumber: 'AUTHORITY_LICENSE_NUMBER',
  certificateValidityDays: 'AUTHORITY_CERTIFICATE_VALIDITY_DAYS',
  rootCertificateValidityDays: 'AUTHORITY_ROOT_CERTIFICATE_VALIDITY_DAYS',
  inspectionIntervalDays: 'AUTHORITY_INSPECTION_INTERVAL_DAYS',
  maxResetMills: 'AUTHORITY_MAX_RESET_MILLS',
  maxFundingMills: 'AUTHORITY_MAX_FUNDING_MILLS',
  initialDepositMills: 'AUTHORITY_INITIAL_DEPOSIT_MILLS',
  bodyLimitBytes: 'AUTHORITY_BODY_LIMIT_BYTES',
  requestTimeoutMs: 'AUTHORITY_REQUEST_TIMEOUT_MS',
  shutdownTimeoutMs: 'AUTHORITY_SHUTDOWN_TIMEOUT_MS',
  logLevel: 'AUTHORITY_LOG_LEVEL',
} as const satisfies Record<keyof AuthorityConfig, string>;

/** Settings as given: strings (environment) or already-typed values; absent means the default. */
export type AuthorityConfigInput = { readonly [K in keyof AuthorityConfig]?: string | number | bigint | null };

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MIN_TOKEN_LENGTH = 32;

/** Reads the configuration from environment variables (see AUTHORITY_ENV). */
export function authorityConfigFromEnv(env: Readonly<Record<string, string | undefined>>): AuthorityConfig {
  const input: Record<string, string> = {};
  for (const [key, name] of Object.entries(AUTHORITY_ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[key] = value;
  }
  return loadAuthorityConfig(input, AUTHORITY_ENV);
}

/**
 * Validates settings and applies defaults; throws one CONFIG_INVALID naming every bad setting
 * (by `names`, e.g. the environment variable, when given).
 */
export function loadAuthorityConfig(input: AuthorityConfigInput, names: Partial<Record<keyof AuthorityConfig, string>> = {}): AuthorityConfig {
  const problems: string[] = [];
  const r = new Reader(input, names, problems);
  const dataDir = resolve(r.text('dataDir', 'data/authority'));
  const config: AuthorityConfig = {
    host: r.text('host', '127.0.0.1'),
    port: r.int('port', 4401, 0, 65535),
    databaseUrl: r.text('databaseUrl', `sqlite:${resolve(dataDir, 'authority.db')}`),
    dataDir,
    authorityName: r.text('authorityName', 'Postal Authority'),
    vendorToken: r.token('vendorToken', true) ?? '',
    operatorToken: r.token('operatorToken', false),
    scannerToken: r.token('scannerToken', false),
    // A phone photo or a scanned page fits in 10 MiB; more is refused before it is read.
    scanBodyLimitBytes: r.int('scanBodyLimitBytes', 10 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    licenseNumber: r.optionalInt('licenseNumber', 1, 0xffff_ffff),
    certificateValidityDays: r.int('certificateValidityDays', 730, 1, 36_500),
    rootCertificateValidityDays: r.int('rootCertificateValidityDays', 7300, 1, 36_500),
    inspectionIntervalDays: r.int('inspectionIntervalDays', 90, 1, 3650),
    // US$100,000 per reset, US$100,000,000 per funding: far above the demo's needs, far below a 64-bit column.
    maxResetMills: r.mills('maxResetMills', 100_000_000n),
    maxFundingMills: r.mills('maxFundingMills', 100_000_000_000n),
    initialDepositMills: r.mills('initialDepositMills', 0n),
    bodyLimitBytes: r.int('bodyLimitBytes', 64 * 1024, 1024, 16 * 1024 * 1024),
    requestTimeoutMs: r.int('requestTimeoutMs', 30_000, 0, 600_000),
    shutdownTimeoutMs: r.int('shutdownTimeoutMs', 10_000, 0, 600_000),
    logLevel: r.oneOf('logLevel', 'info', LOG_LEVELS),
  };
  if (config.operatorToken !== null && config.operatorToken === config.vendorToken) {
    problems.push(`${r.name('operatorToken')} must differ from ${r.name('vendorToken')}`);
  }
  if (config.scannerToken !== null && (config.scannerToken === config.vendorToken || config.scannerToken === config.operatorToken)) {
    problems.push(`${r.name('scannerToken')} must differ from ${r.name('vendorToken')} and ${r.name('operatorToken')}`);
  }
  if (config.initialDepositMills > config.maxFundingMills) {
    problems.push(`${r.name('initialDepositMills')} exceeds ${r.name('maxFundingMills')}`);
  }
  if (problems.length > 0) throw new AppError('CONFIG_INVALID', `The authority configuration is invalid: ${problems.join('; ')}`, { problems });
  return Object.freeze(config);
}

/** Reads one setting at a time, collecting problems instead of stopping at the first. */
class Reader {
  constructor(
    private readonly input: AuthorityConfigInput,
    private readonly names: Partial<Record<keyof AuthorityConfig, string>>,
    private readonly problems: string[],
  ) {}

  name(key: keyof AuthorityConfig): string {
    return this.names[key] ?? key;
  }

  text(key: keyof AuthorityConfig, fallback: string): string {
    const v = this.input[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || v.trim() === '') return this.bad(key, 'must be a non-empty string', fallback);
    return v.trim();
  }

  int(key: keyof AuthorityConfig, fallback: number, min: number, max: number): number {
    return this.optionalInt(key, min, max) ?? fallback;
  }

  optionalInt(key: keyof AuthorityConfig, min: number, max: number): number | null {
    const v = this.input[key];
    if (v === undefined || v === null) return null;
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : typeof v === 'number' ? v : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) return this.bad(key, `must be a whole number from ${min} to ${max}, got ${String(v)}`, null);
    return n;
  }

  mills(key: keyof AuthorityConfig, fallback: bigint): bigint {
    const v = this.input[key];
    if (v === undefined || v === null) return fallback;
    const text = String(v).trim();
    if (!/^\d{1,18}$/.test(text) || (typeof v === 'number' && !Number.isSafeInteger(v))) {
      return this.bad(key, `must be a whole number of mills (at most 18 digits), got ${String(v)}`, fallback);
    }
    return BigInt(text);
  }

  token(key: 'vendorToken' | 'operatorToken' | 'scannerToken', required: boolean): string | null {
    const v = this.input[key];
    if (v === undefined || v === null) return required ? this.bad(key, 'is required (a random secret of at least 32 characters)', null) : null;
    if (typeof v !== 'string' || v.length < MIN_TOKEN_LENGTH || /\s/.test(v)) {
      return this.bad(key, `must be at least ${MIN_TOKEN_LENGTH} characters without spaces`, null);
    }
    return v;
  }

  oneOf<T extends string>(key: keyof AuthorityConfig, fallback: T, allowed: readonly T[]): T {
    const v = this.input[key];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'string' || !allowed.includes(v as T)) return this.bad(key, `must be one of ${allowed.join(', ')}`, fallback);
    return v as T;
  }

  private bad<T>(key: keyof AuthorityConfig, problem: string, fallback: T): T {
    this.problems.push(`${this.name(key)} ${problem}`);
    return fallback;
  }
}
