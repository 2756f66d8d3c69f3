// The signing bound: ECDSA P-256 signatures per second with node:crypto, the key object built once, on
// one core (the calling thread). Every indicium needs one, so no processing server signs faster.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { measureSyncRate } from '../measure.js';

/** Length of the signed part of an indicium (spec §2); its content does not change the cost. */
const SIGNED_LENGTH = 53;

/**
 * A function that makes one raw ECDSA P-256 signature (IEEE P1363, the 64-byte form an indicium carries)
 * of `message` with `privateKey` (a new key when left out), the key object built once.
 */
export function rawEcdsaP256Signer(
  privateKey: KeyObject = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  message: Buffer = randomBytes(SIGNED_LENGTH),
): () => Buffer {
  return () => sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
}

/** Raw ECDSA P-256 signatures per second on this thread over `durationMs`. */
export function measureSignatureRate(durationMs: number, signer: () => unknown = rawEcdsaP256Signer()): number {
  return measureSyncRate(signer, durationMs);
}
