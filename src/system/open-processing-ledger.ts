import { readFileSync } from 'node:fs';
import type { CryptoModule } from '../crypto/crypto-module.js';
import { openCryptoModule, type CryptoModuleConfig } from '../crypto/open-crypto-module.js';
import { openDatabase } from '../db/open-database.js';
import { PsdLedger } from '../ledger/psd-ledger.js';
import { LEDGER_MIGRATIONS } from '../ledger/migrations.js';
import { resolveDatabaseUrl } from './process-env.js';
import { dataPath, type ProcessingServerConfig, type SystemConfig } from './system-config.js';

/** A processing server's ledger opened by an operator tool, with what must be closed afterwards. */
export interface OpenedLedger {
  readonly ledger: PsdLedger;
  readonly crypto: CryptoModule;
  close(): Promise<void>;
}

/** The crypto module configuration of a processing server, with its secrets read from their files. */
export function cryptoConfigOf(config: SystemConfig, server: ProcessingServerConfig): CryptoModuleConfig {
  const c = server.crypto;
  if (c.kind === 'software') {
    return { kind: 'software', keyStoreDir: dataPath(config, c.keyStoreDir), masterKey: readFileSync(dataPath(config, c.masterKeyFile), 'utf8').trim() };
  }
  return {
    kind: 'pkcs11',
    libraryPath: c.libraryPath,
    tokenLabel: c.tokenLabel,
    pin: readFileSync(dataPath(config, c.pinFile), 'utf8').trim(),
    softhsmConfPath: dataPath(config, 'softhsm/softhsm2.conf'),
  };
}

/**
 * Opens one processing server's database and keys directly (not through its HTTP API), so that the
 * audit works also when the server is down. It neither dispenses nor resets: no authorizer is given.
 */
export async function openProcessingLedger(config: SystemConfig, server: ProcessingServerConfig, licenseNumber: number): Promise<OpenedLedger> {
  const db = await openDatabase(resolveDatabaseUrl(config, server.databaseUrl));
  try {
    await db.migrate(LEDGER_MIGRATIONS);
    const crypto = await openCryptoModule(cryptoConfigOf(config, server));
    const ledger = new PsdLedger({ db, crypto, serverId: server.id, licenseNumber });
    return { ledger, crypto, close: async () => { await crypto.close(); await db.close(); } };
  } catch (err) {
    await db.close();
    throw err;
  }
}
