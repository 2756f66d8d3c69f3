import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import { isAppError } from '../errors/app-error.js';
import { loadIndiciumVectors } from '../testing/shared-spec.js';
import { ED25519_EC_PARAMS, ED25519_EC_PARAMS_NAME, P256_EC_PARAMS, algorithmOfEcParams, spkiPemFromRawPublicKey, unwrapEcPoint } from './public-key-der.js';

/** The raw public key node:crypto holds for a PEM: the uncompressed P-256 point or the 32 Ed25519 bytes. */
function rawOf(pem: string, algorithm: SignatureAlgorithm): Buffer {
  const jwk = createPublicKey(pem).export({ format: 'jwk' });
  if (algorithm === SignatureAlgorithm.Ed25519) return Buffer.from(jwk.x!, 'base64url');
  return Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
}

describe('SPKI from CKA_EC_POINT', () => {
  const { testKeys } = loadIndiciumVectors();
  const cases = [
    { algorithm: SignatureAlgorithm.EcdsaP256, pem: testKeys.p256PublicPem },
    { algorithm: SignatureAlgorithm.Ed25519, pem: testKeys.ed25519PublicPem },
  ] as const;

  for (const { algorithm, pem } of cases) {
    it(`rebuilds the shared vectors' algorithm-${algorithm} public key PEM from its point, wrapped in an OCTET STRING or bare`, () => {
      const raw = rawOf(pem, algorithm);
      const wrapped = Buffer.concat([Buffer.from([0x04, raw.length]), raw]);
      expect(unwrapEcPoint(algorithm, wrapped).equals(raw)).toBe(true);
      expect(unwrapEcPoint(algorithm, raw).equals(raw)).toBe(true);
      expect(spkiPemFromRawPublicKey(algorithm, unwrapEcPoint(algorithm, wrapped))).toBe(pem);
    });
  }

  it('matches node:crypto for freshly generated keys', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(spkiPemFromRawPublicKey(SignatureAlgorithm.EcdsaP256, rawOf(p256, SignatureAlgorithm.EcdsaP256))).toBe(p256);
  });

  it('refuses a point of the wrong length or off the curve', () => {
    const offCurve = Buffer.alloc(65, 1);
    offCurve[0] = 4;
    for (const bad of [() => unwrapEcPoint(SignatureAlgorithm.EcdsaP256, Buffer.alloc(40)), () => spkiPemFromRawPublicKey(SignatureAlgorithm.EcdsaP256, offCurve)]) {
      let caught: unknown;
      try {
        bad();
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught, 'CRYPTO_MODULE_UNAVAILABLE')).toBe(true);
    }
  });

  it('recognizes P-256 and Ed25519 from CKA_EC_PARAMS and nothing else', () => {
    expect(algorithmOfEcParams(P256_EC_PARAMS, false)).toBe(SignatureAlgorithm.EcdsaP256);
    expect(algorithmOfEcParams(ED25519_EC_PARAMS, true)).toBe(SignatureAlgorithm.Ed25519);
    expect(algorithmOfEcParams(ED25519_EC_PARAMS_NAME, true)).toBe(SignatureAlgorithm.Ed25519);
    expect(algorithmOfEcParams(Buffer.from('06052b81040022', 'hex'), false)).toBeUndefined(); // P-384
    expect(algorithmOfEcParams(P256_EC_PARAMS, true)).toBeUndefined();
  });
});
