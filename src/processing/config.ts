// A processing server's configuration: read once (from environment variables, see config-env.ts, or
// from values a launcher already holds), validated with every problem reported at once, then frozen.
// Units are in the names. Secrets (tokens, master key, PIN) are values here and never logged.
import { AppError } from '../errors/app-error.js';
import type { CryptoModuleConfig } from '../crypto/open-crypto-module.js';
import { SettingReader, type SettingValue } from './config-reader.js';

/** Log levels of pino. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The validated, frozen configuration of one processing server. */
export interface ProcessingConfig {
  /** This server's id; it dispenses only from PSDs provisioned under it. */
  readonly serverId: string;
  /** Address to listen on; loopback unless told otherwise. */
  readonly host: string;
  /** TCP port (0: any free port). */
  readonly port: number;
  /** The ledger's database (see openDatabase for the URL forms). */
  readonly databaseUrl: string;
  /** Shared secret of the internal token header (web server and CLI send it). */
  readonly internalToken: string;
  /** The vendor's license number; null: asked of the authority (POST /v1/license) at start. */
  readonly licenseNumber: number | null;
  /** Vendor software release written into every indicium (spec §2). */
  readonly softwareId: number;
  /** The cryptographic module holding the PSD keys. */
  readonly crypto: CryptoModuleConfig;
  /** Base URL of the postal authority's API. */
  readonly authorityUrl: string;
  /** The vendor's bearer token at the authority. */
  readonly authorityToken: string;
  /** SPKI PEM of the authority's key; null: fetched from the authority at start. */
  readonly authorityPublicKeyPem: string | null;
  /** Deadline of one call to the authority, in milliseconds. */
  readonly authorityTimeoutMs: number;
  /** Reset PSDs without an operator when their DR falls below the threshold. */
  readonly autoReset: boolean;
  readonly resetThresholdMills: bigint;
  /** Mills added by each automatic reset. */
  readonly resetAmountMills: bigint;
  /** How long an inspection keeps a PSD dispensing, in days (psd-ledger.md: 90). */
  readonly inspectionPeriodDays: number;
  /** How often PSDs due for inspection are reported to the authority, in milliseconds; 0: never (operator only). */
  readonly inspectionCheckIntervalMs: number;
  /** Active PSDs to have at start, provisioned as needed; 0: provision none. */
  readonly psdCount: number;
  /** Group commit: most purchases in one dispensing transaction. */
  readonly batchMaxSize: number;
  /** Group commit: how long the first purchase of a batch waits for company, in milliseconds. */
  readonly batchMaxWaitMs: number;
  readonly bodyLimitBytes: number;
  readonly requestTimeoutMs: number;
  /** How long a graceful shutdown waits for requests in flight before closing anyway, in milliseconds. */
  readonly shutdownTimeoutMs: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** A log line per request and response; off by default (errors are still logged). */
  readonly logRequests: boolean;
}

/** Settings as given; `crypto` as a launcher builds it (config-env.ts builds it from the environment). */
export type ProcessingConfigInput = { readonly [K in Exclude<keyof ProcessingConfig, 'crypto'>]?: SettingValue } & {
  readonly crypto?: CryptoModuleConfig;
};

/** Tokens shorter than this are refused: they guard the dispensing of real postage. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Validates settings and applies defaults; throws one CONFIG_INVALID naming every bad setting (by
 * `names`, e.g. its environment variable, when given).
 */
