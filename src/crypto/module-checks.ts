// Argument checks shared by every CryptoModule implementation, so both reject the same inputs the same way.
import { AppError } from '../errors/app-error.js';
import type { SignatureAlgorithm } from '../core/signature-algorithm.js';
import type { KeyInfo } from './crypto-module.js';

/** Longest key label accepted, in characters (PKCS#11 tokens show labels in fixed-width tables). */
export const MAX_KEY_LABEL_LENGTH = 64;

/** Throws INVALID_ARGUMENT unless `label` is 1 to 64 characters without control characters. */
export function checkKeyLabel(label: string): void {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (typeof label !== 'string' || label.length === 0 || label.length > MAX_KEY_LABEL_LENGTH || /[\u0000-\u001f\u007f]/.test(label)) {
    throw new AppError('INVALID_ARGUMENT', `A key label must be 1 to ${MAX_KEY_LABEL_LENGTH} printable characters`, { label });
  }
}

/** Throws CRYPTO_ALGORITHM_UNSUPPORTED unless `algorithm` is one of the module's `algorithms`. */
export function checkAlgorithmSupported(kind: string, algorithms: readonly SignatureAlgorithm[], algorithm: number): void {
  if (!(algorithms as readonly number[]).includes(algorithm)) {
    throw new AppError(
      'CRYPTO_ALGORITHM_UNSUPPORTED',
      `The ${kind} module supports algorithm ${algorithms.join(' and ')}, not ${String(algorithm)}`,
      { algorithm, supported: [...algorithms] },
    );
  }
}

/** The CRYPTO_KEY_NOT_FOUND error for `keyId`. */
export function keyNotFound(kind: string, keyId: string): AppError {
  return new AppError('CRYPTO_KEY_NOT_FOUND', `The ${kind} module holds no key with id ${JSON.stringify(keyId)}`, { keyId });
}

/** The CRYPTO_MODULE_UNAVAILABLE error for a call made after close(). */
export function moduleClosed(kind: string): AppError {
  return new AppError('CRYPTO_MODULE_UNAVAILABLE', `The ${kind} module was closed`, { kind });
}

/** Orders keys by label, then id, so that every module lists its keys in the same stable order. */
export function byLabelThenId(a: KeyInfo, b: KeyInfo): number {
  if (a.label !== b.label) return a.label < b.label ? -1 : 1;
  return a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0;
}
