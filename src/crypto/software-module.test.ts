import { createPrivateKey, randomBytes, sign as signNode } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import { describeCryptoModuleContract, makeTestDir, rejectionCode, verifyWithPem, removeTestDirs } from './crypto-module.contract.js';
import { openPrivateKey } from './key-encryption.js';
import { keyFilePath, readStoredKey } from './key-store.js';
import { openSoftwareModule } from './software-module.js';

afterAll(removeTestDirs);

const contractDir = makeTestDir('software-contract');
const contractMasterKey = randomBytes(32).toString('hex');

describeCryptoModuleContract({
  name: 'software module',
  open: () => openSoftwareModule({ keyStoreDir: contractDir, masterKey: contractMasterKey }),
  expectedAlgorithms: [SignatureAlgorithm.EcdsaP256, SignatureAlgorithm.Ed25519],
});

/** A fresh key store with one key of each algorithm. */
async function storeWithKeys(masterKey: string) {
  const dir = join(makeTestDir('software'), 'keys'); // absent: the module creates it
  const module = await openSoftwareModule({ keyStoreDir: dir, masterKey });
  const p256 = await module.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'psd-1');
  const ed = await module.generateKeyPair(SignatureAlgorithm.Ed25519, 'psd-2');
  await module.close();
  return { dir, keys: [p256, ed] };
}

describe('software module key store', () => {
  it('never writes a private key in the clear: no PEM, DER, base64, hex or raw scalar of it in any file', async () => {
    const masterKey = randomBytes(32).toString('base64');
    const { dir, keys } = await storeWithKeys(masterKey);
    const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)));
    expect(files.length).toBe(2);
    for (const key of keys) {
      const stored = await readStoredKey(dir, key.keyId);
      const der = openPrivateKey(Buffer.from(masterKey, 'base64'), stored!, stored!.sealed);
      const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const scalar = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
      const pemBody = pem.split('\n')[1]!; // first base64 line of the PEM
      const forbidden = [der, scalar, Buffer.from(pemBody), Buffer.from(der.toString('base64')), Buffer.from(der.toString('hex')), Buffer.from(scalar.toString('hex'))];
      for (const file of files) {
        for (const secret of forbidden) expect(file.includes(secret)).toBe(false);
      }
      // The decrypted key is the one whose public half the module exported.
      expect(verifyWithPem(key.algorithm, key.publicKeyPem, Buffer.from('m'), signWith(privateKey, key.algorithm))).toBe(true);
    }
  });

  it('refuses to open under a wrong master key with CRYPTO_KEY_DECRYPT_FAILED', async () => {
    const { dir } = await storeWithKeys(randomBytes(32).toString('hex'));
    const wrong = randomBytes(32).toString('hex');
    expect(await rejectionCode(openSoftwareModule({ keyStoreDir: dir, masterKey: wrong }))).toBe('CRYPTO_KEY_DECRYPT_FAILED');
  });

  it('detects a key file altered in its ciphertext, label, algorithm or id', async () => {
    const masterKey = randomBytes(32).toString('hex');
    const { dir, keys } = await storeWithKeys(masterKey);
    const path = keyFilePath(dir, keys[0]!.keyId);
    const original = readFileSync(path, 'utf8');
    const json = JSON.parse(original) as Record<string, unknown>;
    const ciphertext = Buffer.from(json.ciphertext as string, 'base64');
    ciphertext[5] = (ciphertext[5] ?? 0) ^ 1;
    const alterations: Record<string, unknown>[] = [
      { ciphertext: ciphertext.toString('base64') },
      { label: 'psd-99' },
      { algorithm: 2 },
      { publicKeyPem: keys[1]!.publicKeyPem },
      { keyId: keys[1]!.keyId },
    ];
    for (const change of alterations) {
      writeFileSync(path, JSON.stringify({ ...json, ...change }));
      expect(await rejectionCode(openSoftwareModule({ keyStoreDir: dir, masterKey })), JSON.stringify(Object.keys(change))).toBe('CRYPTO_KEY_DECRYPT_FAILED');
    }
    writeFileSync(path, 'not json');
    expect(await rejectionCode(openSoftwareModule({ keyStoreDir: dir, masterKey }))).toBe('CRYPTO_KEY_DECRYPT_FAILED');
    writeFileSync(path, original);
    const module = await openSoftwareModule({ keyStoreDir: dir, masterKey });
    expect((await module.listKeys()).map((k) => k.keyId).sort()).toEqual(keys.map((k) => k.keyId).sort());
    await module.close();
  });

  it('writes each key atomically into a private file and leaves no temporary file behind', async () => {
    const { dir, keys } = await storeWithKeys(randomBytes(32).toString('hex'));
    expect(readdirSync(dir).sort()).toEqual(keys.map((k) => `${k.keyId}.key.json`).sort());
    expect(statSync(keyFilePath(dir, keys[0]!.keyId)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('ignores stray files, and finds keys another process stored after it opened', async () => {
    const masterKey = randomBytes(32).toString('hex');
    const { dir, keys } = await storeWithKeys(masterKey);
    writeFileSync(join(dir, `.${keys[0]!.keyId}.abc.tmp`), 'half-written');
    writeFileSync(join(dir, 'README'), 'not a key');
    const reader = await openSoftwareModule({ keyStoreDir: dir, masterKey });
    const writer = await openSoftwareModule({ keyStoreDir: dir, masterKey });
    const late = await writer.generateKeyPair(SignatureAlgorithm.EcdsaP256, 'psd-late');
    expect(await reader.getKey(late.keyId)).toEqual(late);
    expect((await reader.listKeys()).length).toBe(3);
    await Promise.all([reader.close(), writer.close()]);
  });

  it('rejects a master key that is not 32 bytes with CRYPTO_MASTER_KEY_INVALID', async () => {
    const keyStoreDir = makeTestDir('software-bad-master');
    for (const masterKey of ['', 'abcd', randomBytes(31).toString('hex'), randomBytes(16).toString('base64')]) {
      expect(await rejectionCode(openSoftwareModule({ keyStoreDir, masterKey }))).toBe('CRYPTO_MASTER_KEY_INVALID');
    }
  });
});

/** Signs 'm' with a decrypted private key, outside the module. */
function signWith(privateKey: ReturnType<typeof createPrivateKey>, algorithm: SignatureAlgorithm): Buffer {
  return algorithm === SignatureAlgorithm.EcdsaP256
    ? signNode('sha256', Buffer.from('m'), { key: privateKey, dsaEncoding: 'ieee-p1363' })
    : signNode(null, Buffer.from('m'), privateKey);
}