export function loadProcessingConfig(input: ProcessingConfigInput, names: Partial<Record<keyof ProcessingConfig, string>> = {}): ProcessingConfig {
  const r = new SettingReader<keyof ProcessingConfig>(input as Partial<Record<keyof ProcessingConfig, SettingValue>>, names);
  const serverId = r.text('serverId');
  if (serverId !== '' && !/^[A-Za-z0-9._-]{1,64}$/.test(serverId)) r.bad('serverId', 'must be 1 to 64 letters, digits, dots, underscores or hyphens', '');
  const config: ProcessingConfig = {
    serverId,
    host: r.text('host', '127.0.0.1'),
    port: r.int('port', 4411, 0, 65535),
    databaseUrl: r.text('databaseUrl'),
    internalToken: r.secret('internalToken', MIN_TOKEN_LENGTH),
    licenseNumber: r.optionalInt('licenseNumber', 1, 0xffff_ffff),
    softwareId: r.int('softwareId', 1, 0, 0xffff),
    crypto: checkCrypto(input.crypto, r),
    authorityUrl: httpUrl(r, 'authorityUrl'),
    authorityToken: r.secret('authorityToken', MIN_TOKEN_LENGTH),
    authorityPublicKeyPem: r.optionalText('authorityPublicKeyPem'),
    authorityTimeoutMs: r.int('authorityTimeoutMs', 10_000, 1, 600_000),
    autoReset: r.flag('autoReset', true),
    // Reset below $100, by $1,000 at a time (the defaults of indicia init).
    resetThresholdMills: r.mills('resetThresholdMills', 100_000n),
    resetAmountMills: r.mills('resetAmountMills', 1_000_000n),
    inspectionPeriodDays: r.int('inspectionPeriodDays', 90, 1, 3650),
    inspectionCheckIntervalMs: r.int('inspectionCheckIntervalMs', 3_600_000, 0, 86_400_000),
    psdCount: r.int('psdCount', 0, 0, 1000),
    batchMaxSize: r.int('batchMaxSize', 256, 1, 10_000),
    batchMaxWaitMs: r.int('batchMaxWaitMs', 2, 0, 1000),
    bodyLimitBytes: r.int('bodyLimitBytes', 1024 * 1024, 1024, 100 * 1024 * 1024),
    requestTimeoutMs: r.int('requestTimeoutMs', 60_000, 0, 600_000),
    shutdownTimeoutMs: r.int('shutdownTimeoutMs', 30_000, 0, 600_000),
    logLevel: r.oneOf('logLevel', 'info', LOG_LEVELS),
    logRequests: r.flag('logRequests', false),
  };
  if (config.autoReset && config.resetAmountMills === 0n) r.bad('resetAmountMills', 'must be positive when automatic resets are on', 0n);
  if (config.internalToken !== '' && config.internalToken === config.authorityToken) {
    r.bad('authorityToken', `must differ from ${r.name('internalToken')}`, '');
  }
  if (r.problems.length > 0) {
    throw new AppError('CONFIG_INVALID', `The processing server configuration is invalid: ${r.problems.join('; ')}`, { problems: r.problems });
  }
  return deepFreeze(config);
}

function httpUrl(r: SettingReader<keyof ProcessingConfig>, key: 'authorityUrl'): string {
  const text = r.text(key);
  if (text === '') return text;
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return r.bad(key, 'must be an http or https URL', '');
    return url.origin;
  } catch {
    return r.bad(key, `must be an http or https URL, got ${text}`, '');
  }
}

/** Checks the crypto module's settings enough to name what is missing; the module checks the rest. */
function checkCrypto(crypto: CryptoModuleConfig | undefined, r: SettingReader<keyof ProcessingConfig>): CryptoModuleConfig {
  const none = { kind: 'software', keyStoreDir: '', masterKey: '' } as const;
  if (crypto === undefined) return r.bad('crypto', 'is required (software with a key store folder and master key, or pkcs11 with a token label and PIN)', none);
  if (crypto.kind === 'software') {
    if (typeof crypto.keyStoreDir !== 'string' || crypto.keyStoreDir.trim() === '') r.bad('crypto', 'needs keyStoreDir, the folder of the software module keys', 0);
    const key = crypto.masterKey;
    if (key === undefined || key === null || (typeof key === 'string' && key.trim() === '')) r.bad('crypto', 'needs the master key of the software module', 0);
    return { ...crypto };
  }
  if (crypto.kind === 'pkcs11') {
    if (typeof crypto.tokenLabel !== 'string' || crypto.tokenLabel === '') r.bad('crypto', 'needs tokenLabel, the label of the PKCS#11 token', 0);
    if (typeof crypto.pin !== 'string' || crypto.pin === '') r.bad('crypto', 'needs the PIN of the PKCS#11 token', 0);
    return { ...crypto };
  }
  return r.bad('crypto', `kind must be "software" or "pkcs11", got ${JSON.stringify((crypto as { kind?: unknown }).kind)}`, none);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
