import { AppError } from '../errors/app-error.js';
import type { CryptoModule } from './crypto-module.js';
import { openPkcs11Module, type Pkcs11ModuleConfig } from './pkcs11-module.js';
import { openSoftwareModule, type SoftwareModuleConfig } from './software-module.js';

/** Which cryptographic module a processing server uses, and how to reach it. */
export type CryptoModuleConfig =
  | ({ readonly kind: 'software' } & SoftwareModuleConfig)
  | ({ readonly kind: 'pkcs11' } & Pkcs11ModuleConfig);

/** Opens the module `config` describes: the software key store or a PKCS#11 token. */
export function openCryptoModule(config: CryptoModuleConfig): Promise<CryptoModule> {
  switch (config.kind) {
    case 'software':
      return openSoftwareModule(config);
    case 'pkcs11':
      return openPkcs11Module(config);
    default: {
      // Reached only by configuration that bypassed the type, e.g. parsed JSON.
      const kind = (config as { kind?: unknown }).kind;
      return Promise.reject(new AppError('CONFIG_INVALID', `Unknown crypto module kind ${JSON.stringify(kind)}: use "software" or "pkcs11"`, { kind }));
    }
  }
}
