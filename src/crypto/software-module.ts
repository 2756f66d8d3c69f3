import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../errors/app-error.js';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import type { CryptoModule, KeyInfo } from './crypto-module.js';
import { openPrivateKey, sealPrivateKey } from './key-encryption.js';
import { ensureKeyStoreDir, listStoredKeyIds, readStoredKey, writeStoredKey, type StoredKey } from './key-store.js';
import { parseMasterKey } from './master-key.js';
import { byLabelThenId, checkAlgorithmSupported, checkKeyLabel, keyNotFound, moduleClosed } from './module-checks.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/** Configuration of the software module. */
export interface SoftwareModuleConfig {
  /** Folder holding one encrypted file per key; created (mode 0700) when absent. */
  readonly keyStoreDir: string;
  /** 32 bytes as 64 hex digits or base64 (or the bytes themselves). */
  readonly masterKey: string | Uint8Array;
}

/** A key pair ready to sign: the KeyObject is built once, when the key is loaded. */
interface LoadedKey {
  readonly info: KeyInfo;
  readonly privateKey: KeyObject;
}

const SOFTWARE_ALGORITHMS: readonly SignatureAlgorithm[] = [SignatureAlgorithm.EcdsaP256, SignatureAlgorithm.Ed25519];

/**
 * Opens the software module on a key-store folder and decrypts every key in it, so that a wrong master
 * key fails here (CRYPTO_KEY_DECRYPT_FAILED) rather than at the first stamp.
 */
export async function openSoftwareModule(config: SoftwareModuleConfig): Promise<CryptoModule> {
  const masterKey = parseMasterKey(config.masterKey);
  await ensureKeyStoreDir(config.keyStoreDir);
  const module = new SoftwareCryptoModule(config.keyStoreDir, masterKey);
  await module.listKeys();
  return module;
}

/** node:crypto keys, private halves sealed at rest under the master key. */
class SoftwareCryptoModule implements CryptoModule {
  readonly kind = 'software';
  readonly algorithms = SOFTWARE_ALGORITHMS;
  private readonly keys = new Map<string, LoadedKey>();
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly masterKey: Buffer,
  ) {}

  async generateKeyPair(algorithm: SignatureAlgorithm, label: string): Promise<KeyInfo> {
    this.checkOpen();
    checkAlgorithmSupported(this.kind, this.algorithms, algorithm);
    checkKeyLabel(label);
    const { privateKey, publicKey } =
      algorithm === SignatureAlgorithm.EcdsaP256
        ? await generateKeyPairAsync('ec', { namedCurve: 'P-256' })
        : await generateKeyPairAsync('ed25519');
    const info: KeyInfo = {
      keyId: randomBytes(16).toString('hex'),
      algorithm,
      label,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
    const der = privateKey.export({ type: 'pkcs8', format: 'der' });
    const sealed = sealPrivateKey(this.masterKey, info, der);
    der.fill(0);
    await writeStoredKey(this.dir, { ...info, createdAt: new Date().toISOString(), sealed });
    this.keys.set(info.keyId, { info, privateKey });
    return info;
  }

  async sign(keyId: string, data: Uint8Array): Promise<Buffer> {
    const key = this.keys.get(keyId) ?? (await this.load(keyId));
    if (key.info.algorithm === SignatureAlgorithm.EcdsaP256) {
      return sign('sha256', data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    }
    return sign(null, data, key.privateKey);
  }

  async getKey(keyId: string): Promise<KeyInfo> {
    return (this.keys.get(keyId) ?? (await this.load(keyId))).info;
  }

  async listKeys(): Promise<readonly KeyInfo[]> {
    this.checkOpen();
    // Rescanning picks up keys another process (e.g. the CLI) stored since this module opened.
    for (const keyId of await listStoredKeyIds(this.dir)) {
      if (!this.keys.has(keyId)) await this.load(keyId);
    }
    return [...this.keys.values()].map((k) => k.info).sort(byLabelThenId);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.keys.clear();
  }

  private checkOpen(): void {
    if (this.closed) throw moduleClosed(this.kind);
  }

  /** Reads, decrypts and caches one key; a key stored by another process after open is found here. */
  private async load(keyId: string): Promise<LoadedKey> {
    this.checkOpen();
    const stored = await readStoredKey(this.dir, keyId);
    if (stored === undefined) throw keyNotFound(this.kind, keyId);
    const loaded = unsealKey(this.masterKey, stored);
    this.keys.set(keyId, loaded);
    return loaded;
  }
}

/** Decrypts a stored key and checks that its private half is of the stored algorithm and matches the stored public key. */
function unsealKey(masterKey: Buffer, stored: StoredKey): LoadedKey {
  const der = openPrivateKey(masterKey, stored, stored.sealed);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new AppError('CRYPTO_KEY_DECRYPT_FAILED', `Key ${stored.keyId} decrypted to bytes that are not a private key`, { keyId: stored.keyId }, { cause });
  } finally {
    der.fill(0);
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  if (!isOfAlgorithm(privateKey, stored.algorithm) || publicKeyPem !== stored.publicKeyPem) {
    throw new AppError('CRYPTO_KEY_DECRYPT_FAILED', `Key ${stored.keyId} does not match its stored algorithm and public key`, { keyId: stored.keyId });
  }
  const { keyId, algorithm, label } = stored;
  return { info: { keyId, algorithm, label, publicKeyPem }, privateKey };
}

function isOfAlgorithm(key: KeyObject, algorithm: SignatureAlgorithm): boolean {
  if (algorithm === SignatureAlgorithm.Ed25519) return key.asymmetricKeyType === 'ed25519';
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}
