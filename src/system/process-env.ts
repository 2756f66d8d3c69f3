import { dataPath, type ProcessingServerConfig, type SystemConfig } from './system-config.js';

/** Turns a configured database URL into one a child process can open from any working directory. */
export function resolveDatabaseUrl(config: SystemConfig, url: string): string {
  if (/^postgres(ql)?:\/\//.test(url)) return url;
  const path = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  return `sqlite:${dataPath(config, path)}`;
}

/** Base URL of a server of this installation. */
export function serverUrl(config: SystemConfig, port: number): string {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${port}`;
}

/** Environment of the postal authority process (see src/authority/config.ts). */
export function authorityEnv(config: SystemConfig): Record<string, string> {
  return {
    AUTHORITY_HOST: config.host,
    AUTHORITY_PORT: String(config.authority.port),
    AUTHORITY_DATABASE_URL: resolveDatabaseUrl(config, config.authority.databaseUrl),
    AUTHORITY_DATA_DIR: dataPath(config, 'authority'),
    AUTHORITY_VENDOR_TOKEN: config.authority.vendorToken,
    AUTHORITY_OPERATOR_TOKEN: config.authority.operatorToken,
    AUTHORITY_INITIAL_DEPOSIT_MILLS: config.authority.initialDepositMills,
    AUTHORITY_INSPECTION_INTERVAL_DAYS: String(config.ledger.inspectionPeriodDays),
  };
}

/** The card gateway's URL of this installation, or null when it has none configured. */
export function paymentGatewayUrl(config: SystemConfig): string | null {
  const p = config.payment;
  if (p === undefined) return null;
  return p.kind === 'simulator' ? serverUrl(config, p.port ?? 0) : (p.url ?? null);
}

/** Environment of the payment simulator process (see src/payment/simulator/simulator-config.ts). */
export function paymentSimulatorEnv(config: SystemConfig): Record<string, string> {
  return {
    PAYMENT_SIM_HOST: config.host,
    PAYMENT_SIM_PORT: String(config.payment?.port ?? 0),
    PAYMENT_SIM_SECRET_KEY: config.payment?.secretKey ?? '',
    PAYMENT_SIM_LOG_LEVEL: 'info',
  };
}

/** Environment of the web server process (see src/web/config.ts). */
export function webEnv(config: SystemConfig, licenseNumber: number): Record<string, string> {
  const gateway = paymentGatewayUrl(config);
  return {
    ...(gateway === null ? {} : { INDICIA_PAYMENT_GATEWAY_URL: gateway, INDICIA_PAYMENT_GATEWAY_KEY: config.payment?.secretKey ?? '' }),
    ...(config.web.operatorToken === undefined ? {} : { INDICIA_OPERATOR_TOKEN: config.web.operatorToken }),
    INDICIA_AUTHORITY_URL: serverUrl(config, config.authority.port),
    INDICIA_AUTHORITY_TOKEN: config.authority.vendorToken,
    INDICIA_WEB_HOST: config.host,
    INDICIA_WEB_PORT: String(config.web.port),
    INDICIA_DATABASE_URL: resolveDatabaseUrl(config, config.vendorDatabaseUrl),
    INDICIA_LICENSE_NUMBER: String(licenseNumber),
    INDICIA_INTERNAL_TOKEN: config.internalToken,
    INDICIA_DISPATCH_TIMEOUT_MS: String(config.web.dispatchTimeoutMs),
    INDICIA_HEALTH_INTERVAL_MS: String(config.web.healthIntervalMs),
  };
}

/** What the orchestrator learned from the authority before starting the processing servers. */
export interface AuthorityFacts {
  readonly url: string;
  readonly licenseNumber: number;
  /** File holding the authority's public key PEM, which verifies reset authorizations. */
  readonly publicKeyFile: string;
}

function cryptoEnv(config: SystemConfig, server: ProcessingServerConfig): Record<string, string> {
  const c = server.crypto;
  if (c.kind === 'software') {
    return {
      INDICIA_PROCESSING_CRYPTO: 'software',
      INDICIA_PROCESSING_KEY_STORE_DIR: dataPath(config, c.keyStoreDir),
      INDICIA_PROCESSING_MASTER_KEY_FILE: dataPath(config, c.masterKeyFile),
    };
  }
  return {
    INDICIA_PROCESSING_CRYPTO: 'pkcs11',
    INDICIA_PROCESSING_PKCS11_LIBRARY: c.libraryPath,
    INDICIA_PROCESSING_PKCS11_TOKEN_LABEL: c.tokenLabel,
    INDICIA_PROCESSING_PKCS11_PIN_FILE: dataPath(config, c.pinFile),
    SOFTHSM2_CONF: dataPath(config, 'softhsm/softhsm2.conf'),
  };
}

/** Environment of one processing server process (see src/processing/config-env.ts). */
export function processingEnv(config: SystemConfig, server: ProcessingServerConfig, authority: AuthorityFacts): Record<string, string> {
  return {
    INDICIA_PROCESSING_SERVER_ID: server.id,
    INDICIA_PROCESSING_HOST: config.host,
    INDICIA_PROCESSING_PORT: String(server.port),
    INDICIA_PROCESSING_DATABASE_URL: resolveDatabaseUrl(config, server.databaseUrl),
    INDICIA_INTERNAL_TOKEN: config.internalToken,
    INDICIA_LICENSE_NUMBER: String(authority.licenseNumber),
    INDICIA_SOFTWARE_ID: String(config.softwareId),
    INDICIA_AUTHORITY_URL: authority.url,
    INDICIA_AUTHORITY_TOKEN: config.authority.vendorToken,
    INDICIA_AUTHORITY_PUBLIC_KEY_FILE: authority.publicKeyFile,
    INDICIA_AUTO_RESET: String(config.ledger.autoReset),
    INDICIA_RESET_THRESHOLD_MILLS: config.ledger.resetThresholdMills,
    INDICIA_RESET_AMOUNT_MILLS: config.ledger.resetAmountMills,
    INDICIA_INSPECTION_PERIOD_DAYS: String(config.ledger.inspectionPeriodDays),
    INDICIA_PROCESSING_PSD_COUNT: String(server.psdCount),
    ...cryptoEnv(config, server),
  };
}
