import { createPublicKey, type KeyObject } from 'node:crypto';
import { SignatureAlgorithm } from '../core/signature-algorithm.js';
import { AppError } from '../errors/app-error.js';

/** A PSD public key checked against its declared algorithm, in the forms the authority stores and signs. */
export interface PsdPublicKey {
  readonly algorithm: SignatureAlgorithm;
  readonly key: KeyObject;
  /** SubjectPublicKeyInfo PEM, re-encoded so that the same key always has the same text. */
  readonly pem: string;
  /** SubjectPublicKeyInfo DER, what the certificate carries. */
  readonly spkiDer: Buffer;
}

/**
 * Parses a SubjectPublicKeyInfo PEM and checks it is a P-256 key for algorithm 1 or an Ed25519 key for
 * algorithm 2 (indicium v1 §3). Throws PSD_KEY_INVALID otherwise; private keys are refused too.
 */
export function parsePsdPublicKey(pem: string, algorithm: number): PsdPublicKey {
  if (!pem.includes('-----BEGIN PUBLIC KEY-----')) {
    throw new AppError('PSD_KEY_INVALID', 'The key is not a PEM "PUBLIC KEY" (SubjectPublicKeyInfo)');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new AppError('PSD_KEY_INVALID', 'The PEM text does not hold a readable public key', undefined, { cause: err });
  }
  const isP256 = key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  const isEd25519 = key.asymmetricKeyType === 'ed25519';
  if (algorithm === SignatureAlgorithm.EcdsaP256 && !isP256) {
    throw new AppError('PSD_KEY_INVALID', `Algorithm 1 needs a P-256 key, got ${describeKey(key)}`);
  }
  if (algorithm === SignatureAlgorithm.Ed25519 && !isEd25519) {
    throw new AppError('PSD_KEY_INVALID', `Algorithm 2 needs an Ed25519 key, got ${describeKey(key)}`);
  }
  if (algorithm !== SignatureAlgorithm.EcdsaP256 && algorithm !== SignatureAlgorithm.Ed25519) {
    throw new AppError('PSD_KEY_INVALID', `Algorithm ${algorithm} is not 1 (ECDSA P-256) or 2 (Ed25519)`);
  }
  return {
    algorithm,
    key,
    pem: key.export({ type: 'spki', format: 'pem' }).toString(),
    spkiDer: key.export({ type: 'spki', format: 'der' }),
  };
}

function describeKey(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === undefined ? `a ${key.asymmetricKeyType ?? 'unknown'} key` : `an ${key.asymmetricKeyType ?? ''} key on ${curve}`;
}
