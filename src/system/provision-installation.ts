import { AuthorityClient } from '../processing/authority-client.js';
import { ensurePsds } from '../processing/provision.js';
import { openProcessingLedger } from './open-processing-ledger.js';
import { startAuthority } from './start-system.js';
import { Supervisor } from './supervisor.js';
import { dataPath, type SystemConfig } from './system-config.js';

/** What provisioning gave each processing server. */
export interface ProvisionedServer {
  readonly serverId: string;
  readonly psdIds: readonly number[];
}

/**
 * Registers a new installation with the postal authority: starts the authority for the time it takes,
 * gets the vendor's single license number, and for every processing server generates its PSD keys in
 * its cryptographic module, has the authority certify them, and stores the PSDs in the server's ledger.
 * Idempotent: a second run finds the license and the PSDs already there.
 */
export async function provisionInstallation(config: SystemConfig, log: (line: string) => void): Promise<{ licenseNumber: number; servers: ProvisionedServer[] }> {
  const supervisor = new Supervisor(dataPath(config, 'run/init-pids.json'), log);
  try {
    const facts = await startAuthority(config, supervisor, log);
    const servers: ProvisionedServer[] = [];
    for (const server of config.processing) {
      const opened = await openProcessingLedger(config, server, facts.licenseNumber);
      try {
        const registrar = await AuthorityClient.connect({ baseUrl: facts.url, token: config.authority.vendorToken, timeoutMs: 10_000 });
        await ensurePsds({ crypto: opened.crypto, ledger: opened.ledger, registrar, serverId: server.id, licenseNumber: facts.licenseNumber }, server.psdCount);
        const psdIds = (await opened.ledger.listPsds()).filter((p) => p.status === 'active').map((p) => p.psdId);
        servers.push({ serverId: server.id, psdIds });
        log(`${server.id}: PSDs ${psdIds.join(', ')} certified by the authority`);
      } finally {
        await opened.close();
      }
    }
    return { licenseNumber: facts.licenseNumber, servers };
  } finally {
    await supervisor.stopAll();
  }
}
