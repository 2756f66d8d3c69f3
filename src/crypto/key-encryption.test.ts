import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { openPrivateKey, sealPrivateKey, type KeyBinding } from './key-encryption.js';

const binding: KeyBinding = { keyId: 'ab'.repeat(16), algorithm: 1, label: 'psd-3', publicKeyPem: '-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return undefined;
}

describe('private key sealing (AES-256-GCM)', () => {
  it('round-trips, and the ciphertext is not the plaintext', () => {
    const masterKey = randomBytes(32);
    const secret = randomBytes(138);
    const sealed = sealPrivateKey(masterKey, binding, secret);
    expect(sealed.iv.length).toBe(12);
    expect(sealed.tag.length).toBe(16);
    expect(sealed.ciphertext.equals(secret)).toBe(false);
    expect(openPrivateKey(masterKey, binding, sealed).equals(secret)).toBe(true);
  });

  it('uses a fresh nonce each time, so sealing the same key twice differs', () => {
    const masterKey = randomBytes(32);
    const secret = randomBytes(40);
    expect(sealPrivateKey(masterKey, binding, secret).ciphertext.equals(sealPrivateKey(masterKey, binding, secret).ciphertext)).toBe(false);
  });

  it('fails with CRYPTO_KEY_DECRYPT_FAILED under another master key or another binding', () => {
    const masterKey = randomBytes(32);
    const sealed = sealPrivateKey(masterKey, binding, randomBytes(40));
    expect(codeOf(() => openPrivateKey(randomBytes(32), binding, sealed))).toBe('CRYPTO_KEY_DECRYPT_FAILED');
    for (const change of [{ keyId: 'cd'.repeat(16) }, { algorithm: 2 as const }, { label: 'psd-4' }, { publicKeyPem: 'other' }]) {
      expect(codeOf(() => openPrivateKey(masterKey, { ...binding, ...change }, sealed))).toBe('CRYPTO_KEY_DECRYPT_FAILED');
    }
    expect(codeOf(() => openPrivateKey(masterKey, binding, { ...sealed, tag: sealed.tag.subarray(0, 8) }))).toBe('CRYPTO_KEY_DECRYPT_FAILED');
  });

  it('refuses a master key that is not 32 bytes', () => {
    expect(codeOf(() => sealPrivateKey(randomBytes(16), binding, randomBytes(8)))).toBe('CRYPTO_MASTER_KEY_INVALID');
  });
});
