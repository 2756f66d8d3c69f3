import { AppError } from '../errors/app-error.js';

/** Length in bytes of the master key that encrypts the software module's private keys (AES-256). */
export const MASTER_KEY_LENGTH = 32;

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
// Standard or URL-safe base64 of 32 bytes: 43 characters plus one optional '=' of padding.
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Parses the configured master key: 64 hex digits or the base64 (standard or URL-safe) of 32 bytes.
 * Surrounding whitespace is ignored; anything else throws CRYPTO_MASTER_KEY_INVALID.
 */
export function parseMasterKey(text: string | Uint8Array | undefined): Buffer {
  if (text instanceof Uint8Array) {
    if (text.length !== MASTER_KEY_LENGTH) {
      throw new AppError('CRYPTO_MASTER_KEY_INVALID', `The master key is ${text.length} bytes, not ${MASTER_KEY_LENGTH}`);
    }
    return Buffer.from(text);
  }
  const trimmed = (text ?? '').trim();
  if (trimmed === '') throw new AppError('CRYPTO_MASTER_KEY_INVALID', 'The master key is missing');
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (BASE64_KEY.test(trimmed)) {
    const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === MASTER_KEY_LENGTH) return bytes;
  }
  // The key itself is never echoed, only its length, so that it does not end up in logs.
  throw new AppError(
    'CRYPTO_MASTER_KEY_INVALID',
    `The master key (${trimmed.length} characters) is neither 64 hex digits nor the base64 of 32 bytes`,
    { length: trimmed.length },
  );
}
