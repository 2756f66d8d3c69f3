import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import type { SignatureAlgorithm } from '../core/signature-algorithm.js';
import { MASTER_KEY_LENGTH } from './master-key.js';

/** Length in bytes of the AES-GCM nonce (the 96 bits GCM is designed for). */
export const KEY_IV_LENGTH = 12;
/** Length in bytes of the AES-GCM authentication tag. */
export const KEY_TAG_LENGTH = 16;

/** The public facts a sealed private key is bound to: changing any of them makes decryption fail. */
export interface KeyBinding {
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  readonly label: string;
  readonly publicKeyPem: string;
}

/** A private key encrypted with AES-256-GCM under the master key. */
export interface SealedKey {
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

/**
 * Associated data of the cipher. A JSON array is unambiguous whatever the label holds, so a key file
 * cannot be renamed to another key id, relabelled or given another algorithm or public key unnoticed.
 */
function associatedData(binding: KeyBinding): Buffer {
  const { keyId, algorithm, label, publicKeyPem } = binding;
  return Buffer.from(JSON.stringify(['indicia-software-key-v1', keyId, algorithm, label, publicKeyPem]), 'utf8');
}

function checkMasterKey(masterKey: Uint8Array): void {
  // parseMasterKey guarantees this; checked again because a short key would make createCipheriv throw a bare Error.
  if (masterKey.length !== MASTER_KEY_LENGTH) {
    throw new AppError('CRYPTO_MASTER_KEY_INVALID', `The master key is ${masterKey.length} bytes, not ${MASTER_KEY_LENGTH}`);
  }
}

/** Encrypts a PKCS#8 DER private key under the master key, bound to `binding`; `iv` is random unless given (tests). */
export function sealPrivateKey(
  masterKey: Uint8Array,
  binding: KeyBinding,
  pkcs8Der: Uint8Array,
  iv: Uint8Array = randomBytes(KEY_IV_LENGTH),
): SealedKey {
  checkMasterKey(masterKey);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv, { authTagLength: KEY_TAG_LENGTH });
  cipher.setAAD(associatedData(binding));
  const ciphertext = Buffer.concat([cipher.update(pkcs8Der), cipher.final()]);
  return { iv: Buffer.from(iv), tag: cipher.getAuthTag(), ciphertext };
}

/**
 * Decrypts a sealed private key and returns its PKCS#8 DER. A wrong master key, an altered file or a
 * binding that differs from the one it was sealed with throws CRYPTO_KEY_DECRYPT_FAILED.
 */
export function openPrivateKey(masterKey: Uint8Array, binding: KeyBinding, sealed: SealedKey): Buffer {
  checkMasterKey(masterKey);
  if (sealed.iv.length !== KEY_IV_LENGTH || sealed.tag.length !== KEY_TAG_LENGTH) {
    throw new AppError('CRYPTO_KEY_DECRYPT_FAILED', `Key ${binding.keyId} has a malformed nonce or tag`, { keyId: binding.keyId });
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, sealed.iv, { authTagLength: KEY_TAG_LENGTH });
    decipher.setAAD(associatedData(binding));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch (cause) {
    throw new AppError(
      'CRYPTO_KEY_DECRYPT_FAILED',
      `Key ${binding.keyId} did not authenticate under the configured master key`,
      { keyId: binding.keyId },
      { cause },
    );
  }
}
