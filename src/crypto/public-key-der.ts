// Builds SubjectPublicKeyInfo from the raw public key a PKCS#11 token reports in CKA_EC_POINT.
import { createPublicKey } from 'node:crypto';
import { AppError } from '../errors/app-error.js';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';

/** DER of the OID prime256v1 (1.2.840.10045.3.1.7): CKA_EC_PARAMS of a P-256 key. */
export const P256_EC_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');
/** DER of the OID id-Ed25519 (1.3.101.112): CKA_EC_PARAMS of an Ed25519 key. */
export const ED25519_EC_PARAMS = Buffer.from('06032b6570', 'hex');
/** DER PrintableString "edwards25519", the other CKA_EC_PARAMS PKCS#11 3.0 allows for Ed25519. */
export const ED25519_EC_PARAMS_NAME = Buffer.from('130c656477617264733235353139', 'hex');

// SPKI headers up to the BIT STRING's unused-bits byte; the raw public key follows.
const P256_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Length in bytes of the raw public key: uncompressed P-256 point (0x04 || X || Y) or Ed25519 point. */
export function rawPublicKeyLength(algorithm: SignatureAlgorithm): number {
  return algorithm === SignatureAlgorithm.EcdsaP256 ? 65 : 32;
}

/**
 * The raw public key inside CKA_EC_POINT. PKCS#11 wraps it in a DER OCTET STRING (04 len …); some
 * tokens return it bare, which the length tells apart.
 */
export function unwrapEcPoint(algorithm: SignatureAlgorithm, ecPoint: Uint8Array): Buffer {
  const want = rawPublicKeyLength(algorithm);
  const value = Buffer.from(ecPoint);
  if (value.length === want + 2 && value[0] === 0x04 && value[1] === want) return value.subarray(2);
  if (value.length === want) return value;
  throw new AppError('CRYPTO_MODULE_UNAVAILABLE', `The token returned a CKA_EC_POINT of ${value.length} bytes for a ${want}-byte public key`, {
    length: value.length,
  });
}

/** SPKI PEM of a raw public key (checked by node:crypto: a P-256 point must lie on the curve). */
export function spkiPemFromRawPublicKey(algorithm: SignatureAlgorithm, raw: Uint8Array): string {
  const prefix = algorithm === SignatureAlgorithm.EcdsaP256 ? P256_SPKI_PREFIX : ED25519_SPKI_PREFIX;
  const der = Buffer.concat([prefix, raw]);
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' }).export({ type: 'spki', format: 'pem' }).toString();
  } catch (cause) {
    throw new AppError('CRYPTO_MODULE_UNAVAILABLE', 'The token returned a public key that is not a valid point', { algorithm }, { cause });
  }
}

/** The algorithm of a token key from its CKA_EC_PARAMS, or undefined for curves indicia do not use. */
export function algorithmOfEcParams(ecParams: Uint8Array, edwards: boolean): SignatureAlgorithm | undefined {
  const params = Buffer.from(ecParams);
  if (!edwards) return params.equals(P256_EC_PARAMS) ? SignatureAlgorithm.EcdsaP256 : undefined;
  return params.equals(ED25519_EC_PARAMS) || params.equals(ED25519_EC_PARAMS_NAME) ? SignatureAlgorithm.Ed25519 : undefined;
}
