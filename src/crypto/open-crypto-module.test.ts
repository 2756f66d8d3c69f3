import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import { makeTestDir, rejectionCode, verifyWithPem, removeTestDirs } from './crypto-module.contract.js';
import { openCryptoModule, type CryptoModuleConfig } from './open-crypto-module.js';
import { createSoftHsmToken, softHsmMissingReason } from './softhsm-token.js';

afterAll(removeTestDirs);

describe('openCryptoModule', () => {
  it('opens the software module from its config', async () => {
    const module = await openCryptoModule({ kind: 'software', keyStoreDir: makeTestDir('factory'), masterKey: randomBytes(32).toString('hex') });
    try {
      expect(module.kind).toBe('software');
      const key = await module.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'psd-1');
      expect(verifyWithPem(key.algorithm, key.publicKeyPem, Buffer.from('x'), await module.sign(key.keyId, Buffer.from('x')))).toBe(true);
    } finally {
      await module.close();
    }
  });

  it.skipIf(softHsmMissingReason() !== undefined && !process.env.CI)('opens the PKCS#11 module from its config', async () => {
    const token = await createSoftHsmToken({ dir: makeTestDir('factory-p11'), label: 'factory', pin: '1234', soPin: '5678' });
    const module = await openCryptoModule({ kind: 'pkcs11', libraryPath: token.libraryPath, tokenLabel: token.tokenLabel, pin: token.pin });
    try {
      expect(module.kind).toBe('pkcs11');
      expect(module.algorithms).toContain(SignatureAlgorithm.EcdsaP256);
    } finally {
      await module.close();
    }
  });

  it('refuses an unknown kind with CONFIG_INVALID', async () => {
    const config = { kind: 'tpm' } as unknown as CryptoModuleConfig;
    expect(await rejectionCode(openCryptoModule(config))).toBe('CONFIG_INVALID');
  });
});
