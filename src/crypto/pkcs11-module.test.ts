import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import { isAppError } from '../errors/app-error.js';
import type { CryptoModule } from './crypto-module.js';
import { describeCryptoModuleContract, makeTestDir, rejectionCode, verifyWithPem, removeTestDirs } from './crypto-module.contract.js';
import { openPkcs11Module, type Pkcs11ModuleConfig } from './pkcs11-module.js';
import { createSoftHsmToken, softHsmMissingReason, type SoftHsmToken } from './softhsm-token.js';

afterAll(removeTestDirs);

const execFileAsync = promisify(execFile);
const missing = softHsmMissingReason();

/** Makes a token once, on first use. */
function lazyToken(prefix: string, label: string, disabledMechanisms: readonly string[] = []): () => Promise<SoftHsmToken> {
  let made: Promise<SoftHsmToken> | undefined;
  return () => (made ??= createSoftHsmToken({ dir: makeTestDir(prefix), label, pin: '24680', soPin: '13579', disabledMechanisms }));
}

/** The module config of a test token; softhsmConfPath makes SoftHSM2 read that token's folder. */
const moduleConfig = (token: SoftHsmToken, extra: Partial<Pkcs11ModuleConfig> = {}): Pkcs11ModuleConfig => ({
  libraryPath: token.libraryPath,
  tokenLabel: token.tokenLabel,
  pin: token.pin,
  softhsmConfPath: token.confPath,
  ...extra,
});

