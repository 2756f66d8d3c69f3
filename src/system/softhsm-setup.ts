import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createSoftHsmToken, softHsmTokenLabels } from '../crypto/softhsm-token.js';
import { dataPath, type SystemConfig } from './system-config.js';

/** Folder of the installation's SoftHSM2 configuration and tokens. */
export const SOFTHSM_DIR = 'softhsm';

/**
 * Makes a SoftHSM2 token for every processing server configured with the PKCS#11 module, in the data
 * folder, with a random user PIN kept in the server's pin file (0600) and a random SO PIN that is not
 * kept (this installation never administers the token). Tokens that exist already are left alone.
 */
export async function prepareSoftHsmTokens(config: SystemConfig, log: (line: string) => void): Promise<void> {
  const dir = dataPath(config, SOFTHSM_DIR);
  for (const server of config.processing) {
    if (server.crypto.kind !== 'pkcs11') continue;
    const confPath = dataPath(config, `${SOFTHSM_DIR}/softhsm2.conf`);
    if (existsSync(confPath) && (await softHsmTokenLabels(confPath)).includes(server.crypto.tokenLabel)) continue;
    const pin = randomBytes(12).toString('hex');
    await createSoftHsmToken({ dir, label: server.crypto.tokenLabel, pin, soPin: randomBytes(12).toString('hex') });
    writeFileSync(dataPath(config, server.crypto.pinFile), `${pin}\n`, { mode: 0o600 });
    log(`${server.id}: SoftHSM2 token ${server.crypto.tokenLabel} made in ${dir}`);
  }
}
