import type { ProcessingServerConfig, SystemConfig } from './system-config.js';

/** Choices `indicia init` offers; everything else gets a working default. */
export interface InitChoices {
  readonly dataDir: string;
  readonly host: string;
  /** The web server listens here; the authority on basePort+1, processing server n on basePort+10+n. */
  readonly basePort: number;
  readonly processingServers: number;
  readonly psdsPerServer: number;
  readonly crypto: 'software' | 'pkcs11';
  /** A PostgreSQL URL to use for every database instead of SQLite files (each process its own schema). */
  readonly postgresUrl?: string;
}

/** Defaults of `indicia init`. */
export const DEFAULT_INIT: Omit<InitChoices, 'dataDir'> = {
  host: '127.0.0.1',
  basePort: 4400,
  processingServers: 3,
  psdsPerServer: 4,
  crypto: 'software',
};

function databaseUrl(choices: InitChoices, name: string, sqliteFile: string): string {
  if (!choices.postgresUrl) return `sqlite:${sqliteFile}`;
  const url = new URL(choices.postgresUrl);
  url.searchParams.set('schema', `indicia_${name.replace(/-/g, '_')}`);
  return url.toString();
}

/**
 * The configuration of a new installation. Pure: secrets come in as arguments (`secret(n)` returns n
 * random bytes as hex) so tests can pin them.
 */
export function defaultSystemConfig(choices: InitChoices, secret: (bytes: number) => string): Omit<SystemConfig, 'dataDir'> {
  const processing: ProcessingServerConfig[] = Array.from({ length: choices.processingServers }, (_, i) => {
    const id = `processing-${i + 1}`;
    return {
      id,
      port: choices.basePort + 11 + i,
      databaseUrl: databaseUrl(choices, id, `${id}/ledger.db`),
      psdCount: choices.psdsPerServer,
      crypto:
        choices.crypto === 'software'
          ? { kind: 'software', keyStoreDir: `${id}/keys`, masterKeyFile: 'master.key' }
          : { kind: 'pkcs11', libraryPath: '/usr/lib/softhsm/libsofthsm2.so', tokenLabel: `indicia-${id}`, pinFile: `${id}/token.pin` },
    };
  });
  return {
    host: choices.host,
    softwareId: 1,
    internalToken: secret(32),
    vendorDatabaseUrl: databaseUrl(choices, 'vendor', 'vendor.db'),
    authority: {
      port: choices.basePort + 1,
      databaseUrl: databaseUrl(choices, 'authority', 'authority/authority.db'),
      vendorToken: secret(32),
      operatorToken: secret(32),
      // US$100,000 of postage value on deposit, so the demo can reset PSDs.
      initialDepositMills: '100000000',
    },
    web: { port: choices.basePort, dispatchTimeoutMs: 10_000, healthIntervalMs: 1_000, operatorToken: secret(32) },
    // The test mode of a card gateway, on loopback: the embedded system takes cards without a real gateway.
    payment: { kind: 'simulator', port: choices.basePort + 2, secretKey: secret(24) },
    ledger: {
      autoReset: true,
      // Reset a PSD when it falls under $100, by $1,000 at a time.
      resetThresholdMills: '100000',
      resetAmountMills: '1000000',
      inspectionPeriodDays: 90,
    },
    processing,
  };
}
