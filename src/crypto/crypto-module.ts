import type { SignatureAlgorithm } from '../core/signature-algorithm.js';

/** A key pair held inside a cryptographic module; the private half never leaves it. */
export interface KeyInfo {
  /** The module's stable identifier of the key pair (used by PSD records). */
  readonly keyId: string;
  readonly algorithm: SignatureAlgorithm;
  /** A human label, e.g. "psd-3". */
  readonly label: string;
  /** SubjectPublicKeyInfo PEM of the public key. */
  readonly publicKeyPem: string;
}

/**
 * A cryptographic module of a processing server: the software module (node:crypto, keys encrypted at
 * rest) or a PKCS#11 token (SoftHSM2 or a real HSM). Both pass one contract test.
 */
export interface CryptoModule {
  /** "software" or "pkcs11", for logs and the operator. */
  readonly kind: string;
  /** The algorithms this module can create keys for. */
  readonly algorithms: readonly SignatureAlgorithm[];
  /** Creates a key pair inside the module and returns its public description. */
  generateKeyPair(algorithm: SignatureAlgorithm, label: string): Promise<KeyInfo>;
  /**
   * Signs `data` (the 53 signed bytes of an indicium, or any message) and returns the 64-byte signature
   * of spec §3: ECDSA P-256 over SHA-256(data) as r||s, or pure Ed25519.
   */
  sign(keyId: string, data: Uint8Array): Promise<Buffer>;
  /** The public description of one key; throws CRYPTO_KEY_NOT_FOUND when absent. */
  getKey(keyId: string): Promise<KeyInfo>;
  /** Every key the module holds. */
  listKeys(): Promise<readonly KeyInfo[]>;
  /** Releases sessions and handles. */
  close(): Promise<void>;
}
