// The signing bound: ECDSA P-256 signatures per second with node:crypto, the key object built once, on
// one core (the calling thread). Every indicium needs one, so no processing server signs faster.
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { measureSyncRate } from '../measure.js';

/** The signed part of an indicium is 53 bytes (spec §2); its content does not change the cost. */
const SIGNED_BYTES = randomBytes(53);

/** A function that makes one raw ECDSA P-256 signature (IEEE P1363, as the indicium carries it) with a key made once. */
export function rawEcdsaP256Signer(): () => Buffer {
  const key: KeyObject = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  return () => sign('sha256', SIGNED_BYTES, { key, dsaEncoding: 'ieee-p1363' });
}

/** Raw ECDSA P-256 signatures per second on this thread over `durationMs`. */
export function measureSignatureRate(durationMs: number, signer: () => unknown = rawEcdsaP256Signer()): number {
  return measureSyncRate(signer, durationMs);
}
