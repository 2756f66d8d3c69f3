// The processing server's configuration from environment variables. Secrets may be given inline or,
// better, as files (…_FILE), whose content is read here, once; nothing read is ever logged.
import { readFileSync } from 'node:fs';
import type { CryptoModuleConfig } from '../crypto/open-crypto-module.js';
import { AppError } from '../errors/app-error.js';
import { loadProcessingConfig, type ProcessingConfig, type ProcessingConfigInput } from './config.js';

/** The environment variable of each plain setting. */
export const PROCESSING_ENV = {
  serverId: 'INDICIA_PROCESSING_SERVER_ID',
  host: 'INDICIA_PROCESSING_HOST',
  port: 'INDICIA_PROCESSING_PORT',
  databaseUrl: 'INDICIA_PROCESSING_DATABASE_URL',
  internalToken: 'INDICIA_INTERNAL_TOKEN',
  licenseNumber: 'INDICIA_LICENSE_NUMBER',
  softwareId: 'INDICIA_SOFTWARE_ID',
  authorityUrl: 'INDICIA_AUTHORITY_URL',
  authorityToken: 'INDICIA_AUTHORITY_TOKEN',
  authorityPublicKeyPem: 'INDICIA_AUTHORITY_PUBLIC_KEY_FILE',
  authorityTimeoutMs: 'INDICIA_AUTHORITY_TIMEOUT_MS',
  autoReset: 'INDICIA_AUTO_RESET',
  resetThresholdMills: 'INDICIA_RESET_THRESHOLD_MILLS',
  resetAmountMills: 'INDICIA_RESET_AMOUNT_MILLS',
  inspectionPeriodDays: 'INDICIA_INSPECTION_PERIOD_DAYS',
  inspectionCheckIntervalMs: 'INDICIA_INSPECTION_CHECK_INTERVAL_MS',
  psdCount: 'INDICIA_PROCESSING_PSD_COUNT',
  batchMaxSize: 'INDICIA_PROCESSING_BATCH_MAX_SIZE',
  batchMaxWaitMs: 'INDICIA_PROCESSING_BATCH_MAX_WAIT_MS',
  bodyLimitBytes: 'INDICIA_PROCESSING_BODY_LIMIT_BYTES',
  requestTimeoutMs: 'INDICIA_PROCESSING_REQUEST_TIMEOUT_MS',
  shutdownTimeoutMs: 'INDICIA_PROCESSING_SHUTDOWN_TIMEOUT_MS',
  logLevel: 'INDICIA_PROCESSING_LOG_LEVEL',
  logRequests: 'INDICIA_LOG_REQUESTS',
} as const satisfies Record<Exclude<keyof ProcessingConfig, 'crypto'>, string>;

/** The environment variables of the cryptographic module. */
export const PROCESSING_CRYPTO_ENV = {
  kind: 'INDICIA_PROCESSING_CRYPTO',
  keyStoreDir: 'INDICIA_PROCESSING_KEY_STORE_DIR',
  masterKey: 'INDICIA_PROCESSING_MASTER_KEY',
  masterKeyFile: 'INDICIA_PROCESSING_MASTER_KEY_FILE',
  libraryPath: 'INDICIA_PROCESSING_PKCS11_LIBRARY',
  tokenLabel: 'INDICIA_PROCESSING_PKCS11_TOKEN_LABEL',
  pin: 'INDICIA_PROCESSING_PKCS11_PIN',
  pinFile: 'INDICIA_PROCESSING_PKCS11_PIN_FILE',
  softhsmConfPath: 'SOFTHSM2_CONF',
} as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the configuration from environment variables (PROCESSING_ENV, PROCESSING_CRYPTO_ENV). */
export function processingConfigFromEnv(env: Env): ProcessingConfig {
  const problems: string[] = [];
  const input: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(PROCESSING_ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') input[key] = value;
  }
  // The public key is named by a file; the setting holds its PEM.
  const keyFile = env[PROCESSING_ENV.authorityPublicKeyPem];
  input.authorityPublicKeyPem = keyFile ? readSecret(keyFile, PROCESSING_ENV.authorityPublicKeyPem, problems) : undefined;
  input.crypto = cryptoFromEnv(env, problems);
  try {
    return loadProcessingConfig(input as ProcessingConfigInput, PROCESSING_ENV);
  } catch (err) {
    if (problems.length === 0 || !(err instanceof AppError)) throw err;
    const all = [...problems, ...((err.details?.problems as string[] | undefined) ?? [])];
    throw new AppError('CONFIG_INVALID', `The processing server configuration is invalid: ${all.join('; ')}`, { problems: all });
  }
}

function cryptoFromEnv(env: Env, problems: string[]): CryptoModuleConfig | undefined {
  const e = PROCESSING_CRYPTO_ENV;
  const kind = env[e.kind] || 'software';
  if (kind === 'software') {
    const keyStoreDir = env[e.keyStoreDir] ?? '';
    const masterKey = env[e.masterKey] || (env[e.masterKeyFile] ? readSecret(env[e.masterKeyFile] as string, e.masterKeyFile, problems) : '');
    return { kind, keyStoreDir, masterKey };
  }
  if (kind === 'pkcs11') {
    const pin = env[e.pin] || (env[e.pinFile] ? readSecret(env[e.pinFile] as string, e.pinFile, problems) : '');
    return {
      kind,
      tokenLabel: env[e.tokenLabel] ?? '',
      pin,
      ...(env[e.libraryPath] ? { libraryPath: env[e.libraryPath] } : {}),
      ...(env[e.softhsmConfPath] ? { softhsmConfPath: env[e.softhsmConfPath] } : {}),
    };
  }
  problems.push(`${e.kind} must be software or pkcs11, got ${kind}`);
  return undefined;
}

/** The trimmed content of a file named by a setting; a problem (naming the file, never the content) when unreadable. */
function readSecret(path: string, setting: string, problems: string[]): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    problems.push(`${setting} names ${path}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return '';
  }
}