if (missing !== undefined && process.env.CI) {
  describe('PKCS#11 module', () => {
    it('needs SoftHSM2, which CI must install (apt-get install softhsm2)', () => {
      throw new Error(`SoftHSM2 is required when CI is set: ${missing}`);
    });
  });
} else if (missing !== undefined) {
  describe('PKCS#11 module', () => {
    it.skip(`skipped locally: ${missing} (apt-get install softhsm2 to run it)`, () => {});
  });
} else {
  // The suites run in order and each closes every module it opens, so SoftHSM2 is finalized between
  // them and re-reads SOFTHSM2_CONF: that is how the last suite gets a token without EdDSA.
  const fullToken = lazyToken('pkcs11-contract', 'contract');
  describeCryptoModuleContract({
    name: 'PKCS#11 module on SoftHSM2',
    open: async () => openPkcs11Module(moduleConfig(await fullToken())),
    expectedAlgorithms: [SignatureAlgorithm.EcdsaP256, SignatureAlgorithm.Ed25519],
  });

  describe('PKCS#11 module on SoftHSM2', () => {
    let token: SoftHsmToken;
    let module: CryptoModule;
    beforeAll(async () => {
      token = await fullToken();
      module = await openPkcs11Module(moduleConfig(token));
    });
    afterAll(async () => {
      await module?.close();
    });

    it('keeps private keys on the token, sensitive and never extractable, found by label from another process', async () => {
      const info = await module.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'psd-attr');
      const { stdout } = await execFileAsync(
        'pkcs11-tool',
        ['--module', token.libraryPath, '--token-label', token.tokenLabel, '--login', '--pin', token.pin, '--list-objects', '--id', info.keyId],
        { env: { ...process.env, SOFTHSM2_CONF: token.confPath } },
      );
      const blocks = stdout.split(/\n(?=\S)/).filter((block) => block.includes(`ID:         ${info.keyId}`));
      const privateBlock = blocks.find((block) => block.startsWith('Private Key Object'));
      expect(privateBlock).toBeDefined();
      expect(privateBlock).toMatch(/label:\s+psd-attr/);
      expect(privateBlock).toMatch(/Access:.*\bsensitive\b/);
      expect(privateBlock).toMatch(/never extractable/);
      expect(privateBlock).not.toMatch(/Access:.*(?<!never )extractable,/);
      expect(privateBlock).toMatch(/Usage:\s+sign\s*$/m);
      expect(blocks.some((block) => block.startsWith('Public Key Object; EC'))).toBe(true);
    });

    it('says what failed when the PIN is wrong, the token is absent or the library cannot be loaded', async () => {
      const wrongPin = await openPkcs11Module(moduleConfig(token, { pin: '99999' })).catch((err: unknown) => err);
      expect(isAppError(wrongPin, 'CRYPTO_MODULE_UNAVAILABLE') && wrongPin.message).toMatch(/C_Login.*CKR_PIN_INCORRECT/);
      const absent = await openPkcs11Module(moduleConfig(token, { tokenLabel: 'no-such-token' })).catch((err: unknown) => err);
      expect(isAppError(absent, 'CRYPTO_MODULE_UNAVAILABLE') && absent.message).toMatch(/No token labelled "no-such-token".*"contract"/);
      const noLibrary = await openPkcs11Module(moduleConfig(token, { libraryPath: '/nonexistent/libpkcs11.so' })).catch((err: unknown) => err);
      expect(isAppError(noLibrary, 'CRYPTO_MODULE_UNAVAILABLE') && noLibrary.message).toMatch(/No PKCS#11 library at \/nonexistent/);
      const notALibrary = await openPkcs11Module(moduleConfig(token, { libraryPath: token.confPath })).catch((err: unknown) => err);
      expect(isAppError(notALibrary, 'CRYPTO_MODULE_UNAVAILABLE') && notALibrary.message).toMatch(/loading .*softhsm2\.conf failed/);
    });

    it('refuses a second SoftHSM2 configuration while the library is initialized under another', async () => {
      const other = await createSoftHsmToken({ dir: makeTestDir('pkcs11-other-conf'), label: 'other', pin: '1234', soPin: '5678' });
      const clash = await openPkcs11Module(moduleConfig(other)).catch((err: unknown) => err);
      expect(isAppError(clash, 'CRYPTO_MODULE_UNAVAILABLE') && clash.message).toMatch(/already initialized in this process with SOFTHSM2_CONF=.*close its other modules first/);
      const missingConf = await openPkcs11Module(moduleConfig(token, { softhsmConfPath: '/nonexistent/softhsm2.conf' })).catch((err: unknown) => err);
      expect(isAppError(missingConf, 'CRYPTO_MODULE_UNAVAILABLE') && missingConf.message).toMatch(/\/nonexistent\/softhsm2\.conf/);
    });

    it('rejects an invalid configuration with CONFIG_INVALID', async () => {
      for (const extra of [{ tokenLabel: '' }, { tokenLabel: 'x'.repeat(33) }, { pin: '' }, { sessionCount: 0 }, { sessionCount: 1.5 }]) {
        expect(await rejectionCode(openPkcs11Module(moduleConfig(token, extra))), JSON.stringify(extra)).toBe('CONFIG_INVALID');
      }
    });

    it('queues signatures beyond its sessions: 40 signs on one session all verify', async () => {
      const single = await openPkcs11Module(moduleConfig(token, { sessionCount: 1 }));
      try {
        const key = await single.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'psd-queue');
        const data = Array.from({ length: 40 }, (_, i) => Buffer.from(`queued ${i}`));
        const signatures = await Promise.all(data.map((d) => single.sign(key.keyId, d)));
        data.forEach((d, i) => expect(verifyWithPem(key.algorithm, key.publicKeyPem, d, signatures[i]!)).toBe(true));
      } finally {
        await single.close();
      }
    });

    it('shares the token between two modules of one process, and the second is found by the first', async () => {
      const second = await openPkcs11Module(moduleConfig(token));
      try {
        const key = await second.generateKeyPair(SignatureAlgorithm.Ed25519, 'psd-shared');
        expect(await module.getKey(key.keyId)).toEqual(key);
      } finally {
        await second.close();
      }
      const data = Buffer.from('after the other module closed');
      const [key] = await module.listKeys();
      expect(verifyWithPem(key!.algorithm, key!.publicKeyPem, data, await module.sign(key!.keyId, data))).toBe(true);
    });
  });

  const edlessToken = lazyToken('pkcs11-no-eddsa', 'no-eddsa', ['CKM_EC_EDWARDS_KEY_PAIR_GEN', 'CKM_EDDSA']);
  describeCryptoModuleContract({
    name: 'PKCS#11 module on a SoftHSM2 token without EdDSA',
    open: async () => openPkcs11Module(moduleConfig(await edlessToken())),
    expectedAlgorithms: [SignatureAlgorithm.EcdsaP256],
  });
}
