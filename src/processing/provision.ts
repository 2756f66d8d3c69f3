// Provisioning PSD resources (psd-ledger.md, "Life cycle"): the processing server's cryptographic
// module generates the key pair, the postal authority registers the public key (PSD id, certificate
// serial), and the ledger stores the PSD with AR = DR = CT = 0. `indicia init` / `indicia start` and
// the server's own start call these.
//
// Each step is safe to repeat: a crash after the key was made leaves a key nobody knows about, which
// ensurePsds() registers (the authority answers a known key with its first registration) and provisions.
import type { CryptoModule, KeyInfo } from '../crypto/crypto-module.js';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import { AppError, isAppError } from '../errors/app-error.js';
import type { PsdLedger } from '../ledger/psd-ledger.js';
import type { PsdRecord } from '../ledger/psd-store.js';
import type { PsdRegistrar, PsdRegistration } from './authority-port.js';

/** What provisioning works with. */
export interface ProvisionDeps {
  readonly crypto: CryptoModule;
  readonly ledger: Pick<PsdLedger, 'provisionPsd' | 'listPsds'>;
  readonly registrar: PsdRegistrar;
  /** The processing server the PSDs belong to (it names their keys). */
  readonly serverId: string;
  /** The vendor's license number; a registration under another is refused. */
  readonly licenseNumber: number;
}

/** A provisioned PSD: the ledger's record and the authority's certificate. */
export interface ProvisionedPsd {
  readonly psd: PsdRecord;
  readonly certificatePem: string;
}

/** Labels of this server's PSD keys: "<serverId>-psd-<time in ms>-<n>", so orphans can be told apart. */
export function psdKeyLabelPrefix(serverId: string): string {
  return `${serverId}-psd-`;
}

let labelCounter = 0;

/** Generates a key in the module, registers it with the authority and provisions it in the ledger. */
export async function provisionPsd(deps: ProvisionDeps, algorithm: SignatureAlgorithm = SignatureAlgorithm.EcdsaP256): Promise<ProvisionedPsd> {
  if (!deps.crypto.algorithms.includes(algorithm)) {
    throw new AppError('CRYPTO_ALGORITHM_UNSUPPORTED', `The ${deps.crypto.kind} module cannot make keys of algorithm ${algorithm}`, { algorithm });
  }
  labelCounter += 1;
  const key = await deps.crypto.generateKeyPair(algorithm, `${psdKeyLabelPrefix(deps.serverId)}${Date.now()}-${labelCounter}`);
  return registerAndProvision(deps, key);
}

/** Registers an existing key of the module with the authority and provisions its PSD in the ledger. */
export async function registerAndProvision(deps: ProvisionDeps, key: KeyInfo): Promise<ProvisionedPsd> {
  const registration = await deps.registrar.registerPsd(key.publicKeyPem, key.algorithm);
  checkRegistration(deps, key, registration);
  const psd = await deps.ledger.provisionPsd({ psdId: registration.psdId, keyId: key.keyId, certificateSerial: registration.certificateSerial });
  return { psd, certificatePem: registration.certificatePem };
}

/** What ensurePsds did. */
export interface EnsureReport {
  /** Keys left by an interrupted provisioning, now provisioned. */
  readonly resumed: readonly ProvisionedPsd[];
  /** PSDs made now to reach the count. */
  readonly created: readonly ProvisionedPsd[];
  /** Active PSDs of the server afterwards. */
  readonly active: number;
}

/**
 * Makes sure the server has at least `count` active PSDs: first finishes the provisioning of this
 * server's keys that the ledger does not know yet, then provisions new ones.
 */
export async function ensurePsds(deps: ProvisionDeps, count: number, algorithm: SignatureAlgorithm = SignatureAlgorithm.EcdsaP256): Promise<EnsureReport> {
  const psds = await deps.ledger.listPsds();
  const known = new Set(psds.map((p) => p.keyId));
  let active = psds.filter((p) => p.status === 'active').length;
  const resumed: ProvisionedPsd[] = [];
  const prefix = psdKeyLabelPrefix(deps.serverId);
  for (const key of await deps.crypto.listKeys()) {
    if (known.has(key.keyId) || !key.label.startsWith(prefix)) continue;
    try {
      resumed.push(await registerAndProvision(deps, key));
      active += 1;
    } catch (err) {
      // A key the authority knows as withdrawn never dispenses again; leave it be.
      if (!isAppError(err, 'PSD_WITHDRAWN') && !isAppError(err, 'PSD_REVOKED')) throw err;
    }
  }
  const created: ProvisionedPsd[] = [];
  while (active < count) {
    created.push(await provisionPsd(deps, algorithm));
    active += 1;
  }
  return { resumed, created, active };
}

function checkRegistration(deps: ProvisionDeps, key: KeyInfo, registration: PsdRegistration): void {
  if (registration.licenseNumber !== deps.licenseNumber) {
    throw new AppError(
      'CONFIG_INVALID',
      `The postal authority registered the key under license ${registration.licenseNumber}, but this server is configured with license ${deps.licenseNumber}`,
      { licenseNumber: deps.licenseNumber, authorityLicenseNumber: registration.licenseNumber },
    );
  }
  if (registration.algorithm !== key.algorithm) {
    throw new AppError('AUTHORITY_ANSWER_INVALID', `The authority registered key ${key.keyId} with algorithm ${registration.algorithm}, not ${key.algorithm}`);
  }
}
